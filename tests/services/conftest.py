"""Fixtures the service tests share beyond tests/conftest.py's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from isotrail.services.database import Database
from isotrail.services.registry import Registry
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenants import TenantRegistry


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
