"""The ministry's national view follows the province map in force on 31 December of the year asked
(services/province_map.py): 2020 shows Sóc Trăng, Hậu Giang and Cần Thơ apart, each with its own figures; 2025,
the merger's year, and 2026 show Cần Thơ alone, its predecessors listed with the merge that ordered it, their 2025
programme among its own; only the ministry reads it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.commands import AddUnitToProgramme, ApproveProgramme, DraftProgramme
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import CATALOGUE, fresh_tenant, register_unit
from tests.processes import wait_until

SOC_TRANG = "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"
HAU_GIANG = "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
CAN_THO = "Sở Khoa học và Công nghệ thành phố Cần Thơ"
JULY_2025 = date(2025, 7, 1)
ADMIN = Caller("test-admin", Role.TENANT_ADMIN)
FIGURES = "tenant tenantName province provinceName planNumber unitsInScope onSite inspected"
PROVINCES = ("query($year: Int!) { nationalProvinces(year: $year) { slug displayName mapDay "
             f"programmes {{ {FIGURES} }} predecessors {{ slug displayName mergedInto effectiveOn decisionNumber "
             "decisionDate lastYearApart } } }")
NATIONAL = f"query($year: Int!) {{ national(year: $year) {{ {FIGURES} }} }}"


def _programme(registry: TenantRegistry, tenant: Tenant, year: int, units: int) -> None:
    """A programme of ``year`` in ``tenant`` with ``units`` new units in scope, all on site (approved in 2020, the
    year with no unit of an earlier plan left out)."""
    with registry.application(tenant) as app:
        programme_id = handle(app, ADMIN, DraftProgramme(
            code=str(year), year=year, title=f"Kiểm tra HTQLCL năm {year}", plan_number=f"{units}/KH-UBND",
            plan_date=date(year, 3, 5), legal_basis=["Quyết định 19/2014/QĐ-TTg"], catalogue_version=CATALOGUE,
            organiser="Chi cục Tiêu chuẩn Đo lường Chất lượng", occurred_on=date(year, 2, 20))).aggregate_id
        for i in range(units):
            handle(app, ADMIN, AddUnitToProgramme(programme_id=programme_id, unit_id=register_unit(
                app, ADMIN, f"Đơn vị {i}"), form=InspectionForm.ON_SITE, occurred_on=date(year, 2, 21)))
        if year == 2020:
            handle(app, ADMIN, ApproveProgramme(programme_id=programme_id, approved_by="UBND tỉnh",
                                                occurred_on=date(year, 3, 5)))


@pytest.fixture(scope="module")
def provinces(registry: TenantRegistry) -> Iterator[dict[str, Tenant]]:
    """Sóc Trăng (2020: 2 units, 2025: 5), Hậu Giang (2020: 3) and Cần Thơ (2020: 4, 2026: 6), the first two merged
    into the third from 1 Jul 2025 by Resolution 202/2025/QH15."""
    with fresh_tenant(registry, SOC_TRANG) as soc_trang, fresh_tenant(registry, HAU_GIANG) as hau_giang, \
            fresh_tenant(registry, CAN_THO) as can_tho:
        for tenant, year, units in ((soc_trang, 2020, 2), (soc_trang, 2025, 5), (hau_giang, 2020, 3),
                                    (can_tho, 2020, 4), (can_tho, 2026, 6)):
            _programme(registry, tenant, year, units)
        merge_tenants(registry, can_tho, [soc_trang, hau_giang], JULY_2025, decision_number="202/2025/QH15",
                      decision_date=date(2025, 6, 12))
        yield {"soc_trang": soc_trang, "hau_giang": hau_giang, "can_tho": can_tho}


def _ours(graphql: Any, ministry: str, year: int, provinces: dict[str, Tenant], wanted: int) -> dict[str, dict]:
    """Our provinces of ``year``'s map, by slug, once ``wanted`` programmes show (the API's projector folds the
    predecessors' stores into Cần Thơ's read models after the merge)."""
    slugs = {tenant.slug: name for name, tenant in provinces.items()}

    def read() -> dict[str, dict] | None:
        body = graphql(PROVINCES, ministry, {"year": year})
        ours = {slugs[p["slug"]]: p for p in body["data"]["nationalProvinces"] if p["slug"] in slugs}
        return ours if sum(len(p["programmes"]) for p in ours.values()) == wanted else None
    return wait_until(read, f"the {year} programmes to show", timeout=120)  # type: ignore[return-value]


def test_2020_shows_the_three_provinces_apart_under_their_names_with_their_figures(
    graphql: Any, token: Any, provinces: dict[str, Tenant]
) -> None:
    ministry = token(provinces["can_tho"], Role.MINISTRY)
    ours = _ours(graphql, ministry, 2020, provinces, wanted=3)
    assert sorted(ours) == ["can_tho", "hau_giang", "soc_trang"]
    for name, display, units in (("soc_trang", SOC_TRANG, 2), ("hau_giang", HAU_GIANG, 3), ("can_tho", CAN_THO, 4)):
        slug = provinces[name].slug
        assert ours[name]["displayName"] == display and ours[name]["mapDay"] == "2020-12-31"
        assert ours[name]["predecessors"] == []
        assert ours[name]["programmes"] == [{
            "tenant": slug, "tenantName": display, "province": slug, "provinceName": display,
            "planNumber": f"{units}/KH-UBND", "unitsInScope": units, "onSite": units, "inspected": 0}]
    flat = [row for row in graphql(NATIONAL, ministry, {"year": 2020})["data"]["national"]
            if row["tenant"] in {tenant.slug for tenant in provinces.values()}]
    assert sorted(row["unitsInScope"] for row in flat) == [2, 3, 4]  # the flat list: one row per province, as before
    assert all(row["province"] == row["tenant"] for row in flat)


def test_2026_shows_the_merged_can_tho_with_its_predecessors_and_the_merge(
    graphql: Any, token: Any, provinces: dict[str, Tenant]
) -> None:
    ministry = token(provinces["can_tho"], Role.MINISTRY)
    _ours(graphql, ministry, 2020, provinces, wanted=3)  # the predecessors folded
    ours = _ours(graphql, ministry, 2026, provinces, wanted=1)
    assert list(ours) == ["can_tho"]
    can_tho = ours["can_tho"]
    assert [p["unitsInScope"] for p in can_tho["programmes"]] == [6]
    merge = {"mergedInto": provinces["can_tho"].slug, "effectiveOn": "2025-07-01", "decisionNumber": "202/2025/QH15",
             "decisionDate": "2025-06-12", "lastYearApart": 2024}
    assert sorted(can_tho["predecessors"], key=lambda p: p["displayName"]) == sorted([
        {"slug": provinces["soc_trang"].slug, "displayName": SOC_TRANG, **merge},
        {"slug": provinces["hau_giang"].slug, "displayName": HAU_GIANG, **merge}], key=lambda p: p["displayName"])


def test_2025_the_mergers_year_counts_a_predecessors_programme_under_can_tho_naming_its_maker(
    graphql: Any, token: Any, provinces: dict[str, Tenant]
) -> None:
    ministry = token(provinces["can_tho"], Role.MINISTRY)
    ours = _ours(graphql, ministry, 2025, provinces, wanted=1)
    assert list(ours) == ["can_tho"] and len(ours["can_tho"]["predecessors"]) == 2
    assert ours["can_tho"]["programmes"] == [{
        "tenant": provinces["soc_trang"].slug, "tenantName": SOC_TRANG, "province": provinces["can_tho"].slug,
        "provinceName": CAN_THO, "planNumber": "5/KH-UBND", "unitsInScope": 5, "onSite": 5, "inspected": 0}]


@pytest.mark.parametrize("role", [Role.TENANT_ADMIN, Role.VIEWER, Role.AUDITOR])
def test_only_the_ministry_reads_the_provinces_of_a_year(
    graphql: Any, token: Any, provinces: dict[str, Tenant], role: Role
) -> None:
    body = graphql(PROVINCES, token(provinces["can_tho"], role), {"year": 2020})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "permission_denied"
    assert "Bộ KH&CN" in body["errors"][0]["extensions"]["message_vi"]
    assert graphql(PROVINCES, None, {"year": 2020})["errors"][0]["extensions"]["code"] == "invalid_token"
