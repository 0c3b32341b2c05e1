"""The default DOCX template, van_ban.docx, made by code so that its frame is reviewed as text: an A4 page with
Decree 30/2020's margins (top and bottom 20 mm, left 30 mm, right 15 mm), Times New Roman 14 pt justified with
the first line indented, page numbers centred in the top margin from page 2 on, and three Jinja tags that include
the shared partials (templates/docx: the frame above, the body's blocks, the frame below). A province replaces
the file with its own (its letterhead, styles); the partials keep the decree's frame in one place.

Run ``python -m isotrail.services.documents.default_templates`` after changing it; a test checks that the file in
the repo is the one this makes."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

TEMPLATE = Path(__file__).parent / "templates" / "van_ban.docx"
FONT = "Times New Roman"  # Word's; the PDFs use its metric twin, Liberation Serif (fonts/)


def make_template() -> bytes:
    """van_ban.docx's bytes (python-docx stamps no time of its own into them)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Cm(1)
    normal.paragraph_format.space_before, normal.paragraph_format.space_after = Pt(0), Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    body.text = '{%p include "frame_top.xml" %}'
    document.add_paragraph('{%p include "blocks.xml" %}')
    document.add_paragraph('{%p include "frame_bottom.xml" %}')
    document.core_properties.author = "isotrail"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_number(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


if __name__ == "__main__":
    TEMPLATE.write_bytes(make_template())
    print(f"wrote {TEMPLATE}")
