"""The read side's reads of the registry (projections/servers.py): a cached answer costs no worker thread,
and a registry whose database does not answer is one of the read side's "database is gone" errors, which
the API answers with the typed ``database_unavailable``."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.graphql.unavailable import database_unavailable
from isotrail.projections.driver import RegistryUnavailableError
from isotrail.projections.servers import ServerPools
from isotrail.services.database import Database
from isotrail.services.tenants import TenantRegistry


async def test_a_cached_registry_answer_takes_no_thread(registry: TenantRegistry, tenant: Tenant,
                                                       monkeypatch) -> None:
    pools = ServerPools(registry.database.url, registry.registry)
    registry.registry.changed(tenant.slug)
    assert (await pools.registered(tenant)).status is TenantStatus.ACTIVE  # read in a thread, and kept

    async def no_thread(*_: object, **__: object) -> None:
        raise AssertionError("a cached answer took a worker thread")

    monkeypatch.setattr(asyncio, "to_thread", no_thread)
    assert (await pools.registered(tenant)).status is TenantStatus.ACTIVE
    assert await pools.server_of(tenant) is None


async def test_a_registry_that_does_not_answer_is_the_typed_database_unavailable(
        registry: TenantRegistry, tenant: Tenant, monkeypatch) -> None:
    pools = ServerPools(registry.database.url, registry.registry)

    def refused(_: Database) -> psycopg.Connection:
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(Database, "connect", refused)
    registry.registry.changed(tenant.slug)
    for read in (pools.registered(tenant), pools.placements(active_only=True)):
        with pytest.raises(RegistryUnavailableError) as raised:
            await read
        assert database_unavailable(raised.value).code == "database_unavailable"
