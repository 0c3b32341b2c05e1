"""A province's own document templates (mẫu văn bản của tỉnh) as the read models hold them: the latest version of
each kind and format, without its file. ``uploadDocumentTemplate`` (generated from its command) replaces one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from isotrail.domain.document_template import template_version
from isotrail.graphql.document_enums import DocumentFormatEnum, DocumentKindEnum
from isotrail.graphql.permissions import allowed
from isotrail.services.permissions import Action


@strawberry.type(description=(
    "Mẫu văn bản của tỉnh (a province's own template) of one document in one format, as last uploaded; documents "
    "printed in that format say its templateVersion."))
class DocumentTemplate:
    kind: DocumentKindEnum = strawberry.field(description="Which document.")  # type: ignore[valid-type]
    format: DocumentFormatEnum = strawberry.field(description="Its format.")  # type: ignore[valid-type]
    number: int = strawberry.field(description="Its version in the province: 1 for the first upload, then 2, …")
    template_version: str = strawberry.field(description='What documents made from it say: "tenant-<number>-<digest>".')
    filename: str = strawberry.field(description="The file's name as uploaded.")
    sha256: str = strawberry.field(description="The file's sha256.")
    byte_size: int = strawberry.field(description="The file's size in bytes.")
    uploaded_on: date = strawberry.field(description="The business date the province adopted it.")
    uploaded_at: datetime = strawberry.field(description="When it was uploaded (recorded time).")
    uploaded_by: str = strawberry.field(description="Who uploaded it (the token's subject).")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocumentTemplate:
        return cls(kind=DocumentKindEnum(row["kind"]), format=DocumentFormatEnum(row["format"]),  # type: ignore[misc]
                   template_version=template_version(row["number"], row["sha256"]),
                   **{name: row[name] for name in ("number", "filename", "sha256", "byte_size", "uploaded_on",
                                                   "uploaded_at", "uploaded_by")})


@strawberry.type
class DocumentTemplateQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Mẫu văn bản của tỉnh (the province's own templates), by document and format; a document and format not "
        "listed is printed from the repo's template."))
    async def document_templates(self, info: Info) -> list[DocumentTemplate]:
        return [DocumentTemplate.from_row(row) for row in await info.context.reader.document_templates()]


async def template_of(info: Info, kind: str, fmt: str) -> DocumentTemplate | None:
    """The province's template of ``kind`` as ``fmt`` as the read models show it; None: none."""
    row = await info.context.reader.document_template(kind, fmt)
    return DocumentTemplate.from_row(row) if row is not None else None
