"""The registry's one cache: a change forgets a tenant's row, and a row read before that change is not kept
after it (the change's NOTIFY, or another thread's change, may land while a read is under way)."""

from __future__ import annotations

from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.projections.pool import create_pool
from isotrail.services import registry as registry_module
from isotrail.services.tenants import TenantRegistry


async def test_an_async_read_overtaken_by_a_change_is_not_kept(database_url: str, registry: TenantRegistry,
                                                                tenant: Tenant) -> None:
    pool = await create_pool(database_url)
    try:
        class Overtaken:
            """Reads the row, then the tenant is suspended (and forgotten) before the answer is kept."""

            async def fetch(self, query: str, *args: object) -> list:
                rows = await pool.fetch(query, *args)
                registry.set_status(tenant, TenantStatus.SUSPENDED)
                return rows

        read = await registry.registry.registered(tenant, Overtaken())
        assert read is not None and read.status is TenantStatus.ACTIVE  # as read
        after = await registry.registry.registered(tenant, pool)
        assert after is not None and after.status is TenantStatus.SUSPENDED
    finally:
        await pool.close()


def test_a_sync_read_overtaken_by_a_change_is_not_kept(registry: TenantRegistry, tenant: Tenant,
                                                       monkeypatch) -> None:
    find = registry_module.find

    def overtaken(conn, storage):
        found = find(conn, storage)
        monkeypatch.setattr(registry_module, "find", find)
        registry.set_status(tenant, TenantStatus.SUSPENDED)
        return found

    registry.registry.changed(tenant.slug)
    monkeypatch.setattr(registry_module, "find", overtaken)
    assert registry.registry.recent(tenant).status is TenantStatus.ACTIVE  # as read
    assert registry.registry.recent(tenant).status is TenantStatus.SUSPENDED
