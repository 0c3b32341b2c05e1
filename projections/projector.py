"""Folds one tenant's notification log into one projection, exactly once.

Each batch is one transaction: lock the projection's position row, check nobody moved it, fold the
events into the read-model tables, advance the position to the batch's last notification id. A crash
anywhere rolls the whole batch back; the next run resumes from the stored position.

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
from collections.abc import Callable
from typing import Any, Protocol

from isotrail.domain.tenancy import TenantStorage
from isotrail.projections.audit import AuditProjection
from isotrail.projections.events import EventRecord, select_events_sql
from isotrail.projections.timeline import TimelineProjection
from isotrail.projections.tracking import (
    PositionMovedError,
    advance_position_sql,
    ensure_position_sql,
    lock_position_sql,
    positions_ddl,
    read_position_sql,
)

DEFAULT_BATCH_SIZE = 5000


class Projection(Protocol):
    name: str
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


class Projector:
    """Runs one projection of one tenant; ``tracking_name`` lets a rebuild keep its own position."""

    def __init__(self, pool: Any, storage: TenantStorage, projection: Projection, *,
                 batch_size: int = DEFAULT_BATCH_SIZE, tracking_name: str | None = None) -> None:
        self.pool = pool
        self.storage = storage
        self.projection = projection
        self.batch_size = batch_size
        self.tracking_name = tracking_name or projection.name
        schema = storage.schema
        self._select = select_events_sql(schema, storage.events_table)
        self._read_position = read_position_sql(schema)
        self._lock_position = lock_position_sql(schema)
        self._advance = advance_position_sql(schema)
        self._ensure_position = ensure_position_sql(schema)
        self._positions_ddl = positions_ddl(schema)

    async def prepare(self) -> None:
        """Create the read-model tables and the position row (idempotent, safe to race)."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"isotrail.ddl.{self.storage.schema}")
            await conn.execute(self._positions_ddl)
            for statement in self.projection.create_statements():
                await conn.execute(statement)
            await conn.execute(self._ensure_position, self.tracking_name)

    async def position(self) -> int:
        async with self.pool.acquire() as conn:
            return await conn.fetchval(self._read_position, self.tracking_name) or 0

    async def catch_up(self, on_batch: Callable[[int], None] | None = None) -> int:
        """Fold batches until the log is exhausted; returns the number of events folded.

        While one batch is folded and written, the next is already being read on another connection.
        """
        total = 0
        async with self.pool.acquire() as reader:
            position = await reader.fetchval(self._read_position, self.tracking_name)
            rows = await reader.fetch(self._select, position, self.batch_size)
            while rows:
                reading = asyncio.ensure_future(reader.fetch(self._select, rows[-1]["notification_id"],
                                                             self.batch_size))
                try:
                    await self._fold(position, [EventRecord.from_row(row) for row in rows])
                except BaseException:
                    reading.cancel()
                    with contextlib.suppress(BaseException):
                        await reading
                    raise
                total += len(rows)
                if on_batch is not None:
                    on_batch(len(rows))
                position, rows = rows[-1]["notification_id"], await reading
        return total

    async def _fold(self, position: int, events: list[EventRecord]) -> None:
        """One batch, one transaction, with the position checked and advanced."""
        async with self.pool.acquire() as conn, conn.transaction():
            locked = await conn.fetchval(self._lock_position, self.tracking_name)
            if locked != position:
                raise PositionMovedError(projection=self.tracking_name, expected=position, actual=locked)
            await self.projection.apply(conn, events)
            await conn.execute(self._advance, self.tracking_name, events[-1].notification_id)
