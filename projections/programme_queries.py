"""Programmes as the API lists them (``rm_programmes``) or reads them by id, the units each one's plan holds
(``rm_programme_scope``), and the figures its yearly report gives (``rm_programme_summary``,
``rm_clause_weaknesses``), read for several programmes at once (DataLoaders, batches.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import PROGRAMMES, SCOPE
from isotrail.projections.batches import batch_sql, rows_by_key, rows_under
from isotrail.projections.driver import Connection
from isotrail.projections.json_pages import JsonPage, JsonValue, json_page
from isotrail.projections.orderings import PROGRAMME_ORDERINGS, ordering
from isotrail.projections.pages import Join, Page, Query

# what the API shows of a programme read by id (not its legal basis or report's text)
PROGRAMME_COLUMNS = ("programme_id", "version", "code", "year", "title", "plan_number", "plan_date", "standard",
                     "catalogue_version", "status", "starts_on", "ends_on", "approved_on", "reported_on", "team",
                     "budget_vnd", "budget_source", "partner_unit", "mandatory_count", "uncovered_units",
                     "compilation", "immediate_reports")


class ProgrammeReads(NamedTuple):
    programmes: str  # the table, for paged reads
    by_id: str  # the programmes $1
    scope: str  # the scope entries of the programmes $1, in the order the units were added
    summaries: str  # the summaries of the programmes $1
    weaknesses: str  # the clause weaknesses of the programmes $1, the most widespread first


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> ProgrammeReads:
    summary, weaknesses = quoted(storage.schema, "rm_programme_summary"), quoted(storage.schema, "rm_clause_weaknesses")
    programmes = PROGRAMMES.qualified(storage.schema)
    return ProgrammeReads(
        programmes=programmes,
        by_id=batch_sql(programmes, PROGRAMME_COLUMNS, "programme_id"),
        scope=batch_sql(SCOPE.qualified(storage.schema), SCOPE.column_names, "programme_id", "added_on, unit_id"),
        summaries=f"SELECT * FROM {summary} WHERE programme_id = ANY($1::uuid[])",
        weaknesses=f"SELECT * FROM {weaknesses} WHERE programme_id = ANY($1::uuid[]) ORDER BY units DESC, item_code")


async def programmes(conn: Connection, storage: Tenant, *, year: int | None = None,
                     statuses: Sequence[str] | None = None, order_by: str = "year", descending: bool = True,
                     first: int | None = None, after: str | None = None, last: int | None = None,
                     before: str | None = None, columns: Sequence[str] | None = None,
                     joins: Mapping[str, Sequence[str]] | None = None,
                     json: Sequence[JsonValue] | None = None) -> Page | JsonPage:
    """Programmes (of ``year``, at any of ``statuses``; ``columns`` of each, else every one), the latest first
    unless ordered otherwise; ``joins`` names what else is read with each (:data:`PROGRAMME_JOINS`), with its
    columns; with ``json``, the rows written as JSON by PostgreSQL (json_pages.py)."""
    query = Query(_reads(storage).programmes, columns)
    if year is not None:
        query.where("year = {}", year)
    if statuses:
        query.where("status = ANY({}::text[])", list(statuses))
    by = ordering(PROGRAMME_ORDERINGS, order_by, descending)
    joined = [PROGRAMME_JOINS[name](storage, tuple(columns)) for name, columns in (joins or {}).items()]
    if json is not None:
        return await json_page(query, conn, by, json, first, after, last, before, joined)
    return await query.page(conn, by, first, after, last, before, joined)


# what a programme's page may read with each programme, by name: its figures (``rm_programme_summary``)
PROGRAMME_JOINS: dict[str, Callable[[Tenant, tuple[str, ...]], Join]] = {
    "summary": lambda storage, columns: Join("summary", quoted(storage.schema, "rm_programme_summary"),
                                             "programme_id", "programme_id", columns),
}


async def programmes_by_id(conn: Connection, storage: Tenant, ids: Sequence[UUID]) -> dict[UUID, dict[str, Any]]:
    """The programmes of ``ids`` found (:data:`PROGRAMME_COLUMNS`), in one statement."""
    return await rows_by_key(conn, _reads(storage).by_id, ids, "programme_id")


async def scope_by_programme(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each programme's scope entries (unit, form, joint team), in the order they were added, in one statement."""
    return await rows_under(conn, _reads(storage).scope, ids, "programme_id")


async def programme_summaries_by_id(conn: Connection, storage: Tenant, ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
    """The figures the yearly report gives (inspected x/y, units with nonconformities, reports, …) of
    several programmes, in one statement."""
    return await rows_by_key(conn, _reads(storage).summaries, ids, "programme_id")


async def clause_weaknesses_by_id(
    conn: Connection, storage: Tenant, ids: list[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each programme's nonconformities by clause, the most widespread first, in one statement."""
    return await rows_under(conn, _reads(storage).weaknesses, ids, "programme_id")
