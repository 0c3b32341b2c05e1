"""The ministry's national read through merges one after another (Sóc Trăng into Cần Thơ, Cần Thơ into a later
successor): every programme once, under the province that made it, whether the last successor's read models have
folded nothing yet (Cần Thơ's own read models, which fold Sóc Trăng's, must not show Sóc Trăng's a second time) or
everything."""

from __future__ import annotations

from datetime import date
from typing import Any

from isotrail.domain.tenancy import Tenant
from isotrail.projections.national_queries import national_summaries
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants, provinces
from isotrail.services.tenants import TenantRegistry
from tests.builders import draft_programme, fresh_tenant
from tests.projections.test_lineage import _projector


async def _fold(pool: Any, registry: TenantRegistry, tenant: Tenant) -> None:
    projector = _projector(pool, tenant, (await registry.registry.lineages()).get(tenant.slug, ()))
    await projector.prepare()
    await projector.catch_up()


async def _national_2020(pool: Any, registry: TenantRegistry, tenant: Tenant) -> list[tuple[str, Any]]:
    current, lineage = provinces(registry.list())
    async with pool.acquire() as conn:
        rows = await national_summaries(conn, [(slug, name) for slug, name, _ in current if slug == tenant.slug],
                                        2020, lineage)
    return sorted((row["tenant"], row["programme_id"]) for row in rows)


async def test_through_merges_one_after_another_each_programme_shows_once_folded_or_not(
    registry: TenantRegistry, admin: Caller, pool: Any
) -> None:
    with (fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as soc_trang, fresh_tenant(registry, "Sở KH&CN Cần Thơ")
          as can_tho, fresh_tenant(registry, "Sở KH&CN vùng Tây Nam Bộ") as later):
        made = []
        for tenant in (soc_trang, can_tho):
            with registry.application(tenant) as app:
                made.append((tenant.slug, draft_programme(app, admin)))
            await _fold(pool, registry, tenant)  # Sóc Trăng's own read models; then Cần Thơ's, folding Sóc Trăng's
        merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        await _fold(pool, registry, can_tho)
        merge_tenants(registry, later, [can_tho], date(2026, 1, 1))
        assert await _national_2020(pool, registry, later) == sorted(made)  # the later one has folded nothing
        await _fold(pool, registry, later)
        assert await _national_2020(pool, registry, later) == sorted(made)
