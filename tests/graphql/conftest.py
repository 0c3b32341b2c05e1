"""GraphQL over real HTTP: uvicorn on a loopback port, serving the app against the test PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.graphql.app import create_app
from isotrail.projections.runner import RunnerSettings
from isotrail.services.auth import TokenAuthority
from isotrail.services.entrypoints.bootstrap import api_read_pools
from isotrail.services.entrypoints.http_server import server_config
from isotrail.services.http_settings import HttpSettings, MetricsSettings
from isotrail.services.tenants import TenantRegistry
from tests.builders import projection_runner, seeded_tenant

SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"  # noqa: S105 - a test key
METRICS_TOKEN = "test-metrics-token-0123456789"  # noqa: S105 - a test token
METRICS_AUTH = {"Authorization": f"Bearer {METRICS_TOKEN}"}


@pytest.fixture(scope="session")
def authority() -> TokenAuthority:
    return TokenAuthority(SECRET)


def app_for(database_url: str, authority: TokenAuthority, registry: TenantRegistry, *, pool_size: int = 8,
            **options: Any) -> Any:
    """The app as the composition root wires it (the API's read pools, of ``pool_size``), on the test database."""
    return create_app(authority, registry, api_read_pools(database_url, registry.registry, pool_size), **options)


@contextmanager
def served(app: Any, http: HttpSettings | None = None) -> Iterator[str]:
    """The base URL of ``app`` served as ``serve`` and ``api`` serve it (services/entrypoints/http_server.py), on a
    free loopback port, until the block ends."""
    server = uvicorn.Server(server_config(app, http or HttpSettings(), host="127.0.0.1", port=0))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def api(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    """The base URL of a running server, with its projector; per module, so that the projector (which
    follows every tenant) stops before other modules' tests run their own projectors. ``/metrics`` answers
    requests bearing :data:`METRICS_TOKEN`."""
    projector = projection_runner(database_url, registry.registry,
                                  RunnerSettings(discover_seconds=0.2, poll_seconds=0.5))
    app = app_for(database_url, authority, registry, projector=projector,
                  metrics=MetricsSettings(token=METRICS_TOKEN))
    with served(app) as base:
        yield base


@pytest.fixture(scope="session")
def soc_trang(registry: TenantRegistry, database_url: str) -> Iterator[str]:
    """A tenant holding the replayed 2020 programme with its read models caught up (read-only in tests)."""
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as slug:
        yield slug


@pytest.fixture
def graphql(api: str) -> Callable[..., dict]:
    """POST a query with a token; asserts the HTTP status and returns the JSON body."""

    def post(query: str, token: str | None, variables: dict | None = None, status: int = 200) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = httpx.post(f"{api}/graphql", json={"query": query, "variables": variables or {}},
                              headers=headers, timeout=30)
        assert response.status_code == status, response.text
        return response.json()

    return post


@pytest.fixture
def read_statements(api: str) -> Callable[[], float]:
    """How many SQL statements the API's read pool has run so far to answer requests (its Prometheus counters):
    the response cache's reads of a read-models version left out, which it makes when it has heard of a change or
    once a second (projections/read_models_version.py), whatever the request."""

    def count() -> float:
        lines = httpx.get(f"{api}/metrics", headers=METRICS_AUTH, timeout=10).text.splitlines()
        value = {name: float(next(line.split()[1] for line in lines if line.startswith(f"{name} ")))
                 for name in ("isotrail_read_queries_total", "isotrail_read_models_version_reads_total")}
        return value["isotrail_read_queries_total"] - value["isotrail_read_models_version_reads_total"]

    return count


@pytest.fixture
def token(authority: TokenAuthority) -> Callable[..., str]:
    def mint(tenant: Tenant | str, role: Role = Role.VIEWER, **kwargs: object) -> str:
        tenant = tenant if isinstance(tenant, Tenant) else Tenant(tenant)
        return authority.mint(tenant=tenant, role=role, subject=f"test-{role.value}", **kwargs)

    return mint
