"""A programme's read models as they stood on a past business date, for its documents (document_sources.py): the
same audit projection the projector runs (audit.py) folds, into this session's temporary tables (``pg_temp``) in a
transaction always rolled back, the events of the programme, of its inspections and of their units whose business
date (``occurred_on``) is on or before that date, read from the tenant's event store and from the stores of the
tenants merged into it (domain/lineage.py); the documents are then read from those tables by the same reads as
ever. Only a date one of those events is dated after needs it: otherwise the live read models already hold exactly
what the fold would (the same document, byte for byte). Today is no exception: a record may be dated ahead (a
decision signed for next week), and the live read models hold it, but today's document does not say it yet.

What "as it stood" means, per aggregate: the longest run of its events, in the order recorded, each dated on or
before the day. An event dated after it ends the run, even if a later event of the same aggregate is dated earlier
(a back-dated correction of something that, on that day, was not yet recorded). Every isotrail event has a
business date (domain/aggregate.py requires one); an event stored without one would be dated by its recording.

The cost is bounded: at most :data:`MAX_PAST_EVENTS` events are read (more is the domain's
``DocumentHistoryTooLongError`` for a past day; today's document is then the live read models'); the live read
models are read to find the inspections (an inspection never leaves its programme), the scope folded to find the
units."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from uuid import UUID

from isotrail.domain.documents.errors import DocumentHistoryTooLongError
from isotrail.domain.identifiers import quoted
from isotrail.domain.lineage import LogSource
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit import AuditProjection
from isotrail.projections.audit_tables import INSPECTIONS, SCOPE
from isotrail.projections.audit_views import audit_views
from isotrail.projections.driver import Connection
from isotrail.projections.event_decoding import decode_rows
from isotrail.projections.event_record import EventRecord
from isotrail.projections.inspection_queries import inspections_by_programme
from isotrail.projections.programme_queries import scope_by_programme
from isotrail.projections.projector import apply
from isotrail.projections.table_ddl import create_statements

MAX_PAST_EVENTS = 200_000  # the seed programme's are 1,734, folded in 50–100 ms (measured): this many, seconds


@dataclass(frozen=True)
class PastStorage(Tenant):
    """A tenant's read models as folded for one past date: this session's temporary tables, with the tenant's
    event table seen through a temporary view of its name (the notices' reasons are read from it)."""

    @property
    def schema(self) -> str:
        return "pg_temp"


@asynccontextmanager
async def standing_on(conn: Connection, storage: Tenant, programme_id: UUID, as_of: date,
                      sources: Sequence[LogSource] = ()) -> AsyncIterator[Tenant]:
    """The read models to read ``programme_id``'s documents from as they stood on ``as_of``: the tenant's own
    (``storage``) when nothing of it is dated after ``as_of``, else a :class:`PastStorage` folded for it, in a
    transaction of ``conn`` rolled back when the block ends. ``sources``: the logs of the tenants merged into
    ``storage``."""
    logs = (*sources, LogSource(storage))  # as the projector folds: a predecessor's streams may go on in its own
    reading = _Reading(conn, logs)
    try:
        owned = await _dated_later(conn, reading, storage, programme_id, as_of)
    except DocumentHistoryTooLongError:
        if as_of < date.today():
            raise
        owned = None  # today's document of a history too long to read: the live read models', as ever
    if owned is None:
        yield storage
        return
    past = PastStorage(storage.slug)
    try:
        async with conn.transaction():  # nothing of it is ever kept
            await _fold(conn, reading, past, storage, owned, as_of)
            yield past
            raise _RollBackError
    except _RollBackError:
        pass


async def _dated_later(conn: Connection, reading: _Reading, storage: Tenant, programme_id: UUID,
                       as_of: date) -> list[EventRecord] | None:
    """The events of the programme and its inspections if any of theirs or their units' is dated after ``as_of``
    (the read models must then be folded); None if none is."""
    inspections = (await inspections_by_programme(conn, storage, [programme_id])).get(programme_id, [])
    owned = await reading.events([programme_id, *(row["inspection_id"] for row in inspections)], as_of)
    if _dated_after(owned, as_of):
        return owned
    scope = (await scope_by_programme(conn, storage, [programme_id])).get(programme_id, [])
    units = {row["unit_id"] for row in inspections} | {row["unit_id"] for row in scope}
    return owned if _dated_after(await reading.events(list(units), as_of), as_of) else None


class _RollBackError(Exception):
    """Raised out of the fold's transaction so that it rolls back."""


async def _fold(conn: Connection, reading: _Reading, past: PastStorage, storage: Tenant,
                owned: list[EventRecord], as_of: date) -> None:
    projection = AuditProjection(past)
    for statement in [*create_statements(projection.tables, past.schema),
                      *audit_views(past.schema, f"DATE '{as_of.isoformat()}'"),
                      f"CREATE TEMP VIEW {quoted(storage.events_table)} AS SELECT * FROM "
                      f"{quoted(storage.schema, storage.events_table)}"]:
        await conn.execute(statement)
    await apply(conn, projection, _standing(owned, as_of))
    rows = await conn.fetch(_folded_units(past))
    await apply(conn, projection, _standing(await reading.events([row[0] for row in rows], as_of), as_of))


@lru_cache(maxsize=4096)
def _folded_units(past: PastStorage) -> str:
    return (f"SELECT unit_id FROM {SCOPE.qualified(past.schema)} UNION "
            f"SELECT unit_id FROM {INSPECTIONS.qualified(past.schema)}")


class _Reading:
    """Reads the events of given aggregates from every log, within one budget of :data:`MAX_PAST_EVENTS`."""

    def __init__(self, conn: Connection, logs: Sequence[LogSource]) -> None:
        self.conn, self.logs, self.left = conn, logs, MAX_PAST_EVENTS

    async def events(self, aggregate_ids: list[UUID], as_of: date) -> list[EventRecord]:
        """Their events, in the order they are folded: each predecessor's log, then the tenant's own (which may
        continue a predecessor's streams: services/lineage_store.py)."""
        events: list[EventRecord] = []
        for log in self.logs:
            rows = await self.conn.fetch(_events_of(log.tenant), aggregate_ids, self.left + 1)
            if len(rows) > self.left:
                raise DocumentHistoryTooLongError(as_of=as_of, limit=MAX_PAST_EVENTS)
            self.left -= len(rows)
            decoded = decode_rows(rows)
            for event in decoded:
                event.notification_id = log.folded(event.notification_id)
            events += decoded
        return events


@lru_cache(maxsize=4096)
def _events_of(storage: Tenant) -> str:
    table = quoted(storage.schema, storage.events_table)
    return ("SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {table} WHERE originator_id = ANY($1::uuid[]) ORDER BY notification_id LIMIT $2")


def business_day(event: EventRecord) -> str:
    """The ISO date the event happened on (its recording's date, were it stored without one)."""
    stamp = getattr(event, "occurred_on", None) or event.timestamp
    return stamp.iso[:10]


def _dated_after(events: list[EventRecord], as_of: date) -> bool:
    day = as_of.isoformat()
    return any(business_day(event) > day for event in events)


def _standing(events: list[EventRecord], as_of: date) -> list[EventRecord]:
    """Of each aggregate, its events up to the first dated after ``as_of`` (that one excluded)."""
    day, ended, kept = as_of.isoformat(), set(), []
    for event in events:
        if event.aggregate_id in ended:
            continue
        if business_day(event) > day:
            ended.add(event.aggregate_id)
            continue
        kept.append(event)
    return kept
