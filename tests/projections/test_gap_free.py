"""No event is missed or applied twice while many writers commit concurrently and the projector tails."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from isotrail.domain.tenancy import Tenant
from isotrail.projections.projector import Projector, build_projection
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import write_units_and_renames
from tests.projections.conftest import rows

WRITERS = 16
UNITS_PER_WRITER = 125
RENAMES = 49  # 16 × 125 × 50 = 100,000 events


async def test_sixteen_concurrent_writers_and_a_tailing_projector_lose_and_repeat_nothing(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, report
) -> None:
    projectors = [Projector(pool, storage, [build_projection(name, storage)], batch_size=2000)
                  for name in ("audit", "timeline")]
    for projector in projectors:
        await projector.prepare()
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(WRITERS) as writers:
        writing = [loop.run_in_executor(writers, lambda w=w: write_units_and_renames(
            app, admin, units=UNITS_PER_WRITER, renames=RENAMES, prefix=f"W{w}-", per_save=5))
            for w in range(WRITERS)]
        batches_while_writing: list[int] = []
        while not all(task.done() for task in writing):
            for projector in projectors:
                await projector.catch_up(on_batch=batches_while_writing.append)
            await asyncio.sleep(0.01)
        written = sum(await asyncio.gather(*writing))
    for projector in projectors:
        await projector.catch_up()
    assert written == 100_000
    async with pool.acquire() as conn:
        log = f'"{storage.schema}"."{storage.events_table}"'
        events = await conn.fetchval(f"SELECT count(*) FROM {log}")
        gaps = await conn.fetchval(f"SELECT max(notification_id) - count(*) FROM {log}")
        missing = await conn.fetchval(
            f'SELECT count(*) FROM "{storage.schema}"."{storage.events_table}" e '
            f'LEFT JOIN "{storage.schema}".rm_timeline t USING (notification_id) WHERE t.notification_id IS NULL')
        timeline = await conn.fetchval(f'SELECT count(*) FROM "{storage.schema}".rm_timeline')
    assert events == written
    assert (missing, timeline) == (0, written)
    units = await rows(pool, storage, "rm_units", "code")
    assert len(units) == WRITERS * UNITS_PER_WRITER
    assert {u["version"] for u in units} == {RENAMES + 1}
    assert all(u["name"].endswith(f"lần {RENAMES}") and len(u["names"]) == RENAMES + 1 for u in units)
    assert len(batches_while_writing) > 2  # the projector really ran while the writers committed
    report(f"{WRITERS} writers, {written:,} events, {len(batches_while_writing)} batches folded while "
           f"writing ({sum(batches_while_writing):,} event folds over 2 projections), "
           f"{gaps} id gaps, 0 missed, 0 repeated")
