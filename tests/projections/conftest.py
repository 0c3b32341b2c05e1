"""Projection tests: a tenant, its Application and an asyncpg pool on the same real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator:
    pool = await create_pool(database_url, max_size=6)
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
def storage(tenant: Tenant) -> Tenant:
    return tenant


@pytest.fixture
def project(pool, storage: Tenant) -> Callable:
    """Catch every projection (or the named ones) up with the tenant's log."""

    async def catch_up(*names: str, batch_size: int = 5000) -> dict[str, int]:
        folded = {}
        for name in names or tuple(PROJECTIONS):
            projector = Projector(pool, storage, [build_projection(name, storage)], batch_size=batch_size)
            await projector.prepare()
            folded[name] = await projector.catch_up()
        return folded

    return catch_up


async def rows(pool, storage: Tenant, table: str, order_by: str) -> list[dict]:
    async with pool.acquire() as conn:
        return [dict(r) for r in await conn.fetch(f'SELECT * FROM "{storage.schema}".{table} ORDER BY {order_by}')]
