"""Real PostgreSQL for every test: TEST_DATABASE_URL, else testcontainers, else the embedded server.

Each test that writes gets its own tenant, so its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.database import Database
from isotrail.services.database_settings import TenantSettings
from isotrail.services.embedded_postgres import start_embedded_postgres
from isotrail.services.permissions import Caller
from isotrail.services.registry import Registry
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenants import TenantRegistry
from tests.builders import new_tenant_slug, scratch_database

REPO_ROOT = Path(__file__).resolve().parent.parent
MEASUREMENTS: list[str] = []


@pytest.fixture
def report() -> Callable[[str], None]:
    """Print a measured figure in the run's summary, even under -q."""
    return MEASUREMENTS.append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if MEASUREMENTS:
        terminalreporter.section("measurements")
        for line in MEASUREMENTS:
            terminalreporter.write_line(line)


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
    except Exception:
        return False
    return True


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:  # a database of this run's own: projectors of other runs on the server follow every tenant of theirs
        with scratch_database(url, "isotrail_test") as own:
            yield own
    elif _docker_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver=None) as container:
            yield container.get_connection_url()
    else:
        yield start_embedded_postgres(REPO_ROOT / ".isotrail" / "test")


@pytest.fixture
def own_database(database_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped afterwards: for processes that must not
    meet other tests' projectors, which follow every tenant of the database they run on."""
    with scratch_database(database_url, "isotrail_own") as url:
        yield url


@pytest.fixture(scope="session")
def database(database_url: str) -> Database:
    return Database(database_url)


@pytest.fixture(scope="session")
def registry(database: Database) -> Iterator[TenantRegistry]:
    registry = TenantRegistry(Registry(database), TenantSettings())
    try:
        yield registry
    finally:
        registry.close()


@pytest.fixture
def tenant(registry: TenantRegistry) -> Iterator[Tenant]:
    """A fresh tenant (its own schema), purged after the test."""
    tenant = Tenant(new_tenant_slug())
    registry.create(tenant, "Tỉnh thử nghiệm")
    try:
        yield tenant
    finally:
        registry.purge(tenant)


@pytest.fixture
def app(registry: TenantRegistry, tenant: Tenant) -> Iterator[TenantApplication]:
    with registry.application(tenant) as application:
        yield application


@pytest.fixture
def admin() -> Caller:
    return Caller("admin-1", Role.TENANT_ADMIN, correlation_id="test-correlation")


@pytest.fixture
def inspector() -> Caller:
    return Caller("inspector-1", Role.INSPECTOR)
