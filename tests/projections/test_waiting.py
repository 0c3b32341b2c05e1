"""Read-your-writes: a reader waiting for a projection's position is woken by the projector's NOTIFY, falls
back to reading the position now and then when a notification is lost, and listens again after its
connection is reset."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import date
from uuid import uuid4

import asyncpg
import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.projections.listening import Listener
from isotrail.projections.servers import ServerPools
from isotrail.projections.waiting import Positions, ProjectionTimeoutError
from isotrail.services.commands import RegisterUnit
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry


@pytest.fixture
async def pools(database_url: str, registry) -> AsyncIterator[ServerPools]:
    pools = ServerPools(database_url, registry.registry)
    try:
        yield pools
    finally:
        await pools.close()


def write_one(registry: TenantRegistry, tenant: str, admin: Caller) -> int:
    with registry.application(tenant) as app:
        return handle(app, admin, RegisterUnit(code=f"U{uuid4().hex[:6]}", name="Sở Nội vụ",
                                               kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                               occurred_on=date(2020, 1, 2))).notification_id


async def test_a_waiting_reader_is_woken_by_the_projectors_notification(
    pools: ServerPools, storage: Tenant, registry: TenantRegistry, tenant: str, admin: Caller,
    project: Callable,
) -> None:
    positions = Positions(pools, recheck_seconds=3600)  # never reads again by itself: only NOTIFY can wake it
    await pools.listen()
    await project()
    notification_id = write_one(registry, tenant, admin)
    waiting = asyncio.create_task(positions.wait_for(storage, "audit", notification_id, timeout=3600))
    await asyncio.sleep(0.2)
    assert not waiting.done()  # the position was read once: not there yet
    await project("timeline")
    await asyncio.sleep(0.2)
    assert not waiting.done()  # another projection's notification does not wake it
    await project("audit")
    await asyncio.wait_for(waiting, 10)


async def test_a_lost_notification_delays_a_waiting_reader_but_does_not_stop_it(
    pools: ServerPools, storage: Tenant, project: Callable, pool
) -> None:
    positions = Positions(pools, recheck_seconds=0.1)
    await pools.listen()
    await project()
    waiting = asyncio.create_task(positions.wait_for(storage, "audit", 5, timeout=3600))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    async with pool.acquire() as conn:  # moved without a NOTIFY
        await conn.execute(f'UPDATE "{storage.schema}".rm_positions SET position = 5 WHERE projection = $1', "audit")
    await asyncio.wait_for(waiting, 10)


async def test_a_reader_waits_no_longer_than_its_timeout(
    pools: ServerPools, storage: Tenant, project: Callable
) -> None:
    positions = Positions(pools, recheck_seconds=0.1)
    await pools.listen()
    await project()
    with pytest.raises(ProjectionTimeoutError) as late:
        await positions.wait_for(storage, "audit", 1, timeout=0.5)
    assert late.value.code == "projection_timeout"


async def test_a_listener_listens_again_after_its_connection_is_reset(database_url: str) -> None:
    channel, name = f"isotrail_test_{uuid4().hex[:8]}", f"isotrail-listener-{uuid4().hex[:8]}"
    received: list[str] = []
    connects = asyncio.Queue()
    listener = Listener(database_url, {channel: received.append}, application_name=name,
                        on_connect=lambda: connects.put_nowait(None), retry_seconds=(0.05, 0.2))
    listener.start()
    conn = await asyncpg.connect(database_url)
    try:
        await asyncio.wait_for(connects.get(), 10)
        await conn.execute("SELECT pg_notify($1, 'before')", channel)
        await asyncio.sleep(0.2)
        terminated = await conn.fetchval("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                         "WHERE application_name = $1", name)
        assert terminated == 1
        await asyncio.wait_for(connects.get(), 10)  # it noticed, connected and listens again
        await conn.execute("SELECT pg_notify($1, 'after')", channel)
        await asyncio.sleep(0.2)
        assert received == ["before", "after"]
    finally:
        await conn.close()
        await listener.close()


async def test_a_channel_added_while_listening_is_heard_and_listened_to_again_after_a_reset(
    database_url: str,
) -> None:
    first, added = (f"isotrail_test_{uuid4().hex[:8]}" for _ in range(2))
    name = f"isotrail-listener-{uuid4().hex[:8]}"
    received: list[str] = []
    listener = Listener(database_url, {first: received.append}, application_name=name, retry_seconds=(0.05, 0.2))
    listener.start()
    conn = await asyncpg.connect(database_url)
    try:
        await asyncio.wait_for(listener.listening.wait(), 10)
        listener.add(added, lambda payload: received.append(f"added:{payload}"))
        assert not listener.listening.is_set()  # not until the new channel's LISTEN is in force
        await asyncio.wait_for(listener.listening.wait(), 10)
        await conn.execute("SELECT pg_notify($1, 'one')", added)
        await conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE application_name = $1", name)
        for _ in range(100):  # the listener notices the reset
            if not listener.listening.is_set():
                break
            await asyncio.sleep(0.02)
        await asyncio.wait_for(listener.listening.wait(), 10)  # connected again, every channel listened to
        await conn.execute("SELECT pg_notify($1, 'two')", added)
        await conn.execute("SELECT pg_notify($1, 'three')", first)
        for _ in range(50):
            if len(received) == 3:
                break
            await asyncio.sleep(0.05)
        assert received == ["added:one", "added:two", "three"]
    finally:
        await conn.close()
        await listener.close()
