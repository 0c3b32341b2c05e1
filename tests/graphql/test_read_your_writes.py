"""A mutation waits for the read model to show its write without holding a read-pool connection: with a
pool of one connection and no projector, a mutation waits (and answers ``projection_timeout``) while reads
go on through that one connection."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import httpx
import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.services.auth import TokenAuthority
from isotrail.services.tenants import TenantRegistry
from tests.graphql.conftest import app_for, served

REGISTER = """mutation { registerUnit(input: {code: "SNV", name: "Sở Nội vụ", kind: PROVINCIAL_DEPARTMENT,
  occurredOn: "2020-01-02"}) { ok userErrors { code messageVi } } }"""
READ = "{ units(first: 5) { nodes { name } } }"


@pytest.fixture(scope="module")
def api(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    """A server with one read connection and no projector: a write is never shown."""
    with served(app_for(database_url, authority, registry, pool_size=1)) as base:
        yield base


async def test_a_waiting_mutation_leaves_the_read_pool_to_others(
    api: str, tenant: Tenant, database_url: str, token: Callable[..., str]
) -> None:
    storage = tenant
    pool = await create_pool(database_url)
    try:  # the read models exist (empty), but nobody folds into them
        await Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS]).prepare()
    finally:
        await pool.close()
    async with httpx.AsyncClient(base_url=api, timeout=30) as client:
        def post(query: str, role: Role) -> asyncio.Task[httpx.Response]:
            return asyncio.create_task(client.post("/graphql", json={"query": query},
                                                   headers={"Authorization": f"Bearer {token(tenant, role)}"}))

        mutation = post(REGISTER, Role.TENANT_ADMIN)
        await asyncio.sleep(1)  # stored, and waiting for the read model
        assert not mutation.done()
        for _ in range(3):
            read = (await post(READ, Role.VIEWER)).json()
            assert read["data"] == {"units": {"nodes": []}}
        assert not mutation.done()  # the reads did not wait for it
        answer = (await mutation).json()["data"]["registerUnit"]
    assert answer["ok"]
    assert [error["code"] for error in answer["userErrors"]] == ["PROJECTION_TIMEOUT"]
    assert answer["userErrors"][0]["messageVi"].startswith("Dữ liệu đã được ghi")
