"""The projector process finds new tenants without a restart and is woken by the event store's NOTIFY."""

from __future__ import annotations

import asyncio
import time
from datetime import date

from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.projections.queries import units
from isotrail.projections.runner import RunnerSettings
from isotrail.projections.servers import ServerPools
from isotrail.projections.waiting import Positions
from isotrail.services.commands import RegisterUnit, RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import new_tenant_slug, projection_runner


async def test_a_running_projector_picks_up_a_new_tenant_and_is_woken_by_notify(
    registry: TenantRegistry, database_url: str, admin: Caller, pool, report
) -> None:
    slug = new_tenant_slug()
    storage = Tenant(slug)
    # Polling once an hour: only NOTIFY can make the read model follow within the waits below.
    runner = projection_runner(database_url, registry.registry,
                               RunnerSettings(poll_seconds=3600, discover_seconds=0.2, tenants=(slug,)))
    stop = asyncio.Event()
    running = asyncio.create_task(runner.run(stop))
    pools = ServerPools(database_url, registry.registry)
    positions = Positions(pools)
    await pools.listen()
    try:
        await asyncio.sleep(0.3)  # the runner is up before the tenant exists
        registry.create(storage, "Tỉnh mới")
        with registry.application(storage) as app:
            first = handle(app, admin, RegisterUnit(code="SNV", name="Sở Nội vụ", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                                    occurred_on=date(2020, 1, 2)))
            await positions.wait_for(storage, "audit", first.notification_id, timeout=30)
            latencies = []
            for n in range(20):
                recorded = handle(app, admin, RenameUnit(unit_id=first.aggregate_id, name=f"Sở Nội vụ ({n})",
                                                         occurred_on=date(2020, 2, 1)))
                started = time.perf_counter()
                await positions.wait_for(storage, "timeline", recorded.notification_id, timeout=30)
                await positions.wait_for(storage, "audit", recorded.notification_id, timeout=30)
                latencies.append(time.perf_counter() - started)
        async with pool.acquire() as conn:
            page = await units(conn, storage)
        assert [u["name"] for u in page.items] == ["Sở Nội vụ (19)"]
        assert runner.owned.keys() == {(slug, "audit"), (slug, "timeline")}
        latencies.sort()
        report(f"live projector (NOTIFY, no polling): command → both read models, 20 commands: "
               f"median {latencies[10] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    finally:
        stop.set()
        await running
        await pools.close()
        registry.purge(storage)
