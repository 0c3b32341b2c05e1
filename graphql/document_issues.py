"""Văn bản đã lập (the documents issued of a record): one row per file handed out, the latest first — which
document, format, date asked as of, template version and digests, who printed it in which role and when. The
file itself is never kept: the same facts and template give it again."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry

from isotrail.graphql.document_enums import DocumentFormatEnum, DocumentKindEnum
from isotrail.graphql.enums import Role

ISSUES_LISTED = 50  # a record's files issued, as a list's length is costed (graphql/cost.py)


@strawberry.type(description=(
    "Văn bản đã lập (a document issued): one file handed out, by whom and when, from which template. Recorded by "
    "every document field and by `isotrail report`."))
class DocumentIssue:
    issue_id: UUID = strawberry.field(description="The issue's id (a download link names it).")
    kind: DocumentKindEnum = strawberry.field(description="Which document.")  # type: ignore[valid-type]
    format: DocumentFormatEnum = strawberry.field(description="Its format.")  # type: ignore[valid-type]
    object_id: UUID = strawberry.field(description="The record it was printed for (its uuid).")
    unit_id: UUID | None = strawberry.field(description="The unit that record belongs to; null: the whole province's.")
    as_of: date = strawberry.field(description="The date it was asked as of.")
    template_version: str = strawberry.field(description="The template set that made it.")
    content_digest: str = strawberry.field(description="The sha256 of the facts it printed.")
    sha256: str = strawberry.field(description="The sha256 of the file.")
    filename: str = strawberry.field(description="The file's name.")
    byte_size: int = strawberry.field(description="The file's size in bytes.")
    issued_at: datetime = strawberry.field(description="When it was handed out (recorded time).")
    actor_id: str = strawberry.field(description="Who printed it (the token's subject; `cli` for isotrail report).")
    role: Role = strawberry.field(description="In which role.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocumentIssue:
        return cls(**{name: row[name] for name in (
            "issue_id", "object_id", "unit_id", "as_of", "template_version", "content_digest", "sha256", "filename",
            "byte_size", "issued_at", "actor_id")}, kind=DocumentKindEnum(row["kind"]),  # type: ignore[misc]
            format=DocumentFormatEnum(row["format"]), role=Role(row["role"]))  # type: ignore[misc]
