"""The unit register as the API lists it: units with their current audit state (``rm_unit_state``),
filtered, searched and ordered in SQL, paged with cursors (pages.py), or read by id, many at once
(batches.py)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from uuid import UUID

from isotrail.domain.collation import search_key
from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.projections.batches import batch_sql, rows_by_key
from isotrail.projections.driver import Connection
from isotrail.projections.json_pages import JsonPage, JsonValue, json_page
from isotrail.projections.orderings import UNIT_ORDERINGS, ordering
from isotrail.projections.pages import Page, Query


@lru_cache(maxsize=4096)
def _unit_state(storage: Tenant) -> str:
    return quoted(storage.schema, "rm_unit_state")


@lru_cache(maxsize=4096)
def _by_id(storage: Tenant, columns: tuple[str, ...]) -> str:
    return batch_sql(_unit_state(storage), dict.fromkeys(("unit_id", *columns)), "unit_id")


async def units(conn: Connection, storage: Tenant, *, search: str | None = None, kinds: Sequence[str] | None = None,
                overdue: bool | None = None, active: bool | None = None, order_by: str = "name",
                descending: bool = False, first: int | None = None, after: str | None = None,
                last: int | None = None, before: str | None = None,
                unit_id: UUID | None = None, columns: Sequence[str] | None = None,
                json: Sequence[JsonValue] | None = None) -> Page | JsonPage:
    """Units with their current audit state (``columns`` of it, else all), of any of ``kinds``; ``search``
    ignores case and Vietnamese diacritics; with ``json``, the rows written as JSON by PostgreSQL
    (json_pages.py)."""
    query = Query(_unit_state(storage), columns)
    if unit_id:
        query.where("unit_id = {}", unit_id)
    if search:
        query.where("name_search LIKE {}", _like_pattern(search_key(search)))
    if kinds:
        query.where("kind = ANY({}::text[])", list(kinds))
    if overdue is not None:
        query.where("overdue = {}", overdue)
    if active is not None:
        query.where("(dissolved_on IS NULL) = {}", active)
    by = ordering(UNIT_ORDERINGS, order_by, descending)
    if json is not None:
        return await json_page(query, conn, by, json, first, after, last, before)
    return await query.page(conn, by, first, after, last, before)


async def units_by_id(conn: Connection, storage: Tenant, ids: Sequence[UUID],
                      columns: Sequence[str]) -> dict[UUID, dict[str, Any]]:
    """The units of ``ids`` found, with their current audit state (``columns`` of it), in one statement."""
    return await rows_by_key(conn, _by_id(storage, tuple(columns)), ids, "unit_id")


def _like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
