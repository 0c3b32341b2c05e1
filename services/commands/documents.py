"""Commands on a province's documents: a tenant admin replaces the repo's template of one document in one format
with the province's own (its letterhead, signers' titles, numbering) — a Word file for DOCX, Typst source for PDF;
and their handler. The file is accepted only
once it renders the kind's sample (services/documents/templates.py); a refused one records nothing, so the
template in use stays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from isotrail.domain.described import described
from isotrail.domain.document_template import DocumentTemplate
from isotrail.services.commands.base import Change, Command
from isotrail.services.documents.kinds import DocumentFormat, DocumentKind
from isotrail.services.documents.templates import MAX_TEMPLATE_BYTES, accept


@dataclass(frozen=True, kw_only=True)
class UploadDocumentTemplate(Command):
    """Replace the template of one document in one format with the province's own (a new version)."""

    document_kind: DocumentKind = described("Which document the template prints.")
    format: DocumentFormat = described(  # the document's format, as the renderer names it
        "Its format: DOCX (a Word file with Jinja tags) or PDF (Typst source); XLSX is laid out by code "
        "(TEMPLATE_FORMAT_UNSUPPORTED), as is a format the document is not printed in.")
    filename: str = described("The file's name as uploaded (\"mau-ke-hoach.docx\", \"mau-ke-hoach.typ\"); 1–200 "
                              "characters.")
    content_base64: str = described(
        f"The file, base64 (RFC 4648, no line breaks), at most {MAX_TEMPLATE_BYTES // 1024} KB before encoding: for "
        "DOCX a copy of the repo's van_ban.docx with the province's letterhead, keeping its Jinja tags; for PDF a "
        "copy of the repo's van_ban.typ (UTF-8), which may import charts.typ or van_ban.typ and read nothing outside "
        "the repo's templates folder nor fetch any package. Checked before it is accepted (TEMPLATE_REJECTED with "
        "the template engine's own message — Jinja's or Typst's; the template in use then stays).")
    occurred_on: date = described("The business date the province adopted it.")
    expected_version: int | None = None


def _upload(template: DocumentTemplate, command: UploadDocumentTemplate) -> None:
    accepted = accept(command.document_kind, command.format, command.content_base64)
    template.upload(filename=command.filename, sha256=accepted.sha256, byte_size=accepted.byte_size,
                    content=command.content_base64, occurred_on=command.occurred_on)


def template_id(command: UploadDocumentTemplate) -> object:
    return DocumentTemplate.create_id(command.document_kind.value, command.format.value)


HANDLERS = {
    UploadDocumentTemplate: Change(DocumentTemplate, template_id, _upload, start=lambda c: DocumentTemplate.start(
        kind=c.document_kind.value, format=c.format.value, occurred_on=c.occurred_on)),
}
