"""Opening generated documents with each format's own library, for the document tests: a DOCX's text (body and
table cells), a PDF's text, the check that every character a PDF prints has a glyph in the shipped fonts and that
its pages render with ink, and the NFC check."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
from docx import Document as WordDocument
from fontTools.ttLib import TTFont

from isotrail.services.documents.pdf import FONTS

SHIPPED_FACES = {b"LiberationSerif", b"LiberationSerif-Bold", b"LiberationSerif-Italic", b"LiberationSerif-BoldItalic"}


def nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def docx_lines(content: bytes) -> list[str]:
    """Every paragraph of a DOCX, those in table cells (nested ones too) included, in document order."""
    word = WordDocument(io.BytesIO(content))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        lines += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return lines


def pdf_text(content: bytes) -> str:
    """The PDF's text, its line breaks (where a line or a table cell wrapped) read as spaces."""
    pdf = pdfium.PdfDocument(content)
    return " ".join(" ".join(page.get_textpage().get_text_range() for page in pdf).split())


def assert_real_glyphs(content: bytes) -> set[str]:
    """Every character the PDF prints has a glyph in every shipped face (Typst has no other font to fall back
    on), the PDF embeds the shipped faces only, and its first and last pages render with ink; returns the
    characters printed."""
    text = pdf_text(content)
    printed = {char for char in text if not char.isspace() and unicodedata.category(char)[0] != "C"}
    for face in sorted(Path(FONTS).glob("*.ttf")):
        cmap = TTFont(face).getBestCmap()
        assert not [char for char in printed if ord(char) not in cmap], face.name
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z-]+)", content))
    assert fonts and fonts <= SHIPPED_FACES
    pdf = pdfium.PdfDocument(content)
    for page, least in ((pdf[0], 2000), (pdf[len(pdf) - 1], 300)):  # the last may hold the signature alone
        bitmap = page.render(scale=1, grayscale=True)
        assert sum(1 for byte in bytes(bitmap.buffer) if byte < 128) > least  # ink on the page: text was drawn
    return printed
