"""A fold that fails stops that tenant's projection only, visibly, and resumes by itself once fixed.

A running server with its in-process projector (the real runner); the audit projection's handler of
``Unit.Renamed`` is replaced by one that fails on one name, as a bug in a release could. The failure shows
in ``projections status``, ``/readyz`` and ``/metrics`` with its notification id; the tenant's timeline and
another tenant's projections go on; a mutation of the tenant answers at once with ``projection_failed``;
and when the handler is fixed the projection folds on from where it stopped, and the record goes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections import audit
from isotrail.projections.event_record import EventRecord
from isotrail.projections.runner import RunnerSettings
from isotrail.projections.servers import ServerPools
from isotrail.projections.status import ProjectionStatus, projection_statuses
from isotrail.services.commands import RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.database import Database
from isotrail.services.http_settings import MetricsSettings
from isotrail.services.registry import Registry
from tests.builders import fresh_tenant, projection_runner, register_unit
from tests.graphql.conftest import METRICS_AUTH, METRICS_TOKEN, app_for, served
from tests.projections.test_cli import _run

POISON = "Tên làm hỏng bản đọc"
RENAME = """mutation($id: UUID!, $name: String!) { renameUnit(input: {unitId: $id, name: $name,
  occurredOn: "2021-01-01"}) { ok notificationId userErrors { code field messageVi messageEn } } }"""


@pytest.fixture(scope="module")
def api(database_url: str, authority, registry) -> Iterator[str]:
    """A server whose projector retries a failed projection after 0.2 s, then at most every second."""
    settings = RunnerSettings(discover_seconds=0.2, poll_seconds=0.5, retry_seconds=0.2, max_retry_seconds=1.0)
    projector = projection_runner(database_url, registry.registry, settings)
    app = app_for(database_url, authority, registry, projector=projector,
                  metrics=MetricsSettings(token=METRICS_TOKEN))
    with served(app) as url:
        yield url


def statuses(database_url: str, *tenants: Tenant) -> dict[tuple[Tenant, str], ProjectionStatus]:
    async def read() -> list[ProjectionStatus]:
        pools = ServerPools(database_url, Registry(Database(database_url)))
        try:
            return await projection_statuses(pools, [tenant.slug for tenant in tenants])
        finally:
            await pools.close()
    return {(Tenant(s.tenant), s.projection): s for s in asyncio.run(read())}


def eventually(check: Callable[[], Any], what: str, seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while not (result := check()):
        assert time.monotonic() < deadline, what
        time.sleep(0.05)
    return result


def metric(api: str, name: str, tenant: str, projection: str) -> float:
    text = httpx.get(f"{api}/metrics", headers=METRICS_AUTH, timeout=10).text
    prefix = f'{name}{{projection="{projection}",tenant="{tenant}"}} '
    return float(next(line.removeprefix(prefix) for line in text.splitlines() if line.startswith(prefix)))


def test_a_failing_fold_is_visible_confined_and_resumes_once_fixed(
    api: str, database_url: str, registry, admin, token, monkeypatch: pytest.MonkeyPatch,
) -> None:
    renamed = audit._HANDLERS["Unit.Renamed"]

    def buggy(memory: Any, e: EventRecord) -> None:
        if e.name == POISON:
            raise ValueError("không gấp được sự kiện này")
        renamed(memory, e)

    with fresh_tenant(registry, "Tỉnh hỏng") as broken, fresh_tenant(registry, "Tỉnh lành") as healthy, \
            registry.application(broken) as broken_app, registry.application(healthy) as healthy_app:
        broken_unit, healthy_unit = register_unit(broken_app, admin), register_unit(healthy_app, admin)
        monkeypatch.setitem(audit._HANDLERS, "Unit.Renamed", buggy)
        poisoned = handle(broken_app, admin, RenameUnit(unit_id=broken_unit, name=POISON, occurred_on=date(2021, 1, 1)))
        stopped = eventually(lambda: statuses(database_url, broken)[broken, "audit"].failure,
                             "the failure was not recorded")
        assert stopped.notification_id == poisoned.notification_id and stopped.through_id is None
        assert stopped.error == "ValueError: không gấp được sự kiện này" and stopped.owner.startswith("isotrail")

        # the tenant's other projection, and other tenants, go on
        eventually(lambda: statuses(database_url, broken)[broken, "timeline"].lag == 0, "the timeline stopped")
        later = handle(healthy_app, admin, RenameUnit(unit_id=healthy_unit, name="Sở Tư pháp mới",
                                                      occurred_on=date(2021, 1, 1)))
        eventually(lambda: statuses(database_url, healthy)[healthy, "audit"].position >= later.notification_id,
                   "another tenant's projection stopped")
        assert statuses(database_url, healthy)[healthy, "audit"].failure is None

        # visible: the CLI, /readyz (a count, no slugs), the metrics
        status = _run(database_url, "projections", "status")
        assert status.returncode == 2, status.stdout + status.stderr
        line = next(line for line in status.stdout.splitlines() if broken.slug in line and "audit" in line)
        assert f"at notification {poisoned.notification_id}" in line and "ValueError" in line
        ready = httpx.get(f"{api}/readyz", timeout=10)
        assert ready.status_code == 200 and ready.json()["status"] == "ready"
        assert ready.json()["failed_projections"] == 1
        assert metric(api, "isotrail_projection_failed", broken, "audit") == 1
        assert metric(api, "isotrail_projection_failed_notification_id", broken, "audit") == poisoned.notification_id
        assert metric(api, "isotrail_projection_failed", healthy, "audit") == 0

        # a mutation of the stopped tenant is stored, and says at once why it will not show yet
        admin_token = token(broken, Role.TENANT_ADMIN)
        body = httpx.post(f"{api}/graphql", timeout=30, headers={"Authorization": f"Bearer {admin_token}"},
                          json={"query": RENAME, "variables": {"id": str(broken_unit), "name": "Sở Tư pháp"}}).json()
        result = body["data"]["renameUnit"]
        assert result["ok"] is True
        [error] = result["userErrors"]
        assert error["code"] == "PROJECTION_FAILED" and str(poisoned.notification_id) in error["messageEn"]
        assert "bảng tổng hợp audit" in error["messageVi"]

        # the fix: the projection folds on from where it stopped, and the record goes
        monkeypatch.setitem(audit._HANDLERS, "Unit.Renamed", renamed)
        eventually(lambda: (s := statuses(database_url, broken)[broken, "audit"]).failure is None and s.lag == 0,
                   "the projection did not resume")
        units = httpx.post(f"{api}/graphql", timeout=30, headers={"Authorization": f"Bearer {token(broken)}"},
                           json={"query": "{ units { nodes { name } } }"}).json()
        assert units["data"]["units"]["nodes"] == [{"name": "Sở Tư pháp"}]
        assert httpx.get(f"{api}/readyz", timeout=10).json()["failed_projections"] == 0
        assert metric(api, "isotrail_projection_failed", broken, "audit") == 0
        assert _run(database_url, "projections", "status").returncode == 0
