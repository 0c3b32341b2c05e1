"""``mergeTenants`` over HTTP (services/commands/tenancy.py, the CLI's ``tenant merge`` as a mutation): the ministry
merges, naming every tenant in the input; a tenant's roles are refused before any work; a repeat changes nothing
and says so; a slug that names no tenant, or cannot, is a typed user error at its path in the input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, new_tenant_slug

SOC_TRANG = "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"
HAU_GIANG = "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
CAN_THO = "Sở Khoa học và Công nghệ thành phố Cần Thơ"
MERGE = """mutation($input: MergeTenantsInput!) { mergeTenants(input: $input) {
  ok successor successorName created mergedNow
  predecessors { slug displayName mergedInto effectiveOn decisionNumber decisionDate lastYearApart }
  userErrors { code field message messageEn } } }"""


@pytest.fixture
def provinces(registry: TenantRegistry) -> Iterator[tuple[Tenant, Tenant, Tenant]]:
    """(Sóc Trăng, Hậu Giang, a slug for Cần Thơ, purged afterwards if a test made it)."""
    with fresh_tenant(registry, SOC_TRANG) as soc_trang, fresh_tenant(registry, HAU_GIANG) as hau_giang:
        can_tho = Tenant(new_tenant_slug())
        try:
            yield soc_trang, hau_giang, can_tho
        finally:
            if can_tho.slug in {record.slug for record in registry.list()}:
                registry.purge(can_tho)


def _input(into: Tenant | str, *predecessors: Tenant | str, **more: Any) -> dict[str, Any]:
    return {"input": {"into": str(into), "predecessors": [str(p) for p in predecessors], "effectiveOn": "2025-07-01",
                      **more}}


def _errors(body: dict) -> list[tuple[str, list[str] | None]]:
    answer = body["data"]["mergeTenants"]
    assert answer["ok"] is False and answer["successor"] is None
    return [(error["code"], error["field"]) for error in answer["userErrors"]]


def test_the_ministry_merges_and_a_repeat_changes_nothing(
    graphql: Any, token: Any, registry: TenantRegistry, provinces: tuple[Tenant, Tenant, Tenant]
) -> None:
    soc_trang, hau_giang, can_tho = provinces
    ministry = token(soc_trang, Role.MINISTRY)  # the token's tenant plays no part: the input names every tenant
    given = _input(can_tho, soc_trang, hau_giang, displayName=CAN_THO, decisionNumber="202/2025/QH15",
                   decisionDate="2025-06-12")
    merged = graphql(MERGE, ministry, given)["data"]["mergeTenants"]
    lineage = sorted([{"slug": tenant.slug, "displayName": name, "mergedInto": can_tho.slug,
                       "effectiveOn": "2025-07-01", "decisionNumber": "202/2025/QH15", "decisionDate": "2025-06-12",
                       "lastYearApart": 2024} for tenant, name in ((soc_trang, SOC_TRANG), (hau_giang, HAU_GIANG))],
                     key=lambda p: p["slug"])
    assert merged == {"ok": True, "successor": can_tho.slug, "successorName": CAN_THO, "created": True,
                      "mergedNow": [soc_trang.slug, hau_giang.slug], "predecessors": lineage, "userErrors": []}
    for tenant in (soc_trang, hau_giang):
        record = registry.get(tenant)
        assert (record.status, record.merged_into, record.merged_by[0]) == (
            TenantStatus.MERGED, can_tho.slug, "202/2025/QH15")
    again = graphql(MERGE, ministry, given)["data"]["mergeTenants"]
    assert again == {**merged, "created": False, "mergedNow": []}
    assert registry.get(can_tho).predecessors == tuple(sorted(registry.get(can_tho).predecessors, key=[
        soc_trang.slug, hau_giang.slug].index))  # each merged once: lineage numbers in the order first merged


@pytest.mark.parametrize("role", [Role.TENANT_ADMIN, Role.VIEWER, Role.INSPECTOR])
def test_a_tenants_roles_may_not_merge_and_nothing_changes(
    graphql: Any, token: Any, registry: TenantRegistry, provinces: tuple[Tenant, Tenant, Tenant], role: Role
) -> None:
    soc_trang, hau_giang, can_tho = provinces
    body = graphql(MERGE, token(soc_trang, role), _input(can_tho, soc_trang, hau_giang, displayName=CAN_THO))
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "permission_denied"
    assert "Hợp nhất tỉnh/thành phố" in body["errors"][0]["extensions"]["message_vi"]
    assert registry.get(soc_trang).status is TenantStatus.ACTIVE
    assert can_tho.slug not in {record.slug for record in registry.list()}


def test_a_bad_slug_is_a_typed_user_error_at_its_path_and_nothing_changes(
    graphql: Any, token: Any, registry: TenantRegistry, provinces: tuple[Tenant, Tenant, Tenant]
) -> None:
    soc_trang, hau_giang, can_tho = provinces
    ministry = token(soc_trang, Role.MINISTRY)
    predecessors = ["input", "predecessors"]
    assert _errors(graphql(MERGE, ministry, _input(can_tho, soc_trang, "Sóc Trăng!", displayName=CAN_THO))) == [
        ("INVALID_TENANT_SLUG", predecessors)]
    assert _errors(graphql(MERGE, ministry, _input("x" * 100_000, soc_trang))) == [("INVALID_TENANT_SLUG", [
        "input", "into"])]
    assert _errors(graphql(MERGE, ministry, _input(can_tho, soc_trang, "t\x00\x1b"))) == [
        ("INVALID_TENANT_SLUG", predecessors)]
    unknown = new_tenant_slug()
    body = graphql(MERGE, ministry, _input(can_tho, soc_trang, unknown, displayName=CAN_THO))
    assert _errors(body) == [("TENANT_NOT_FOUND", predecessors)]
    assert unknown in body["data"]["mergeTenants"]["userErrors"][0]["messageEn"]
    assert _errors(graphql(MERGE, ministry, _input(can_tho, soc_trang))) == [
        ("SUCCESSOR_NAME_REQUIRED", ["input", "displayName"])]
    for hostile in ("Cần\x00Thơ", "x" * 300):  # a successor's name is checked as every text is
        assert _errors(graphql(MERGE, ministry, _input(can_tho, soc_trang, displayName=hostile))) == [
            ("INVALID_VALUE", ["input", "displayName"])]
    assert _errors(graphql(MERGE, ministry, _input(soc_trang, soc_trang, hau_giang))) == [
        ("MERGE_INTO_ITSELF", predecessors)]
    assert _errors(graphql(MERGE, ministry, _input(can_tho, *[new_tenant_slug() for _ in range(64)]))) == [
        ("INVALID_VALUE", predecessors)]
    assert {registry.get(tenant).status for tenant in (soc_trang, hau_giang)} == {TenantStatus.ACTIVE}
    assert can_tho.slug not in {record.slug for record in registry.list()}
    assert graphql(MERGE, ministry, _input(can_tho, soc_trang, displayName=CAN_THO))["data"]["mergeTenants"]["ok"]
    assert _errors(graphql(MERGE, ministry, _input(hau_giang, soc_trang))) == [("ALREADY_MERGED", predecessors)]
