"""The documents' rows as the API reads them: the files issued of some records, the latest first
(``rm_documents_issued``; never the file, only what identifies it), and a province's own template of one kind in
one format (``rm_document_templates``, its file as base64)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg

from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import ISSUES, TEMPLATES
from isotrail.projections.batches import batch_sql, rows_under
from isotrail.projections.driver import Connection

ISSUED_COLUMNS = tuple(name for name in ISSUES.column_names if name != "correlation_id")


class DocumentReads(NamedTuple):
    issued: str  # the files issued of the records $1, the latest first
    template: str  # the template of kind $1 as format $2
    templates: str  # every template, without its file


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> DocumentReads:
    issues, templates = ISSUES.qualified(storage.schema), TEMPLATES.qualified(storage.schema)
    listed = ", ".join(name for name in TEMPLATES.column_names if name != "content")
    return DocumentReads(
        batch_sql(issues, ISSUED_COLUMNS, "object_id", "issued_at DESC, issue_id"),
        f"SELECT {', '.join(TEMPLATES.column_names)} FROM {templates} WHERE kind = $1 AND format = $2",
        f"SELECT {listed} FROM {templates} ORDER BY kind, format")


async def issued_by_object(conn: Connection, storage: Tenant, ids: Sequence[UUID]) -> dict[UUID, list[dict[str, Any]]]:
    """Each record's files issued, the latest first."""
    return await rows_under(conn, _reads(storage).issued, ids, "object_id")


async def tenant_template(conn: Connection, storage: Tenant, kind: str, fmt: str) -> dict[str, Any] | None:
    """The province's own template of ``kind`` as ``fmt`` (its file as base64 in ``content``), or None."""
    try:
        row = await conn.fetchrow(_reads(storage).template, kind, fmt)
    except asyncpg.UndefinedTableError:  # read models not made yet
        return None
    return dict(row) if row is not None else None


async def tenant_templates(conn: Connection, storage: Tenant) -> list[dict[str, Any]]:
    """Every template the province uploaded (the latest version of each), without their files."""
    try:
        return [dict(row) for row in await conn.fetch(_reads(storage).templates)]
    except asyncpg.UndefinedTableError:
        return []
