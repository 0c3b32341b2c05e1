"""A tenant's timeline as the API reads it (``rm_timeline``): pages of a unit's or an aggregate's events (or of
several units' at once, for the DataLoaders), and, for the live subscriptions (fanout.py), the last entry and
the entries after it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection
from isotrail.projections.orderings import Ordering
from isotrail.projections.pages import Page, Query

TIMELINE_ORDERING = Ordering("notification_id", "bigint", "notification_id", id_type="bigint")


class TimelineReads(NamedTuple):
    timeline: str  # the table, for paged reads
    head: str  # the last notification id it holds


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> TimelineReads:
    timeline = quoted(storage.schema, "rm_timeline")
    return TimelineReads(timeline, f"SELECT coalesce(max(notification_id), 0) FROM {timeline}")


async def timeline(conn: Connection, storage: Tenant, *, unit_id: UUID | None = None,
                   aggregate_id: UUID | None = None, occurred_from: date | None = None,
                   occurred_to: date | None = None, event_kinds: Sequence[str] | None = None,
                   first: int | None = None, after: str | None = None, last: int | None = None,
                   before: str | None = None) -> Page:
    """Events in the order they were recorded, for a unit (its own and its inspections') or an aggregate;
    dated (their business date) from ``occurred_from`` to ``occurred_to``, of any of ``event_kinds``
    (``Unit.Registered``: the aggregate's type and the event's)."""
    query = Query(_reads(storage).timeline)
    if unit_id:
        query.where("unit_id = {}", unit_id)
    if aggregate_id:
        query.where("aggregate_id = {}", aggregate_id)
    if occurred_from:
        query.where("occurred_on >= {}", occurred_from)
    if occurred_to:
        query.where("occurred_on <= {}", occurred_to)
    if event_kinds:
        query.where("aggregate_type || '.' || event_type = ANY({}::text[])", list(event_kinds))
    return await query.page(conn, TIMELINE_ORDERING, first, after, last, before)


async def timelines_by_unit(conn: Connection, storage: Tenant, ids: Sequence[UUID], *, first: int | None = None,
                            after: str | None = None) -> dict[UUID, Page]:
    """Each unit's page of events in recorded order (``first`` after the cursor ``after``, a cursor of
    :func:`timeline`'s), every unit's in one statement."""
    return await Query(_reads(storage).timeline).pages_under(conn, "unit_id", ids, TIMELINE_ORDERING, first, after)


async def timeline_head(conn: Connection, storage: Tenant) -> int:
    """The last notification id the timeline holds (0 when empty, or not made yet for a new tenant)."""
    try:
        return await conn.fetchval(_reads(storage).head)
    except asyncpg.UndefinedTableError:
        return 0


async def timeline_after(conn: Connection, storage: Tenant, after: int, *, unit_id: UUID | None = None,
                         limit: int = 200) -> list[dict[str, Any]]:
    """Timeline entries after a notification id, oldest first (for live subscriptions)."""
    query = Query(_reads(storage).timeline).where("notification_id > {}", after)
    if unit_id:
        query.where("unit_id = {}", unit_id)
    return await query.rows(conn, "notification_id", limit)
