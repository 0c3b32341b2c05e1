"""Fixtures the service tests share beyond tests/conftest.py's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.services.database import Database
from isotrail.services.registry import Registry
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenants import TenantRegistry
from tests.builders import seeded_tenant

SOC_TRANG = "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"


@pytest.fixture
def two_processes(
    registry: TenantRegistry, database: Database, tenant: str
) -> Iterator[tuple[TenantApplication, TenantApplication]]:
    """The tenant's Application in this process and in another (its own registry, pool and cache)."""
    other_process = TenantRegistry(Registry(database), registry.settings)
    try:
        with registry.application(tenant) as mine, other_process.application(tenant) as theirs:
            yield mine, theirs
    finally:
        other_process.close()


@pytest.fixture(scope="session")
def soc_trang(registry: TenantRegistry, database_url: str) -> Iterator[Tenant]:
    """A tenant named as the Sóc Trăng DOST holding the replayed 2020 programme, its read models caught up; shared
    by the document tests, which only read it (the CLI's printing records issues there, which none of them counts)."""
    with seeded_tenant(registry, database_url, SOC_TRANG) as slug:
        yield slug
