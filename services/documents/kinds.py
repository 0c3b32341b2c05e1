"""The kinds and formats of documents as clients see them: each described by the words the renderer keeps for it
(rendering.py's ``KIND_VI``, ``KIND_EN``), so that a new kind is described without a line here, and made GraphQL's
once (graphql/document_enums.py)."""

from __future__ import annotations

from isotrail.domain.described import describe_members
from isotrail.domain.documents.document import DocumentKind
from isotrail.services.documents.rendering import KIND_EN, KIND_VI, DocumentFormat

__all__ = ["DocumentFormat", "DocumentKind"]

describe_members(DocumentKind, {kind: f"{KIND_VI[kind]} ({KIND_EN[kind]})." for kind in DocumentKind})
describe_members(DocumentFormat, {
    DocumentFormat.DOCX: "Word (DOCX): to edit, as offices work.",
    DocumentFormat.PDF: "PDF: to sign and archive.",
    DocumentFormat.XLSX: "Excel (XLSX): a table to filter.",
})
