"""After 1 Jul 2025 Sóc Trăng is part of Cần Thơ (services/tenant_merge.py): a Cần Thơ token reads Sóc Trăng's 2020
programme, figures, timelines and time travel as its own, with its role's usual limits; a Sóc Trăng token is
refused with tenant_merged; a third province reads none of it, refused as for any id it does not hold; the
ministry still reads Sóc Trăng's 2020 figures, under Sóc Trăng, once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, new_tenant_slug, seeded_tenant
from tests.processes import wait_until

SOC_TRANG = "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"
CAN_THO = "Sở Khoa học và Công nghệ thành phố Cần Thơ"
FIGURES = "unitsInScope inspected unitsWithNonconformities unitsReported"
PROGRAMMES = f"{{ programmes(filter: {{year: 2020}}) {{ nodes {{ uuid planNumber summary {{ {FIGURES} }} }} }} }}"
UNIT_AS_OF = "query($id: UUID!) { unitAsOf(id: $id, asOfVersion: 1) { uuid name version } }"
HISTORY = "query($id: UUID!) { history(aggregateId: $id) { version } }"
TIMELINE = "query($id: UUID!) { unit(id: $id) { name timeline(first: 3) { nodes { notificationId summaryVi } } } }"
THE_ARTICLE = {"unitsInScope": 78, "inspected": 78, "unitsWithNonconformities": 27, "unitsReported": 27}


@pytest.fixture(scope="module")
def merged(registry: TenantRegistry, database_url: str) -> Iterator[tuple[Tenant, Tenant]]:
    """(Sóc Trăng holding the replayed 2020 programme, Cần Thơ), the first merged into the second with Hậu Giang."""
    with seeded_tenant(registry, database_url, SOC_TRANG) as soc_trang, fresh_tenant(registry, "Hậu Giang") as other:
        can_tho = Tenant(new_tenant_slug())
        merge_tenants(registry, can_tho, [soc_trang, other], date(2025, 7, 1), display_name=CAN_THO)
        try:
            yield soc_trang, can_tho
        finally:
            registry.purge(can_tho)


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


@pytest.fixture(scope="module")
def seed_units(registry: TenantRegistry, merged: tuple[Tenant, Tenant]) -> list[Any]:
    """Sóc Trăng's units as its event store holds them."""
    with registry.application(merged[0], read_only=True) as app:
        return sorted(app.unit_register(), key=lambda unit: unit.code)


def _caught_up(graphql: Any, bearer: str) -> dict:
    """Cần Thơ's 2020 programme once the API's projector has folded Sóc Trăng's log into its read models."""
    def figures() -> dict | None:
        nodes = graphql(PROGRAMMES, bearer)["data"]["programmes"]["nodes"]
        return nodes[0] if nodes and nodes[0]["summary"] == THE_ARTICLE else None
    return wait_until(figures, "Cần Thơ's projections to fold Sóc Trăng's log", timeout=180)  # type: ignore[return-value]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR, Role.INSPECTOR, Role.TENANT_ADMIN])
def test_a_successor_token_reads_the_predecessors_programme_and_figures_as_its_own(
    graphql: Any, token: Any, merged: tuple[Tenant, Tenant], role: Role
) -> None:
    programme = _caught_up(graphql, token(merged[1], role))
    assert programme["planNumber"] == "35/KH-UBND" and programme["summary"] == THE_ARTICLE  # 78/78, 27/78, 27/27


def test_a_successor_token_travels_in_time_through_a_predecessors_unit(
    graphql: Any, token: Any, merged: tuple[Tenant, Tenant], seed_units: list[Any], registry: TenantRegistry
) -> None:
    soc_trang, can_tho = merged
    auditor = token(can_tho, Role.AUDITOR)
    _caught_up(graphql, auditor)
    unit = seed_units[0]
    as_of = graphql(UNIT_AS_OF, auditor, {"id": str(unit.id)})["data"]["unitAsOf"]
    assert as_of == {"uuid": str(unit.id), "name": unit.name, "version": 1}
    history = graphql(HISTORY, auditor, {"id": str(unit.id)})["data"]["history"]
    assert [event["version"] for event in history] == list(range(1, unit.version + 1))
    timeline = graphql(TIMELINE, auditor, {"id": str(unit.id)})["data"]["unit"]
    with registry.application(soc_trang, read_only=True) as app:
        stored = [event.originator_id for event in app.recorder.select_notifications(start=1, limit=100_000)]
    ids = [event["notificationId"] for event in timeline["timeline"]["nodes"]]
    assert timeline["name"] == unit.name and ids == sorted(ids)
    assert all(0 < n <= len(stored) for n in ids) and stored[ids[0] - 1] == unit.id  # as Sóc Trăng's log numbers it
    representative = token(can_tho, Role.UNIT_REPRESENTATIVE, unit_id=unit.id)  # the role's usual limits
    assert graphql(UNIT_AS_OF, representative, {"id": str(unit.id)})["data"]["unitAsOf"]["uuid"] == str(unit.id)
    assert _code(graphql(UNIT_AS_OF, representative, {"id": str(seed_units[1].id)})) == "unit_not_found"
    assert _code(graphql(HISTORY, representative, {"id": str(seed_units[1].id)})) == "aggregate_not_found"


def test_a_merged_tenants_own_token_is_refused_naming_its_successor(
    graphql: Any, token: Any, merged: tuple[Tenant, Tenant]
) -> None:
    soc_trang, can_tho = merged
    for role in (Role.VIEWER, Role.TENANT_ADMIN):
        body = graphql(PROGRAMMES, token(soc_trang, role))
        assert body["data"] is None and _code(body) == "tenant_merged"
        assert f"«{can_tho.slug}»" in body["errors"][0]["extensions"]["message_vi"]
    write = graphql('mutation { registerUnit(input: {code: "X", name: "Đơn vị mới", kind: OTHER, '
                    'occurredOn: "2025-07-02"}) { ok } }', token(soc_trang, Role.TENANT_ADMIN))
    assert write["data"] is None and _code(write) == "tenant_merged"


def test_a_third_tenants_token_reaches_none_of_it_as_for_any_id_it_does_not_hold(
    graphql: Any, token: Any, merged: tuple[Tenant, Tenant], seed_units: list[Any], registry: TenantRegistry
) -> None:
    programme = _caught_up(graphql, token(merged[1], Role.VIEWER))
    with fresh_tenant(registry, "Sở KH&CN tỉnh An Giang") as an_giang:
        auditor = token(an_giang, Role.AUDITOR)
        unit_id = str(seed_units[0].id)
        assert graphql(PROGRAMMES, auditor)["data"]["programmes"]["nodes"] == []
        assert _code(graphql(UNIT_AS_OF, auditor, {"id": unit_id})) == "unit_not_found"
        assert _code(graphql(HISTORY, auditor, {"id": unit_id})) == "aggregate_not_found"
        assert _code(graphql(TIMELINE, auditor, {"id": unit_id})) == "unit_not_found"
        assert _code(graphql("query($id: UUID!) { programme(id: $id) { uuid } }", auditor,
                             {"id": programme["uuid"]})) == "programme_not_found"


def test_the_ministry_reads_the_predecessors_figures_under_its_own_name_once(
    graphql: Any, token: Any, merged: tuple[Tenant, Tenant]
) -> None:
    soc_trang, can_tho = merged
    _caught_up(graphql, token(can_tho, Role.VIEWER))
    query = "query($year: Int!) { national(year: $year) { tenant tenantName planNumber inspected unitsReported } }"
    ministry = token(can_tho, Role.MINISTRY)
    rows = [row for row in graphql(query, ministry, {"year": 2020})["data"]["national"]
            if row["tenant"] in (soc_trang.slug, can_tho.slug)]
    assert rows == [{"tenant": soc_trang.slug, "tenantName": SOC_TRANG, "planNumber": "35/KH-UBND", "inspected": 78,
                     "unitsReported": 27}]
    assert not [row for row in graphql(query, ministry, {"year": 2026})["data"]["national"]
                if row["tenant"] in (soc_trang.slug, can_tho.slug)]
