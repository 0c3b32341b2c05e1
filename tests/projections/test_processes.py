"""Projector processes: killed mid-batch they resume exactly once; two of them share by ownership."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from isotrail.domain.tenancy import Tenant
from isotrail.projections.projector import PROJECTIONS
from isotrail.projections.servers import ServerPools
from isotrail.projections.status import projection_statuses
from isotrail.services.database import Database
from isotrail.services.permissions import Caller
from isotrail.services.registry import Registry
from isotrail.services.tenant_application import TenantApplication
from tests.builders import write_units_and_renames
from tests.projections.conftest import rows

ISOTRAIL = str(Path(sys.executable).parent / "isotrail")


BATCH = 2000


def start_projector(database_url: str, slug: str, batch_size: int = BATCH) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "ISOTRAIL_PROJECTIONS__BATCH_SIZE": str(batch_size),
           "ISOTRAIL_PROJECTIONS__DISCOVER_SECONDS": "0.3", "ISOTRAIL_PROJECTIONS__POLL_SECONDS": "0.2"}
    return subprocess.Popen([ISOTRAIL, "projections", "run", "--tenant", slug], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def positions(pool, storage: Tenant) -> dict[str, int]:
    async with pool.acquire() as conn:
        made = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", f'"{storage.schema}".rm_positions')
        rows = await conn.fetch(f'SELECT projection, position FROM "{storage.schema}".rm_positions') if made else []
    return dict.fromkeys(PROJECTIONS, 0) | {row["projection"]: row["position"] for row in rows}


async def owners(database_url: str, storage: Tenant) -> set[str | None]:
    pools = ServerPools(database_url, Registry(Database(database_url)))
    try:
        return {s.owner for s in await projection_statuses(pools, [storage.slug])}
    finally:
        await pools.close()


async def wait_until(condition, timeout: float = 60.0, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(interval)


async def in_transaction(pool, process: subprocess.Popen) -> bool:
    """The projector process has a batch transaction open right now."""
    async with pool.acquire() as conn:
        return bool(await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE $1 AND xact_start IS NOT NULL "
            "AND state <> 'idle'", f"isotrail-projector:%:{process.pid}"))


async def test_a_projector_killed_mid_batch_resumes_exactly_once(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, database_url: str, report
) -> None:
    written = write_units_and_renames(app, admin, units=1000, renames=19)
    last = app.recorder.max_notification_id()
    kills, reached = 0, await positions(pool, storage)
    while kills < 3:
        process = start_projector(database_url, storage.slug)
        before = reached

        async def mid_batch(p: subprocess.Popen = process, before: dict = before) -> bool:
            audit = (await positions(pool, storage))["audit"]
            # moved, and two batches still to go: the one in flight may commit before the signal lands
            return before.get("audit", 0) < audit < last - 2 * BATCH and await in_transaction(pool, p)

        try:
            await wait_until(mid_batch, timeout=60, interval=0.002)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        kills += 1
        reached = await positions(pool, storage)
        assert reached["audit"] < last  # killed before the end, inside a batch
    report(f"projector SIGKILLed {kills}× inside a batch transaction; positions then {reached} of {last}")
    process = start_projector(database_url, storage.slug)
    try:
        await wait_until(lambda: _caught_up(pool, storage, last))
    finally:
        process.terminate()
        process.wait(timeout=30)
    timeline = await rows(pool, storage, "rm_timeline", "notification_id")
    assert [r["notification_id"] for r in timeline] == list(range(1, written + 1))
    units = await rows(pool, storage, "rm_units", "code")
    assert len(units) == 1000
    assert {(u["version"], u["name"].rsplit(" ", 1)[1]) for u in units} == {(20, "19")}
    assert all(len(u["names"]) == 20 for u in units)


async def _caught_up(pool, storage: Tenant, last: int) -> bool:
    return set((await positions(pool, storage)).values()) == {last}


async def test_two_projector_processes_one_owns_the_other_takes_over(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, database_url: str
) -> None:
    write_units_and_renames(app, admin, units=20, renames=4, prefix="A")
    first = start_projector(database_url, storage.slug)
    second = None
    try:
        await wait_until(lambda: _caught_up(pool, storage, app.recorder.max_notification_id()))
        second = start_projector(database_url, storage.slug)
        await asyncio.sleep(1.0)  # several discovery rounds: the second waits
        held = await owners(database_url, storage)
        assert len(held) == 1
        assert f":{first.pid} " in held.pop()
        first.send_signal(signal.SIGKILL)
        first.wait()
        write_units_and_renames(app, admin, units=20, renames=4, prefix="B")
        await wait_until(lambda: _caught_up(pool, storage, app.recorder.max_notification_id()))
        held = await owners(database_url, storage)
        assert len(held) == 1
        assert f":{second.pid} " in held.pop()
        assert len(await rows(pool, storage, "rm_units", "code")) == 40
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
