"""A download link of a province merged since it was signed is refused as the province's own token is: a merged
tenant is read only through its successor (services/availability_errors.py), so its links serve nothing either,
however fresh."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date

import httpx
import pytest

from isotrail.domain.roles import Role
from isotrail.projections.runner import RunnerSettings
from isotrail.services.auth import TokenAuthority
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import approved_programme, fresh_tenant, project_all, projection_runner
from tests.graphql.conftest import app_for, served

PLAN = "query($id: UUID!) { programme(id: $id) { inspectionPlan(format: DOCX) { url } } }"


@pytest.fixture(scope="module")
def api(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    projector = projection_runner(database_url, registry.registry,
                                  RunnerSettings(discover_seconds=0.2, poll_seconds=0.5))
    with served(app_for(database_url, authority, registry, projector=projector)) as base:
        yield base


def test_a_merged_province_s_link_serves_nothing(
    api: str, graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry, database_url: str,
) -> None:
    with (fresh_tenant(registry, "Sở Khoa học và Công nghệ tỉnh Hậu Giang") as predecessor,
          fresh_tenant(registry, "Sở Khoa học và Công nghệ thành phố Cần Thơ") as successor):
        with registry.application(predecessor) as app:
            programme_id, _units = approved_programme(app, Caller("test-admin", Role.TENANT_ADMIN))
        project_all(database_url, predecessor)
        url = graphql(PLAN, token(predecessor, Role.INSPECTOR), {"id": str(programme_id)})["data"]["programme"][
            "inspectionPlan"]["url"]
        assert httpx.get(url, timeout=30).status_code == 200
        merge_tenants(registry, successor, [predecessor], date(2025, 7, 1))
        deadline = time.monotonic() + 10
        while (response := httpx.get(url, timeout=30)).status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.2)  # the server forgets its cached word on the tenant when the registry notifies
        assert response.status_code == 410, response.status_code
        error = response.json()["errors"][0]["extensions"]
        assert error["code"] == "tenant_merged" and successor.slug in error["message_en"]
