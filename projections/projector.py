"""Folds one tenant's notification log into one or more of its projections, exactly once; a successor's
projections fold the logs of the tenants merged into it too, read-only, each from a position of its own
(domain/lineage.py, services/tenant_merge.py).

Each batch is read and decoded once, whatever the number of projections fed from it, and folded in
memory; each projection writes it in a transaction of its own, all at the same time: lock its position
row, check nobody else wrote it, write the folded rows, advance the position to the batch's last
notification id. A crash anywhere rolls that transaction back; the next run resumes from the stored
positions. The rows a projection folded stay in its memory from one batch to the next of a catch-up, so
that PostgreSQL sends the next batch and writes the previous one while Python folds this one.

Why reading ``notification_id > position`` never skips an event: eventsourcing inserts under
``LOCK TABLE … IN EXCLUSIVE MODE`` held until commit, so ids are drawn and committed one transaction
at a time, in id order. When an id is visible, every smaller id is either visible too or belongs to
a transaction that rolled back (a permanent gap). Marten needs a high-water mark with a gap timeout
because its inserts do not serialise; here the table lock does that work. ``tests/projections``
checks it under many concurrent writers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from isotrail.domain.lineage import SOURCE_MARK, LogSource
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit import AuditProjection
from isotrail.projections.batch_writes import Write
from isotrail.projections.driver import Connection, Pool, Row
from isotrail.projections.event_decoding import decode_rows
from isotrail.projections.event_log import event_log
from isotrail.projections.event_record import EventRecord, first_events
from isotrail.projections.failures import FoldFailedError, fold_failed
from isotrail.projections.gc_pause import cyclic_gc_paused
from isotrail.projections.projection import Projection
from isotrail.projections.shapes import add_shape_column, reshape
from isotrail.projections.timeline import TimelineProjection
from isotrail.projections.tracking import PositionMovedError, tracking

# Events decoded or folded between two turns of the event loop: a write in flight waits for a turn to send
# its next statement (the audit's write is a dozen of them). A whole batch folded in one go held the writes
# back by half; slices of 1,000 still left the fold waiting on the last write at the end of each batch,
# slices of 250 do not (7 % more events/s, measured).
SLICE = 250
DEFAULT_BATCH_SIZE = 20_000  # 17 % more events/s than 5,000 in catch-up (measured); live batches are small anyway


PROJECTIONS: dict[str, Callable[[Tenant, str], Projection]] = {
    AuditProjection.name: AuditProjection,
    TimelineProjection.name: TimelineProjection,
}


def build_projection(name: str, storage: Tenant, suffix: str = "") -> Projection:
    return PROJECTIONS[name](storage, suffix)


def decode(rows: list[Row], log: LogSource | None = None) -> list[EventRecord]:
    """The rows of ``log`` (the tenant's own by default) decoded, with the ids they are folded under."""
    with cyclic_gc_paused():
        return _folded(decode_rows(rows), log)


def _folded(events: list[EventRecord], log: LogSource | None) -> list[EventRecord]:
    if log is not None and log.number:
        for event in events:
            event.notification_id = log.folded(event.notification_id)
    return events


def _of_log(error: FoldFailedError, log: LogSource) -> FoldFailedError:
    """A failure folding ``log``, named by its position rows and by the ids its log stores."""
    if not log.number:
        return error
    names = [name if SOURCE_MARK in name else log.tracking(name) for name in error.projections]
    through = None if error.through_id is None else log.stored(error.through_id)
    return FoldFailedError(names, log.stored(error.notification_id), through, error.cause)


async def apply(conn: Connection, projection: Projection, events: list[EventRecord]) -> None:
    """Load, fold and write one batch on one connection (a rebuild folds its last batch this way)."""
    await projection.load(conn, events, first_events(events))
    with cyclic_gc_paused():
        projection.fold(events)
        write = projection.batch_write()
    await write(conn)


Mark = tuple[int, Any]  # (position, stamp) of a position row: see tracking.py


class Projector:
    """Feeds one tenant's projections from one reader; each keeps its own position row per log it folds (each of
    ``sources``, the tenants merged into it, then the tenant's own, which may continue their frozen streams)."""

    def __init__(self, pool: Pool, storage: Tenant, projections: Sequence[Projection], *,
                 batch_size: int = DEFAULT_BATCH_SIZE, sources: Sequence[LogSource] = ()) -> None:
        if not projections:
            raise ValueError("a projector needs at least one projection")
        self.pool = pool
        self.storage = storage
        self.projections = tuple(projections)
        self.logs = (*sources, LogSource(storage))
        self.tracking_names = [log.tracking(p.tracking_name) for log in self.logs for p in self.projections]
        self.batch_size = batch_size
        self._marks: dict[str, Mark] | None = None  # as this projector last wrote them; None: read them again
        self._selects = {log: event_log(log.tenant).select for log in self.logs}
        self._tracking = tracking(storage)

    async def prepare(self) -> None:
        """Create the read-model tables and the position rows (idempotent, safe to race); tables of another
        shape than this release's are made anew, to be folded from 0 (shapes.py)."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"isotrail.ddl.{self.storage.schema}")
            await conn.execute(self._tracking.positions_ddl)
            await conn.execute(self._tracking.failures_ddl)
            await add_shape_column(conn, self.storage)
            for projection in self.projections:
                for statement in projection.create_statements():
                    await conn.execute(statement)
                names = [log.tracking(projection.tracking_name) for log in self.logs]
                for name in names:
                    await conn.execute(self._tracking.ensure, name, projection.shape)
                await reshape(conn, self.storage, projection, names)

    async def positions(self, conn: Connection | None = None) -> dict[str, int]:
        return {name: position for name, (position, _) in (await self._read_marks(conn)).items()}

    async def _read_marks(self, conn: Connection | None = None) -> dict[str, Mark]:
        if conn is None:
            async with self.pool.acquire() as acquired:
                return await self._read_marks(acquired)
        rows = await conn.fetch(self._tracking.read_many, self.tracking_names)
        found = {row["projection"]: (row["position"], row["stamp"]) for row in rows}
        return {name: found.get(name, (0, None)) for name in self.tracking_names}

    async def catch_up(self, on_batch: Callable[[int], None] | None = None) -> int:
        """Fold batches until every log is exhausted (the predecessors' first: a fold failing on one holds back
        the own log, which may continue its streams); returns the number of events read.

        The projections' memory lasts one call: a projector following hundreds of idle tenants holds no
        rows. Raises :class:`PositionMovedError` when someone else wrote one of the positions; then, as
        after any error, the positions are forgotten too and read again on the next call. A fold that fails
        on a predecessor's log names its position row and the id its log stores.
        """
        try:
            async with self.pool.acquire() as reader:
                if self._marks is None:  # once known, an idle poll costs one statement per log: the fetch
                    self._marks = await self._read_marks(reader)
                total = 0
                for log in self.logs:
                    positions = {p.tracking_name: self._marks[log.tracking(p.tracking_name)][0]
                                 for p in self.projections}
                    rows = await reader.fetch(self._selects[log], min(positions.values()), self.batch_size)
                    if rows:
                        with cyclic_gc_paused():
                            try:
                                total += await self._pipeline(reader, rows, positions, on_batch, log)
                            except FoldFailedError as error:
                                raise _of_log(error, log) from error.cause
                return total
        except BaseException:
            self._marks = None
            raise

    async def _pipeline(self, reader: Connection, rows: list[Row], positions: dict[str, int],
                        on_batch: Callable[[int], None] | None, log: LogSource) -> int:
        """While PostgreSQL sends batch n + 1 and writes batch n - 1, this process folds batch n. The rows
        batch n - 1 changed are in the projections' memory, so what batch n loads is committed. ``positions``
        are in ``log``'s ids, by projection; its events are folded under ids of their own (domain/lineage.py)."""
        total = 0
        fetching: asyncio.Future[Any] | None = None
        writing: asyncio.Future[int] | None = None
        try:
            while rows:
                events = _folded(await self._decode(rows), log)
                full = [projection for projection in self.projections if projection.memory_full()]
                if full and writing is not None:  # forget only what is committed
                    total += await writing
                    writing = None
                for projection in full:
                    projection.forget()
                batch = [(projection, _unseen(events, log.folded(positions[projection.tracking_name])))
                         for projection in self.projections]
                await _load(reader, batch)
                last = rows[-1][0]  # the log's own id
                fetching = asyncio.ensure_future(reader.fetch(self._selects[log], last, self.batch_size))
                writes = [(log.tracking(projection.tracking_name), await _fold_in_slices(projection, unseen),
                           log.stored(unseen[0].notification_id)) for projection, unseen in batch if unseen]
                positions = {name: max(position, last) for name, position in positions.items()}
                if writing is not None:
                    total += await writing
                writing = asyncio.ensure_future(self._write(writes, last, len(events), on_batch))
                rows = await fetching
            if writing is not None:
                total += await writing
        except BaseException as error:
            moved = await _stopped([task for task in (fetching, writing) if task is not None])
            if moved and not isinstance(error, PositionMovedError | asyncio.CancelledError):
                raise moved from error  # what made the fold fail: someone else wrote the tables
            raise
        finally:  # memory lasts one catch-up; an idle poll, which folds nothing, has none to drop
            for projection in self.projections:
                projection.forget()
        return total

    async def _decode(self, rows: list[Row]) -> list[EventRecord]:
        try:
            return await _decode_in_slices(rows)
        except Exception as error:  # of every projection fed; at the event the decoder names (event_decoding.py)
            exact = getattr(error, "notification_id", None)
            raise fold_failed(error, [p.tracking_name for p in self.projections], exact or rows[0][0],
                              None if exact else rows[-1][0]) from error

    async def _write(self, writes: list[tuple[str, Write, int]], last: int, count: int,
                     on_batch: Callable[[int], None] | None) -> int:
        """One batch: each projection in its own transaction, all at once on as many connections."""
        tasks = [asyncio.ensure_future(self._write_one(name, write, first, last)) for name, write, first in writes]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        if on_batch is not None:
            on_batch(count)
        return count

    async def _write_one(self, name: str, write: Write, first: int, last: int) -> None:
        """One projection's batch, one transaction: its position checked, its rows written, it advanced (and
        its failure record, if any, cleared). PostgreSQL refusing the rows fails the batch's notifications."""
        assert self._marks is not None
        mark = self._marks[name]
        async with self.pool.acquire() as conn, conn.transaction():
            locked = await conn.fetchrow(self._tracking.lock_one, name)
            if locked is None or (locked["position"], locked["stamp"]) != mark:
                raise PositionMovedError(projection=name, expected=mark[0], actual=locked and locked["position"])
            try:
                await write(conn)
            except Exception as error:
                raise fold_failed(error, [name], first, last) from error
            stamp = await conn.fetchval(self._tracking.advance, name, last)
        self._marks[name] = (last, stamp)


async def _stopped(tasks: list[asyncio.Future[Any]]) -> PositionMovedError | None:
    """Cancel ``tasks`` and wait for them (a cancellation of the caller meanwhile is not swallowed);
    returns the refusal one of them ended with, if any."""
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks)
    refusals = [task.exception() for task in tasks if not task.cancelled()]
    return next((error for error in refusals if isinstance(error, PositionMovedError)), None)


async def _load(reader: Connection, batch: list[tuple[Projection, list[EventRecord]]]) -> None:
    """Each projection loads what its unseen events need; a read that fails fails that projection's batch."""
    firsts: dict[int, dict[UUID, EventRecord]] = {}  # by the list: usually one for all
    for projection, unseen in batch:
        if unseen:
            first = firsts.get(id(unseen)) or firsts.setdefault(id(unseen), first_events(unseen))
            try:
                await projection.load(reader, unseen, first)
            except Exception as error:
                raise fold_failed(error, [projection.tracking_name], unseen[0].notification_id,
                                  unseen[-1].notification_id) from error


async def _decode_in_slices(rows: list[Row]) -> list[EventRecord]:
    """Decode (within the catch-up's pause of the cyclic GC), letting the writes in flight go on to their
    next statement between slices."""
    events: list[EventRecord] = []
    for start in range(0, len(rows), SLICE):
        events += decode_rows(rows[start:start + SLICE])
        await asyncio.sleep(0)
    return events


async def _fold_in_slices(projection: Projection, events: list[EventRecord]) -> Write:
    """Fold, letting the writes in flight go on to their next statement between slices. A projection's
    fold names the event it failed on (:func:`~isotrail.projections.failures.fold_failed`); anything else
    failing here fails the batch."""
    try:
        for start in range(0, len(events), SLICE):
            projection.fold(events[start:start + SLICE])
            await asyncio.sleep(0)
        return projection.batch_write()
    except Exception as error:
        raise fold_failed(error, [projection.tracking_name], events[0].notification_id,
                          events[-1].notification_id) from error


def _unseen(events: list[EventRecord], position: int) -> list[EventRecord]:
    if position < events[0].notification_id:
        return events
    return [event for event in events if event.notification_id > position]
