"""Folds one tenant's notification log into one or more of its projections, exactly once.

Each batch is read and decoded once, whatever the number of projections fed from it, and folded in
one transaction: lock the projections' position rows, check nobody moved them, fold the events into
the read-model tables, advance every position to the batch's last notification id. A crash anywhere
rolls the whole batch back; the next run resumes from the stored positions. While PostgreSQL writes
one batch, the next one is already read and decoded.

Why reading ``notification_id > position`` never skips an event: eventsourcing inserts under
``LOCK TABLE … IN EXCLUSIVE MODE`` held until commit, so ids are drawn and committed one transaction
at a time, in id order. When an id is visible, every smaller id is either visible too or belongs to
a transaction that rolled back (a permanent gap). Marten needs a high-water mark with a gap timeout
because its inserts do not serialise; here the table lock does that work. ``tests/projections``
checks it under many concurrent writers.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from isotrail.domain.tenancy import TenantStorage
from isotrail.projections.audit import AuditProjection
from isotrail.projections.events import EventRecord, select_events_sql
from isotrail.projections.timeline import TimelineProjection
from isotrail.projections.tracking import (
    PositionMovedError,
    advance_positions_sql,
    ensure_position_sql,
    lock_positions_sql,
    positions_ddl,
    read_positions_sql,
)

DEFAULT_BATCH_SIZE = 20_000  # 17 % more events/s than 5,000 in catch-up (measured); live batches are small anyway


class Projection(Protocol):
    name: str
    tracking_name: str  # the position row: the name, plus the suffix of a rebuild's or benchmark's tables
    tables: tuple[Any, ...]

    def create_statements(self) -> list[str]: ...

    def view_statements(self) -> list[str]: ...

    async def apply(self, conn: Any, events: list[EventRecord]) -> None: ...


PROJECTIONS: dict[str, Callable[[TenantStorage, str], Projection]] = {
    AuditProjection.name: AuditProjection,
    TimelineProjection.name: TimelineProjection,
}


def build_projection(name: str, storage: TenantStorage, suffix: str = "") -> Projection:
    return PROJECTIONS[name](storage, suffix)


_paused = 0


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is decoded and folded.

    A batch allocates tens of thousands of short-lived dicts and no reference cycles; with the collector
    on, they trigger repeated young-generation scans that cost a third of the fold (measured). Nested and
    concurrent batches (several tenants on one event loop) share the pause; it ends with the last one.
    """
    global _paused  # noqa: PLW0603 - one interpreter-wide switch needs one interpreter-wide count
    if _paused == 0 and not gc.isenabled():  # someone else turned it off: leave it to them
        yield
        return
    _paused += 1
    gc.disable()
    try:
        yield
    finally:
        _paused -= 1
        if _paused == 0:
            gc.enable()


def decode(rows: list[Any]) -> list[EventRecord]:
    with cyclic_gc_paused():
        return [EventRecord.from_row(row) for row in rows]


class Projector:
    """Feeds one tenant's projections from one reader; each keeps its own position row."""

    def __init__(self, pool: Any, storage: TenantStorage, projections: Sequence[Projection], *,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        if not projections:
            raise ValueError("a projector needs at least one projection")
        self.pool = pool
        self.storage = storage
        self.projections = tuple(projections)
        self.tracking_names = [projection.tracking_name for projection in self.projections]
        self.batch_size = batch_size
        self._positions: dict[str, int] | None = None
        schema = storage.schema
        self._select = select_events_sql(schema, storage.events_table)
        self._read_positions = read_positions_sql(schema)
        self._lock_positions = lock_positions_sql(schema)
        self._advance = advance_positions_sql(schema)
        self._ensure_position = ensure_position_sql(schema)
        self._positions_ddl = positions_ddl(schema)

    async def prepare(self) -> None:
        """Create the read-model tables and the position rows (idempotent, safe to race)."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"isotrail.ddl.{self.storage.schema}")
            await conn.execute(self._positions_ddl)
            for projection in self.projections:
                for statement in projection.create_statements():
                    await conn.execute(statement)
                await conn.execute(self._ensure_position, projection.tracking_name)

    async def positions(self, conn: Any = None) -> dict[str, int]:
        if conn is None:
            async with self.pool.acquire() as acquired:
                return await self.positions(acquired)
        rows = await conn.fetch(self._read_positions, self.tracking_names)
        found = {row["projection"]: row["position"] for row in rows}
        return {name: found.get(name, 0) for name in self.tracking_names}

    async def catch_up(self, on_batch: Callable[[int], None] | None = None) -> int:
        """Fold batches until the log is exhausted; returns the number of events read.

        Raises :class:`PositionMovedError` when another projector advanced one of the positions.
        """
        total = 0
        async with self.pool.acquire() as reader:
            # The positions this projector wrote last stand until someone else moves them, which the next
            # fold detects: so an idle poll costs one statement, not two.
            positions = self._positions or await self.positions(reader)
            self._positions = None
            rows = await reader.fetch(self._select, min(positions.values()), self.batch_size)
            events = decode(rows)
            while events:
                folding = asyncio.ensure_future(self._fold(positions, events))
                try:  # the next batch is read and decoded while this one is written
                    rows = await reader.fetch(self._select, events[-1].notification_id, self.batch_size)
                    following = decode(rows)
                    await folding
                except BaseException:
                    folding.cancel()
                    with contextlib.suppress(BaseException):
                        await folding
                    raise
                total += len(events)
                if on_batch is not None:
                    on_batch(len(events))
                last = events[-1].notification_id
                positions = {name: max(position, last) for name, position in positions.items()}
                events = following
            self._positions = positions
        return total

    async def _fold(self, positions: dict[str, int], events: list[EventRecord]) -> None:
        """One batch, one transaction, with every position checked and advanced."""
        async with self.pool.acquire() as conn, conn.transaction():
            locked = {row["projection"]: row["position"]
                      for row in await conn.fetch(self._lock_positions, self.tracking_names)}
            for name, position in positions.items():
                if locked.get(name) != position:
                    raise PositionMovedError(projection=name, expected=position, actual=locked.get(name))
            for projection in self.projections:
                position = positions[projection.tracking_name]
                unseen = events if position < events[0].notification_id else [
                    event for event in events if event.notification_id > position]
                if unseen:
                    with cyclic_gc_paused():
                        await projection.apply(conn, unseen)
            await conn.execute(self._advance, self.tracking_names, events[-1].notification_id)


def read_model_layout(storage: TenantStorage) -> tuple[list[str], dict[str, dict[str, tuple[str, ...]]]]:
    """What copying a tenant's read models to another server needs: the DDL of the position table and of
    every projection's tables and views, and per projection its tables' columns (``{projection: {table:
    columns}}``). The statements take no parameters, so any driver can run them."""
    projections = [build_projection(name, storage) for name in PROJECTIONS]
    ddl = [positions_ddl(storage.schema)] + [s for projection in projections for s in projection.create_statements()]
    return ddl, {p.name: {table.name: table.column_names for table in p.tables} for p in projections}
