"""Nonconformities as the API lists them (``rm_findings``): filtered by programme, unit, status, clause
and dates, ordered and paged in SQL (pages.py)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from uuid import UUID

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection
from isotrail.projections.orderings import Ordering, ordering
from isotrail.projections.pages import Page, Query

FINDING_ORDERINGS = {
    "raised_on": Ordering("raised_on", "date", "nonconformity_id"),
    "report_due_on": Ordering("coalesce(report_due_on, 'infinity'::date)", "date", "nonconformity_id"),
    "clause": Ordering("item_code", "text", "nonconformity_id"),
}
AWAITING_REPORT = ["open", "not_accepted"]


@lru_cache(maxsize=4096)
def _findings(storage: Tenant) -> str:
    return quoted(storage.schema, "rm_findings")


async def findings(conn: Connection, storage: Tenant, *, programme_id: UUID | None = None,
                   unit_id: UUID | None = None, statuses: list[str] | None = None, clause: str | None = None,
                   overdue_on: date | None = None, raised_from: date | None = None, raised_to: date | None = None,
                   order_by: str = "raised_on", first: int | None = None, after: str | None = None) -> Page:
    """Nonconformities; ``overdue_on`` keeps those awaiting a report whose deadline passed by that day;
    ``clause`` matches an item code ("6.2") or a top-level clause ("6")."""
    query = Query(_findings(storage))
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
