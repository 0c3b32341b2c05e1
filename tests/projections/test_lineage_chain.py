"""Through merges one after another (Sóc Trăng into Cần Thơ, Cần Thơ into a later successor), the last successor's
read models fold each predecessor's events in the order they were recorded (issue 17, review): a stream Cần Thơ
continued sorts after Sóc Trăng's part of it in the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from isotrail.services.commands import RenameUnit
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, register_unit
from tests.projections.conftest import rows
from tests.projections.test_lineage import _projector


async def test_a_chained_predecessors_events_fold_in_the_order_they_were_recorded(
    registry: TenantRegistry, admin: Caller, pool: Any
) -> None:
    """The successor merged later (Cần Thơ) continued the stream of the one merged before (Sóc Trăng): its events
    sort after, in the last successor's timeline, as they were recorded."""
    with (fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as soc_trang, fresh_tenant(registry, "Sở KH&CN Cần Thơ")
          as can_tho, fresh_tenant(registry, "Sở KH&CN vùng Tây Nam Bộ") as later):
        with registry.application(soc_trang) as app:
            unit_id = register_unit(app, admin, "Sở Tư pháp tỉnh Sóc Trăng")
        merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        registry.handle(can_tho, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp (khu vực Sóc Trăng)",
                                                   occurred_on=date(2025, 7, 1)))
        merge_tenants(registry, later, [can_tho], date(2026, 1, 1))
        registry.handle(later, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp (vùng)",
                                                 occurred_on=date(2026, 1, 1)))
        sources = (await registry.registry.lineages())[later.slug]
        projector = _projector(pool, later, sources)
        await projector.prepare()
        await projector.catch_up()
        timeline = await rows(pool, later, "rm_timeline", "notification_id")
        assert [row["version"] for row in timeline] == [1, 2, 3]
        [unit] = await rows(pool, later, "rm_units", "unit_id")
        assert (unit["version"], unit["name"]) == (3, "Sở Tư pháp (vùng)")
