"""Rebuild projections from zero into fresh tables, then swap them in.

The new tables (``<table>__rebuild``) are filled from one reader for all the projections rebuilt, while
the live ones keep serving, and indexed once full. The swap is one transaction: it locks the live
position rows (the live projector waits), folds the last events into the new tables, drops the old
tables, renames the new ones and their indexes, recreates the views and moves the live positions to
where the rebuild got to. A successor's rebuild replays its predecessors' logs too (``sources``), each to
its own positions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from isotrail.domain.identifiers import quoted
from isotrail.domain.lineage import LogSource
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection, Pool
from isotrail.projections.event_log import event_log
from isotrail.projections.projection import Projection
from isotrail.projections.projector import DEFAULT_BATCH_SIZE, Projector, apply, build_projection, decode
from isotrail.projections.table_ddl import index_statements
from isotrail.projections.tracking import tracking

SUFFIX = "__rebuild"


async def rebuild(pool: Pool, storage: Tenant, names: Sequence[str], *, batch_size: int = DEFAULT_BATCH_SIZE,
                  on_batch: Callable[[int], None] | None = None, sources: Sequence[LogSource] = ()) -> int:
    """Replay every event of the tenant (and of ``sources``, the tenants merged into it) into fresh tables of the
    named projections, each log read and decoded once for all of them, then swap them all in together;
    returns the final position in the tenant's own log."""
    lives = [build_projection(name, storage) for name in names]
    shadows = [build_projection(name, storage, SUFFIX) for name in names]
    schema, statements = storage.schema, tracking(storage)
    await Projector(pool, storage, lives, sources=sources).prepare()  # the live tables and positions to swap with
    projector = Projector(pool, storage, shadows, batch_size=batch_size, sources=sources)
    async with pool.acquire() as conn:  # leftovers of an interrupted rebuild
        for shadow in shadows:
            for table in shadow.tables:
                await conn.execute(f"DROP TABLE IF EXISTS {table.qualified(schema, SUFFIX)} CASCADE")
        for name in projector.tracking_names:
            await conn.execute(statements.delete, name)
    await projector.prepare()
    await projector.catch_up(on_batch)
    async with pool.acquire() as conn:
        for shadow in shadows:
            for statement in index_statements(shadow.tables, schema, SUFFIX):
                await conn.execute(statement)
    async with pool.acquire() as conn, conn.transaction():
        live_names = [log.tracking(name) for log in projector.logs for name in names]
        await conn.fetch(statements.lock_many, live_names)  # the live projector waits until the swap is done
        reached = await _fold_the_rest(conn, projector, shadows, batch_size, on_batch)
        for live, shadow in zip(lives, shadows, strict=True):
            await _swap(conn, schema, live)
            for log, position in reached.items():
                await conn.execute(statements.set, log.tracking(live.tracking_name), position)
                await conn.execute(statements.clear_failure, log.tracking(live.tracking_name), position)
                await conn.execute(statements.delete, log.tracking(shadow.tracking_name))
        for live in lives:  # once every table is in place: a view may read several projections' tables
            for statement in live.view_statements():
                await conn.execute(statement)
    return reached[projector.logs[-1]]  # the tenant's own


async def _fold_the_rest(conn: Connection, projector: Projector, shadows: list[Projection], batch_size: int,
                         on_batch: Callable[[int], None] | None) -> dict[LogSource, int]:
    """Fold into the shadows what each log recorded since their catch-up; returns where each log got to."""
    shadow_positions = await projector.positions(conn)
    reached: dict[LogSource, int] = {}
    for log in projector.logs:  # the shadows were fed together: all at one position per log
        position = min(shadow_positions[log.tracking(shadow.tracking_name)] for shadow in shadows)
        while rows := await conn.fetch(event_log(log.tenant).select, position, batch_size):
            events = decode(rows, log)
            for shadow in shadows:
                await apply(conn, shadow, events)
            position = rows[-1]["notification_id"]
            if on_batch is not None:
                on_batch(len(rows))
        reached[log] = position
    return reached


async def _swap(conn: Connection, schema: str, live: Projection) -> None:
    """The rebuilt tables (and their indexes) take the live ones' names (dropping the views on the old ones)."""
    for table in live.tables:
        await conn.execute(f"DROP TABLE {table.qualified(schema)} CASCADE")
        await conn.execute(f"ALTER TABLE {table.qualified(schema, SUFFIX)} RENAME TO {quoted(table.name)}")
        for index in await conn.fetch("SELECT indexname FROM pg_indexes WHERE schemaname = $1 "
                                      "AND tablename = $2", schema, table.name):
            old = index["indexname"]
            if SUFFIX in old:
                await conn.execute(f"ALTER INDEX {quoted(schema, old)} RENAME TO {quoted(old.replace(SUFFIX, ''))}")
