"""One call renders any document in any of its formats: the DOCX, PDF and XLSX renderers behind it, the kinds each
format serves, and what a rendered file says of itself — its template version and digests, the seams for storing
per-tenant templates and recording each generation later."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, time
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from isotrail.domain.documents.document import Document, DocumentKind
from isotrail.domain.documents.errors import DocumentFormatError
from isotrail.services.documents.docx import render_docx
from isotrail.services.documents.glyphs import unprintable
from isotrail.services.documents.pdf import TEMPLATES, render_pdf, render_tenant_pdf
from isotrail.services.documents.template_errors import UnprintableCharactersError
from isotrail.services.documents.xlsx import render_xlsx
from isotrail.services.documents.zips import reproducible

MISSING_SHOWN = 10  # characters named in an UnprintableCharactersError


class DocumentFormat(StrEnum):
    """The file a document is printed as: DOCX to edit, PDF to sign and archive, XLSX for a table."""

    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"


MEDIA_TYPES = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_PAPER = (DocumentFormat.DOCX, DocumentFormat.PDF)
FORMATS = {
    DocumentKind.INSPECTION_PLAN: _PAPER,
    DocumentKind.FINDINGS_REGISTER: (DocumentFormat.XLSX,),
    DocumentKind.INSPECTION_DECISION: _PAPER,
    DocumentKind.INSPECTION_MINUTES: _PAPER,
    DocumentKind.FINDINGS_LETTER: _PAPER,
    DocumentKind.NON_ACCEPTANCE_NOTICE: _PAPER,
    DocumentKind.RESULTS_REPORT: _PAPER,
    DocumentKind.MINISTRY_REPORT: (*_PAPER, DocumentFormat.XLSX),
    DocumentKind.NATIONAL_REPORT: (DocumentFormat.XLSX,),
}
KIND_VI = {DocumentKind.INSPECTION_PLAN: "Kế hoạch kiểm tra (Mẫu 19)",
           DocumentKind.FINDINGS_REGISTER: "Sổ theo dõi điểm không phù hợp",
           DocumentKind.INSPECTION_DECISION: "Quyết định kiểm tra (Mẫu 20)",
           DocumentKind.INSPECTION_MINUTES: "Biên bản kiểm tra (Mẫu 21)",
           DocumentKind.FINDINGS_LETTER: "Văn bản yêu cầu khắc phục",
           DocumentKind.NON_ACCEPTANCE_NOTICE: "Thông báo chưa chấp nhận hành động khắc phục",
           DocumentKind.RESULTS_REPORT: "Báo cáo kết quả kiểm tra",
           DocumentKind.MINISTRY_REPORT: "Báo cáo theo Phụ lục II",
           DocumentKind.NATIONAL_REPORT: "Tổng hợp Phụ lục II các tỉnh"}
KIND_EN = {DocumentKind.INSPECTION_PLAN: "inspection plan (Mẫu 19)",
           DocumentKind.FINDINGS_REGISTER: "findings register",
           DocumentKind.INSPECTION_DECISION: "inspection decision (Mẫu 20)",
           DocumentKind.INSPECTION_MINUTES: "inspection minutes (Mẫu 21)",
           DocumentKind.FINDINGS_LETTER: "letter requiring corrective action",
           DocumentKind.NON_ACCEPTANCE_NOTICE: "notice of non-acceptance",
           DocumentKind.RESULTS_REPORT: "report of the inspection results",
           DocumentKind.MINISTRY_REPORT: "Phụ lục II report",
           DocumentKind.NATIONAL_REPORT: "national Phụ lục II workbook"}


@dataclass(frozen=True)
class RenderedDocument:
    """A document as a file, with what a record of its generation keeps: ``template_version`` names the template
    set that made it, ``content_digest`` the facts it prints (:func:`content_digest`), ``sha256`` the file."""

    kind: DocumentKind
    format: DocumentFormat
    filename: str
    template_version: str
    content_digest: str
    sha256: str
    content: bytes

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


@cache
def default_template_version() -> str:
    """"default-<12 hex>": the digest of the repo's template set (every file under templates/), so a changed
    template is a new version without anyone remembering to bump a number."""
    digest = hashlib.sha256()
    for path in sorted(p for p in TEMPLATES.rglob("*") if p.is_file()):
        digest.update(path.relative_to(TEMPLATES).as_posix().encode() + b"\0" + path.read_bytes())
    return f"default-{digest.hexdigest()[:12]}"


def content_digest(document: Document) -> str:
    """sha256 of what the document says (not of a file): the same facts give the same digest in every format."""
    text = json.dumps(document.data(), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class TenantTemplate:
    """A province's own template of a document in one format (services/documents/templates.py accepted it):
    its file (a DOCX, or a PDF's Typst source) and its version ("tenant-3-1a2b3c4d5e6f")."""

    content: bytes
    version: str


def render(document: Document, fmt: DocumentFormat, template: TenantTemplate | None = None) -> RenderedDocument:
    """``document`` as a ``fmt`` file from the default templates, or from the province's ``template`` (a Word file
    rendered in Jinja's sandbox, or Typst source confined to templates/); raises :class:`DocumentFormatError` for
    a format the kind is not printed in, :class:`UnprintableCharactersError` for a PDF its fonts cannot draw."""
    if fmt not in FORMATS[document.kind]:
        raise DocumentFormatError(document_vi=KIND_VI[document.kind], document_en=KIND_EN[document.kind],
                                  format=fmt.value.upper(), formats=", ".join(f.value.upper()
                                                                              for f in FORMATS[document.kind]))
    data = document.data()
    if fmt is DocumentFormat.PDF:
        printable_only(document, data)
    stamped = datetime.combine(document.as_of, time(), tzinfo=UTC)
    if fmt is DocumentFormat.PDF and template is not None:
        content = render_tenant_pdf(template.content, data, stamped=stamped)
    elif fmt is DocumentFormat.PDF:
        content = render_pdf("van_ban", data, stamped=stamped)
    elif fmt is DocumentFormat.DOCX and template is not None:
        content = render_docx(template.content, data, sandboxed=True)
    elif fmt is DocumentFormat.DOCX:
        content = render_docx(Path(TEMPLATES / "van_ban.docx"), data)
    else:
        content = render_xlsx(data, stamped=stamped.replace(tzinfo=None))
    if fmt is not DocumentFormat.PDF:  # a zip: dated by the document, so the same facts give the same file
        content = reproducible(content, stamped)
    return rendered_file(document, fmt, content, template.version if template is not None else
                         default_template_version())


def printable_only(document: Document, data: dict[str, Any] | None = None) -> None:
    """Raise :class:`UnprintableCharactersError` if ``document`` (its ``data``) holds characters no font of its PDF
    can draw."""
    missing = unprintable(document.data() if data is None else data)
    if missing:
        shown = ", ".join(f"'{char}' U+{ord(char):04X}" for char in missing[:MISSING_SHOWN])
        raise UnprintableCharactersError(document_vi=KIND_VI[document.kind], document_en=KIND_EN[document.kind],
                                         characters=shown + (", …" if len(missing) > MISSING_SHOWN else ""))


def rendered_file(document: Document, fmt: DocumentFormat, content: bytes, version: str) -> RenderedDocument:
    """``content``, the ``fmt`` file of ``document`` that template ``version`` made, with its names and digests."""
    return RenderedDocument(document.kind, fmt, f"{document.stem}.{fmt.value}", version,
                            content_digest(document), hashlib.sha256(content).hexdigest(), content)
