"""The projector runner across resets and moves: NOTIFY keeps waking it, and it leaks no connection or task."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from uuid import uuid4

import asyncpg

from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.projections.read_model_layout import read_model_layout
from isotrail.projections.runner import ProjectionRunner, RunnerSettings
from isotrail.projections.servers import ServerPools
from isotrail.services.commands import RegisterUnit
from isotrail.services.database import Database
from isotrail.services.database_settings import TenantSettings
from isotrail.services.registry import Registry
from isotrail.services.tenant_move import move_tenant
from isotrail.services.tenants import TenantRegistry
from tests.builders import new_tenant_slug, scratch_database


async def until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def write(tenants: TenantRegistry, tenant: Tenant, admin) -> int:
    return tenants.handle(tenant, admin, RegisterUnit(code=f"U{uuid4().hex[:6]}", name="Sở Nội vụ",
                                                      kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                                      occurred_on=date(2020, 1, 2))).notification_id


async def test_the_runner_leaks_no_connection_or_task_across_resets(own_database: str, admin) -> None:
    tenants = TenantRegistry(Registry(Database(own_database)), TenantSettings())
    tenant = Tenant(new_tenant_slug())
    tenants.create(tenant, "Tỉnh thử")
    name = f"isotrail-projector:review:{uuid4().hex[:8]}"
    runner = ProjectionRunner(ServerPools(own_database, tenants.registry, application_name=name),
                              RunnerSettings(discover_seconds=0.1, poll_seconds=30))  # only NOTIFY wakes quickly
    observer = await asyncpg.connect(own_database)

    async def connections() -> int:
        return await observer.fetchval("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", name)

    async def position() -> int:
        try:
            return await observer.fetchval(f'SELECT coalesce(min(position), 0) FROM "{tenant.schema}".rm_positions')
        except asyncpg.UndefinedTableError:
            return -1

    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        last = await asyncio.to_thread(write, tenants, tenant, admin)
        await until(lambda: _ge(position(), last))
        await asyncio.sleep(0.5)
        baseline, tasks = await connections(), len(asyncio.all_tasks())
        for _ in range(4):
            await observer.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                                   name)
            await asyncio.sleep(0.3)
            last = await asyncio.to_thread(write, tenants, tenant, admin)
            await until(lambda last=last: _ge(position(), last), timeout=10)  # NOTIFY or reconnection: not the poll
        await asyncio.sleep(0.5)
        assert (await connections(), len(asyncio.all_tasks())) <= (baseline, tasks)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await asyncio.sleep(0.2)
        left = await connections()
        await observer.close()
        tenants.purge(tenant)
        tenants.close()
    assert left == 0


async def _ge(value, target: int) -> bool:
    return (await value) >= target


async def test_a_follower_restarted_on_a_tenant_move_is_woken_by_notify_on_the_new_server(
        own_database: str, admin) -> None:
    tenants = TenantRegistry(Registry(Database(own_database)), TenantSettings())
    tenant = Tenant(new_tenant_slug())
    tenants.create(tenant, "Tỉnh chuyển")
    name = f"isotrail-projector:review:{uuid4().hex[:8]}"
    runner = ProjectionRunner(ServerPools(own_database, tenants.registry, application_name=name),
                              RunnerSettings(discover_seconds=0.1, poll_seconds=60))
    stop = asyncio.Event()
    with scratch_database(own_database, "isotrail_target") as target:
        home = await asyncpg.connect(own_database)
        there = await asyncpg.connect(target)

        async def position(conn) -> int:
            try:
                return await conn.fetchval(f'SELECT coalesce(min(position), 0) FROM "{tenant.schema}".rm_positions')
            except asyncpg.UndefinedTableError:
                return -1

        task = asyncio.create_task(runner.run(stop))
        try:
            last = await asyncio.to_thread(write, tenants, tenant, admin)
            await until(lambda: _ge(position(home), last))
            await asyncio.to_thread(move_tenant, tenants, tenant, target, read_model_layout)
            await asyncio.sleep(1.5)  # discovery restarts the follower on the target
            last = await asyncio.to_thread(write, tenants, tenant, admin)
            await until(lambda: _ge(position(there), last), timeout=10)  # the poll is 60 s: NOTIFY woke it
            listeners = await there.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", name)
            assert listeners >= 1
        finally:
            stop.set()
            await asyncio.wait_for(task, 30)
            await home.close()
            await there.close()
            tenants.purge(tenant)
            tenants.close()
