"""The live timeline fan-out on real PostgreSQL: one feed per tenant hands each new entry to every
subscriber (filtered by unit), reads once per wake whatever the subscribers, ends one that falls behind
without holding up the others, and ends them all when the tenant may no longer be followed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import date

import pytest

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.projections.fanout import TimelineFanout
from isotrail.projections.servers import ServerPools
from isotrail.projections.timeline_subscriber import Subscriber, SubscriberTooSlowError
from isotrail.projections.waiting import Positions
from isotrail.services.commands import RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import register_unit


class SuspendedError(IsotrailError):
    """What a check that refuses the tenant says, in these tests."""

    code = "tenant_inactive"


@pytest.fixture
async def pools(database_url: str, registry) -> AsyncIterator[ServerPools]:
    statements: list[str] = []
    pools = ServerPools(database_url, registry.registry, on_query=lambda record: statements.append(record.query))
    pools.statements = statements  # type: ignore[attr-defined] - what the fan-out ran, for the test
    try:
        yield pools
    finally:
        await pools.close()


async def entries(subscriber: Subscriber, count: int) -> list[dict]:
    received = []
    async for row in subscriber:
        received.append(row)
        if len(received) == count:
            return received
    return received


async def test_every_subscriber_gets_its_entries_from_one_read_per_wake(
    pools: ServerPools, storage: Tenant, registry: TenantRegistry, tenant: str, admin: Caller,
    project: Callable,
) -> None:
    await project()
    with registry.application(tenant) as app:
        first, second = register_unit(app, admin), register_unit(app, admin, name="Sở Y tế")
    await project()
    fanout = TimelineFanout(pools, Positions(pools), lambda _slug: asyncio.sleep(0, None), check_seconds=3600)
    await pools.listen()
    async with fanout.subscribe(storage, unit_id=None, owner="a", max_per_owner=10) as everything, \
            fanout.subscribe(storage, unit_id=first, owner="b", max_per_owner=10) as one_unit, \
            fanout.subscribe(storage, unit_id=None, owner="c", max_per_owner=10) as again:
        assert fanout.feeds == 1
        await asyncio.sleep(0.2)
        pools.statements.clear()
        with registry.application(tenant) as app:
            handle(app, admin, RenameUnit(unit_id=first, name="Sở Nội vụ mới", occurred_on=date(2020, 2, 1)))
            handle(app, admin, RenameUnit(unit_id=second, name="Sở Y tế mới", occurred_on=date(2020, 2, 1)))
        await project()
        got = await asyncio.wait_for(asyncio.gather(entries(everything, 2), entries(one_unit, 1), entries(again, 2)),
                                     10)
    assert [[row["event_type"] for row in rows] for rows in got] == [["Renamed"] * 2, ["Renamed"], ["Renamed"] * 2]
    assert got[1][0]["unit_id"] == first
    assert [query for query in pools.statements if "rm_timeline" in query] != []
    assert len([query for query in pools.statements if "rm_timeline" in query]) <= 2  # one per wake, not per subscriber
    assert fanout.feeds == 0  # the feed stops with its last subscriber


async def test_a_subscriber_that_falls_behind_is_ended_and_the_others_go_on(
    pools: ServerPools, storage: Tenant, registry: TenantRegistry, tenant: str, admin: Caller,
    project: Callable,
) -> None:
    await project()
    fanout = TimelineFanout(pools, Positions(pools), lambda _slug: asyncio.sleep(0, None), check_seconds=3600,
                            queue_size=5)
    await pools.listen()
    async with fanout.subscribe(storage, unit_id=None, owner="slow", max_per_owner=1) as slow, \
            fanout.subscribe(storage, unit_id=None, owner="fast", max_per_owner=1) as fast:
        keeping_up = asyncio.create_task(entries(fast, 12))
        for _ in range(3):
            with registry.application(tenant) as app:
                for _ in range(4):
                    register_unit(app, admin)
            await project()
            await asyncio.sleep(0.1)
        assert len(await asyncio.wait_for(keeping_up, 10)) == 12
        with pytest.raises(SubscriberTooSlowError):
            await entries(slow, 12)


async def test_every_subscription_of_a_tenant_that_may_no_longer_be_followed_ends(
    pools: ServerPools, storage: Tenant, project: Callable,
) -> None:
    await project()
    refusal: list[IsotrailError] = []

    async def check(_slug: str) -> IsotrailError | None:
        return refusal[0] if refusal else None

    fanout = TimelineFanout(pools, Positions(pools), check, check_seconds=3600)
    await pools.listen()
    async with fanout.subscribe(storage, unit_id=None, owner="a", max_per_owner=1) as first, \
            fanout.subscribe(storage, unit_id=None, owner="b", max_per_owner=1) as second:
        refusal.append(SuspendedError())
        fanout.recheck(storage.slug)  # as the registry's NOTIFY does
        for subscriber in (first, second):
            with pytest.raises(SuspendedError):
                await asyncio.wait_for(entries(subscriber, 1), 10)
