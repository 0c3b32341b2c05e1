"""Nonconformities as the API lists them (``rm_findings``): filtered by programme, unit, status, clause
and dates, ordered and paged in SQL (pages.py); or read by id, or under their inspections, units or
programmes, many at once (batches.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import FINDINGS, INSPECTIONS, PROGRAMMES, UNITS
from isotrail.projections.batches import batch_sql, rows_by_key, rows_under
from isotrail.projections.driver import Connection
from isotrail.projections.orderings import FINDING_ORDERINGS, ordering
from isotrail.projections.pages import Page, Query

AWAITING_REPORT = ["open", "not_accepted"]


IN_RAISED_ORDER = "raised_on, nonconformity_id"


class FindingReads(NamedTuple):
    findings: str  # the table, for paged reads
    by_id: str  # the nonconformities $1
    of_inspections: str  # the nonconformities of the inspections $1
    of_units: str  # … of the units $1
    of_programmes: str  # … of the programmes $1


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> FindingReads:
    table, columns = FINDINGS.qualified(storage.schema), FINDINGS.column_names
    return FindingReads(table, batch_sql(table, columns, "nonconformity_id"),
                        *(batch_sql(table, columns, key, IN_RAISED_ORDER)
                          for key in ("inspection_id", "unit_id", "programme_id")))


async def findings(conn: Connection, storage: Tenant, *, programme_id: UUID | None = None,
                   unit_id: UUID | None = None, statuses: list[str] | None = None, clause: str | None = None,
                   overdue_on: date | None = None, raised_from: date | None = None, raised_to: date | None = None,
                   order_by: str = "raised_on", descending: bool = False, first: int | None = None,
                   after: str | None = None, last: int | None = None, before: str | None = None) -> Page:
    """Nonconformities; ``overdue_on`` keeps those awaiting a report whose deadline passed by that day;
    ``clause`` matches an item code ("6.2") or a top-level clause ("6")."""
    query = Query(_reads(storage).findings)
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
    return await query.page(conn, ordering(FINDING_ORDERINGS, order_by, descending), first, after, last, before)


async def findings_by_id(conn: Connection, storage: Tenant, ids: Sequence[UUID]) -> dict[UUID, dict[str, Any]]:
    """The nonconformities of ``ids`` found."""
    return await rows_by_key(conn, _reads(storage).by_id, ids, "nonconformity_id")


async def findings_by_inspection(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each inspection's nonconformities, in the order they were raised."""
    return await rows_under(conn, _reads(storage).of_inspections, ids, "inspection_id")


async def findings_by_unit(conn: Connection, storage: Tenant, ids: Sequence[UUID]) -> dict[UUID, list[dict[str, Any]]]:
    """Each unit's nonconformities (of every inspection), in the order they were raised."""
    return await rows_under(conn, _reads(storage).of_units, ids, "unit_id")


async def findings_by_programme(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each programme's nonconformities, in the order they were raised."""
    return await rows_under(conn, _reads(storage).of_programmes, ids, "programme_id")


@lru_cache(maxsize=4096)
def _carried_over_sql(storage: Tenant) -> str:
    """The nonconformities carried over to the programmes $1, each with its origin as it was when raised: the
    province that registered the unit, the unit's name then, the inspection's minutes or letter and its plan."""
    findings, units = FINDINGS.qualified(storage.schema), UNITS.qualified(storage.schema)
    inspections, programmes = INSPECTIONS.qualified(storage.schema), PROGRAMMES.qualified(storage.schema)
    return (
        f"SELECT f.*, coalesce(f.carried_to_unit_id, f.unit_id) AS recheck_unit_id, u.tenant AS origin_tenant, "
        f"coalesce((SELECT n->>0 FROM jsonb_array_elements(u.names) n WHERE (n->>1)::date <= f.raised_on "
        f"ORDER BY (n->>1)::date DESC LIMIT 1), u.names->0->>0) AS origin_unit_name, "
        f"coalesce(i.minutes_number, i.letter_number) AS origin_record_number, p.plan_number AS origin_plan_number, "
        f"p.year AS origin_year FROM {findings} f JOIN {units} u ON u.unit_id = f.unit_id "
        f"JOIN {inspections} i ON i.inspection_id = f.inspection_id JOIN {programmes} p ON p.programme_id = "
        f"f.programme_id WHERE f.carried_to_programme_id = ANY($1::uuid[]) ORDER BY {IN_RAISED_ORDER}")


async def carried_over_by_programme(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """The nonconformities carried over to each programme, with their origin, in the order they were raised."""
    return await rows_under(conn, _carried_over_sql(storage), ids, "carried_to_programme_id")
