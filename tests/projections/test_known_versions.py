"""A tenant's read-models version is read by one statement, then known without one while the process hears
nothing of the tenant: a projector's batch, a rebuild's swap and a listener's reconnection make it read again,
and so does its age; without a LISTEN in force it is read every time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.projections.read_models_version import KnownVersions
from isotrail.projections.servers import ServerPools
from isotrail.projections.tracking import tracking
from isotrail.projections.waiting import Positions
from isotrail.services.commands import RegisterUnit
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry

LISTENER = f"known-versions-{uuid4().hex[:8]}"  # this module's listener, to cut it


@pytest.fixture
async def pools(database_url: str, registry) -> AsyncIterator[ServerPools]:
    pools = ServerPools(database_url, registry.registry, application_name=LISTENER)
    try:
        yield pools
    finally:
        await pools.close()


class Counted:
    """Connections of ``pool``, counted as they are lent."""

    def __init__(self, pool: Any) -> None:
        self.pool, self.lent = pool, 0

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[Any]:
        self.lent += 1
        async with self.pool.acquire() as conn:
            yield conn


async def heard_of(positions: Positions, slug: str, before: tuple[int, int]) -> None:
    for _ in range(200):
        if positions.heard(slug) != before:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("nothing was heard of the tenant")


def register(registry: TenantRegistry, tenant: str, admin: Caller) -> None:
    with registry.application(tenant) as app:
        handle(app, admin, RegisterUnit(code=f"U{uuid4().hex[:6]}", name="Sở Nội vụ",
                                        kind=UnitKind.PROVINCIAL_DEPARTMENT, occurred_on=date(2020, 1, 2)))


async def test_a_version_is_read_again_only_once_something_is_heard_of_the_tenant(
    pools: ServerPools, pool: Any, storage: Tenant, registry: TenantRegistry, tenant: str, admin: Caller,
    project: Callable,
) -> None:
    positions = Positions(pools)
    await pools.listen()
    await project()
    versions, counted = KnownVersions(positions, max_age_seconds=3600), Counted(pool)
    first = await versions.version(counted.acquire, storage)
    assert first is not None and counted.lent == 1
    assert await versions.version(counted.acquire, storage) == first and counted.lent == 1  # known
    heard = positions.heard(storage.slug)
    register(registry, tenant, admin)
    await project()  # the batch NOTIFYs its position
    await heard_of(positions, storage.slug, heard)
    second = await versions.version(counted.acquire, storage)
    assert second != first and counted.lent == 2
    heard = positions.heard(storage.slug)
    async with pool.acquire() as conn:  # a rebuild's swap may leave the position as it was, and is heard too
        statements = tracking(storage)
        await conn.fetch(statements.set, "audit", await conn.fetchval(statements.read_one, "audit"))
    await heard_of(positions, storage.slug, heard)
    assert await versions.version(counted.acquire, storage) != second and counted.lent == 3


async def test_a_version_is_read_every_time_without_a_listen_or_once_too_old(
    pools: ServerPools, pool: Any, storage: Tenant, project: Callable,
) -> None:
    await project()
    positions = Positions(pools)  # nobody listens on the server
    counted = Counted(pool)
    deaf = KnownVersions(positions, max_age_seconds=3600)
    for lent in (1, 2):
        await deaf.version(counted.acquire, storage)
        assert counted.lent == lent
    await pools.listen()
    aged = KnownVersions(positions, max_age_seconds=0)
    for lent in (3, 4):
        await aged.version(counted.acquire, storage)
        assert counted.lent == lent


async def test_a_reconnected_listener_makes_every_version_read_again(
    pools: ServerPools, pool: Any, storage: Tenant, project: Callable,
) -> None:
    positions = Positions(pools)
    await pools.listen()
    await project()
    versions, counted = KnownVersions(positions, max_age_seconds=3600), Counted(pool)
    await versions.version(counted.acquire, storage)
    await versions.version(counted.acquire, storage)
    assert counted.lent == 1
    heard = positions.heard(storage.slug)
    async with pool.acquire() as conn:  # the LISTEN connection is cut: what was NOTIFY'd meanwhile may be lost
        cut = await conn.fetchval("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE application_name = $1 AND query LIKE 'LISTEN%'", LISTENER)
    assert cut == 1
    await heard_of(positions, storage.slug, heard)
    await versions.version(counted.acquire, storage)
    assert counted.lent == 2


async def test_a_position_a_waiting_mutation_reads_makes_the_version_read_again(
    pools: ServerPools, pool: Any, storage: Tenant, project: Callable,
) -> None:
    """A mutation's wait may read its write's position before this process hears the batch's NOTIFY (the
    listener's backend sends it when it wakes): the mutation is answered, and the client's next query must
    not be served the version known before."""
    positions = Positions(pools)
    await pools.listen()
    await project()
    versions, counted = KnownVersions(positions, max_age_seconds=3600), Counted(pool)
    first = await versions.version(counted.acquire, storage)
    statements = tracking(storage)
    async with pool.acquire() as conn:  # a batch committed, its NOTIFY not heard yet (here: none sent)
        position = await conn.fetchval(statements.read_one, "audit")
        await conn.execute(f"UPDATE {statements.positions} SET position = position WHERE projection = 'audit'")
    await positions.wait_for(storage, "audit", position)  # answered by reading the position
    assert await versions.version(counted.acquire, storage) != first
    assert counted.lent == 2
