"""The read API the GraphQL layer calls: units, programmes, findings, inspections, timelines.

Every function takes a connection and a :class:`Tenant` (so the schema comes from the caller's
verified tenant, never from query input), filters and orders in SQL, and pages with cursors.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

import asyncpg

from isotrail.domain.collation import search_key
from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection
from isotrail.projections.pages import Ordering, Page, Query, like_pattern, ordering
from isotrail.projections.tracking import tracking

UNIT_ORDERINGS = {
    "name": Ordering("name_sort", 'text COLLATE "C"', "unit_id"),
    "code": Ordering("code", "text", "unit_id"),
    "next_report_due_on": Ordering("coalesce(next_report_due_on, 'infinity'::date)", "date", "unit_id"),
}
FINDING_ORDERINGS = {
    "raised_on": Ordering("raised_on", "date", "nonconformity_id"),
    "report_due_on": Ordering("coalesce(report_due_on, 'infinity'::date)", "date", "nonconformity_id"),
    "clause": Ordering("item_code", "text", "nonconformity_id"),
}
PROGRAMME_ORDERINGS = {
    "year": Ordering("year", "int", "programme_id", descending=True),
    "plan_date": Ordering("plan_date", "date", "programme_id", descending=True),
}
INSPECTION_ORDERINGS = {"scheduled_on": Ordering("scheduled_on", "date", "inspection_id")}
TIMELINE_ORDERING = Ordering("notification_id", "bigint", "notification_id", id_type="bigint")
AWAITING_REPORT = ["open", "not_accepted"]


class ReadStatements:
    """A tenant's read-model names and fixed reads, built once per tenant (:func:`reads`); paged reads add
    their filters per call through :class:`~isotrail.projections.pages.Query`, the one builder of those."""

    def __init__(self, storage: Tenant) -> None:
        def table(name: str) -> str:
            return quoted(storage.schema, name)

        self.unit_state, self.findings = table("rm_unit_state"), table("rm_findings")
        self.programmes, self.inspections, self.timeline = (
            table("rm_programmes"), table("rm_inspections"), table("rm_timeline"))
        summary, weaknesses = table("rm_programme_summary"), table("rm_clause_weaknesses")
        self.summary = f"SELECT * FROM {summary} WHERE programme_id = $1"
        self.summaries = f"SELECT * FROM {summary} WHERE programme_id = ANY($1::uuid[])"
        self.weaknesses = f"SELECT * FROM {weaknesses} WHERE programme_id = $1 ORDER BY units DESC, item_code"
        self.weaknesses_of = (f"SELECT * FROM {weaknesses} WHERE programme_id = ANY($1::uuid[]) "
                              "ORDER BY units DESC, item_code")
        self.timeline_head = f"SELECT coalesce(max(notification_id), 0) FROM {self.timeline}"
        # national_summaries: $1 is the year; the caller numbers the rest
        self.holds_year = f"EXISTS (SELECT 1 FROM {self.programmes} WHERE year = $1)"
        self.summaries_of_year = f"FROM {summary} s WHERE s.year = $1"


@lru_cache(maxsize=4096)
def reads(storage: Tenant) -> ReadStatements:
    return ReadStatements(storage)


async def units(conn: Connection, storage: Tenant, *, search: str | None = None, kind: str | None = None,
                overdue: bool | None = None, active: bool | None = None, order_by: str = "name",
                first: int | None = None, after: str | None = None, unit_id: UUID | None = None,
                columns: Sequence[str] | None = None) -> Page:
    """Units with their current audit state (``columns`` of it, else all); ``search`` ignores case and
    Vietnamese diacritics."""
    query = Query(reads(storage).unit_state, columns)
    if unit_id:
        query.where("unit_id = {}", unit_id)
    if search:
        query.where("name_search LIKE {}", like_pattern(search_key(search)))
    if kind:
        query.where("kind = {}", kind)
    if overdue is not None:
        query.where("overdue = {}", overdue)
    if active is not None:
        query.where("(dissolved_on IS NULL) = {}", active)
    return await query.page(conn, ordering(UNIT_ORDERINGS, order_by), first, after)


async def findings(conn: Connection, storage: Tenant, *, programme_id: UUID | None = None,
                   unit_id: UUID | None = None, statuses: list[str] | None = None, clause: str | None = None,
                   overdue_on: date | None = None, raised_from: date | None = None, raised_to: date | None = None,
                   order_by: str = "raised_on", first: int | None = None, after: str | None = None) -> Page:
    """Nonconformities; ``overdue_on`` keeps those awaiting a report whose deadline passed by that day;
    ``clause`` matches an item code ("6.2") or a top-level clause ("6")."""
    query = Query(reads(storage).findings)
    if programme_id:
        query.where("programme_id = {}", programme_id)
    if unit_id:
        query.where("unit_id = {}", unit_id)
    if statuses:
        query.where("status = ANY({}::text[])", statuses)
    if clause:
        query.where("(item_code = {} OR clause = {})", clause, clause)
    if overdue_on:
        query.where("status = ANY({}::text[]) AND report_due_on < {}", AWAITING_REPORT, overdue_on)
    if raised_from:
        query.where("raised_on >= {}", raised_from)
    if raised_to:
        query.where("raised_on <= {}", raised_to)
    return await query.page(conn, ordering(FINDING_ORDERINGS, order_by), first, after)


async def programmes(conn: Connection, storage: Tenant, *, year: int | None = None, status: str | None = None,
                     order_by: str = "year", first: int | None = None, after: str | None = None) -> Page:
    query = Query(reads(storage).programmes)
    if year:
        query.where("year = {}", year)
    if status:
        query.where("status = {}", status)
    return await query.page(conn, ordering(PROGRAMME_ORDERINGS, order_by), first, after)


async def inspections(conn: Connection, storage: Tenant, *, programme_id: UUID | None = None,
                      unit_id: UUID | None = None, status: str | None = None, first: int | None = None,
                      after: str | None = None) -> Page:
    query = Query(reads(storage).inspections)
    if programme_id:
        query.where("programme_id = {}", programme_id)
    if unit_id:
        query.where("unit_id = {}", unit_id)
    if status:
        query.where("status = {}", status)
    return await query.page(conn, INSPECTION_ORDERINGS["scheduled_on"], first, after)


async def timeline(conn: Connection, storage: Tenant, *, unit_id: UUID | None = None,
                   aggregate_id: UUID | None = None, occurred_from: date | None = None,
                   occurred_to: date | None = None, first: int | None = None, after: str | None = None) -> Page:
    """Events in the order they were recorded, for a unit (its own and its inspections') or an aggregate."""
    query = Query(reads(storage).timeline)
    if unit_id:
        query.where("unit_id = {}", unit_id)
    if aggregate_id:
        query.where("aggregate_id = {}", aggregate_id)
    if occurred_from:
        query.where("occurred_on >= {}", occurred_from)
    if occurred_to:
        query.where("occurred_on <= {}", occurred_to)
    return await query.page(conn, TIMELINE_ORDERING, first, after)


async def programme_summary(conn: Connection, storage: Tenant, programme_id: UUID) -> dict[str, Any] | None:
    """The figures the yearly report gives: inspected x/y, units with nonconformities, reports, …"""
    row = await conn.fetchrow(reads(storage).summary, programme_id)
    return dict(row) if row else None


async def clause_weaknesses(conn: Connection, storage: Tenant, programme_id: UUID) -> list[dict[str, Any]]:
    rows = await conn.fetch(reads(storage).weaknesses, programme_id)
    return [dict(r) for r in rows]


async def national_summaries(conn: Connection, tenants: list[tuple[str, str]], year: int) -> list[dict[str, Any]]:
    """Each province's programme summaries for ``year``, whose schema names come from validated slugs
    (``tenants`` is [(slug, display name)], read from the registry).

    Three statements whatever the number of tenants: which schemas hold the read models (the catalogue),
    which of those have a programme that year (one cheap EXISTS per schema), then the summary view over
    those only — planning the view once per tenant cost ~1.5 ms each, most of them with nothing to show.
    """
    names = dict(tenants)
    projected = [row["schema"] for row in await conn.fetch(
        "SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = 'rm_programme_summary' AND n.nspname = ANY($1::text[])",
        [Tenant(slug).schema for slug in names])]
    slugs = {Tenant(slug).schema: slug for slug in names}
    if not projected:
        return []
    holding = [row["schema"] for row in await conn.fetch(" UNION ALL ".join(
        f"SELECT ${i}::text AS schema WHERE {reads(Tenant(slugs[schema])).holds_year}"
        for i, schema in enumerate(projected, 2)), year, *projected)]
    parts, params = [], [year]
    for schema in holding:
        slug = slugs[schema]
        params += [slug, names[slug]]
        parts.append(f"SELECT ${len(params) - 1}::text AS tenant, ${len(params)}::text AS tenant_name, s.* "
                     f"{reads(Tenant(slug)).summaries_of_year}")
    if not parts:
        return []
    rows = await conn.fetch(" UNION ALL ".join(parts) + " ORDER BY tenant, plan_number", *params)
    return [dict(r) for r in rows]


async def programme_summaries_by_id(conn: Connection, storage: Tenant, ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
    """Summaries of several programmes in one statement (for DataLoaders)."""
    try:
        rows = await conn.fetch(reads(storage).summaries, ids)
    except asyncpg.UndefinedTableError:
        return {}
    return {row["programme_id"]: dict(row) for row in rows}


async def clause_weaknesses_by_id(
    conn: Connection, storage: Tenant, ids: list[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    rows = await conn.fetch(reads(storage).weaknesses_of, ids)
    grouped: dict[UUID, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["programme_id"], []).append(dict(row))
    return grouped


async def timeline_head(conn: Connection, storage: Tenant) -> int:
    """The last notification id the timeline holds (0 when empty, or not made yet for a new tenant)."""
    try:
        return await conn.fetchval(reads(storage).timeline_head)
    except asyncpg.UndefinedTableError:
        return 0


async def timeline_after(conn: Connection, storage: Tenant, after: int, *, unit_id: UUID | None = None,
                         limit: int = 200) -> list[dict[str, Any]]:
    """Timeline entries after a notification id, oldest first (for live subscriptions)."""
    query = Query(reads(storage).timeline).where("notification_id > {}", after)
    if unit_id:
        query.where("unit_id = {}", unit_id)
    return await query.rows(conn, "notification_id", limit)


async def read_models_version(conn: Connection, storage: Tenant) -> tuple[Any, ...] | None:
    """What the tenant's read models show now, as a value that changes whenever any of their rows may
    have: each projection's position and the transaction that last wrote it (a projector's batch and a
    rebuild's swap both write it in the transaction that changes the rows), and today's date (``overdue``
    in ``rm_unit_state`` depends on it). None for a new tenant whose projector has not made its tables."""
    try:
        row = await conn.fetchrow(tracking(storage).version)
    except asyncpg.UndefinedTableError:
        return None
    return (row["today"], *(row["positions"] or ()))
