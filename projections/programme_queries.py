"""Programmes as the API lists them (``rm_programmes``), and the figures each one's yearly report gives
(``rm_programme_summary``, ``rm_clause_weaknesses``), read for several programmes at once (DataLoaders)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection
from isotrail.projections.orderings import Ordering, ordering
from isotrail.projections.pages import Page, Query

PROGRAMME_ORDERINGS = {
    "year": Ordering("year", "int", "programme_id", descending=True),
    "plan_date": Ordering("plan_date", "date", "programme_id", descending=True),
}


class ProgrammeReads(NamedTuple):
    programmes: str  # the table, for paged reads
    summaries: str  # the summaries of the programmes $1
    weaknesses: str  # the clause weaknesses of the programmes $1, the most widespread first


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> ProgrammeReads:
    summary, weaknesses = quoted(storage.schema, "rm_programme_summary"), quoted(storage.schema, "rm_clause_weaknesses")
    return ProgrammeReads(
        programmes=quoted(storage.schema, "rm_programmes"),
        summaries=f"SELECT * FROM {summary} WHERE programme_id = ANY($1::uuid[])",
        weaknesses=f"SELECT * FROM {weaknesses} WHERE programme_id = ANY($1::uuid[]) ORDER BY units DESC, item_code")


async def programmes(conn: Connection, storage: Tenant, *, year: int | None = None, status: str | None = None,
                     order_by: str = "year", first: int | None = None, after: str | None = None) -> Page:
    query = Query(_reads(storage).programmes)
    if year:
        query.where("year = {}", year)
    if status:
        query.where("status = {}", status)
    return await query.page(conn, ordering(PROGRAMME_ORDERINGS, order_by), first, after)


async def programme_summaries_by_id(conn: Connection, storage: Tenant, ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
    """The figures the yearly report gives (inspected x/y, units with nonconformities, reports, …) of
    several programmes, in one statement."""
    try:
        rows = await conn.fetch(_reads(storage).summaries, ids)
    except asyncpg.UndefinedTableError:
        return {}
    return {row["programme_id"]: dict(row) for row in rows}


async def clause_weaknesses_by_id(
    conn: Connection, storage: Tenant, ids: list[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each programme's nonconformities by clause, the most widespread first, in one statement."""
    rows = await conn.fetch(_reads(storage).weaknesses, ids)
    grouped: dict[UUID, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["programme_id"], []).append(dict(row))
    return grouped
