"""Over HTTP, from a Cần Thơ token after 1 Jul 2025 (issue 17): reorganiseUnits refuses a list with faulty rows as a
whole, each row's error at its path; the good list merges the Sóc Trăng, Hậu Giang and Cần Thơ departments of
justice into Cần Thơ's, dissolves a Sóc Trăng unit into a new Cần Thơ unit and renames another; each unit's lineage
shows the decision, the date it took effect and the province each unit came from; a Sóc Trăng unit's history and
time travel run through both stores; a third province's token reaches none of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import RegisterUnit
from isotrail.services.commands.base import VIETNAM
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant
from tests.services.test_stream_continuation import stored_rows

REORGANISE = """mutation($input: ReorganiseUnitsInput!) { reorganiseUnits(input: $input) {
  ok userErrors { code field messageEn }
  unit { uuid name predecessors { uuid } lineage { direction decisionNumber decisionSignedOn effectiveOn
                                                   unit { uuid name province } } } } }"""
UNIT = """query($id: UUID!) { unit(id: $id) { name province dissolvedOn
  lineage { direction unitUuid decisionNumber effectiveOn unit { name province } } } }"""
HISTORY = "query($id: UUID!) { history(aggregateId: $id) { version eventType occurredOn } }"
AS_OF = "query($id: UUID!, $on: Date!) { unitAsOf(id: $id, asOfOccurredOn: $on) { name version dissolvedOn } }"
DECISION = {"number": "1234/QĐ-UBND", "signedOn": "2025-06-30"}


@pytest.fixture(scope="module")
def provinces(registry: TenantRegistry) -> Iterator[dict[str, Tenant]]:
    admin = Caller("seed", Role.TENANT_ADMIN)
    names = {"soc_trang": "Sở KH&CN tỉnh Sóc Trăng", "hau_giang": "Sở KH&CN tỉnh Hậu Giang",
             "can_tho": "Sở KH&CN thành phố Cần Thơ", "an_giang": "Sở KH&CN tỉnh An Giang"}
    with (fresh_tenant(registry, names["soc_trang"]) as soc_trang, fresh_tenant(registry, names["hau_giang"])
          as hau_giang, fresh_tenant(registry, names["can_tho"]) as can_tho, fresh_tenant(registry, names["an_giang"])
          as an_giang):
        units = [(soc_trang, "STP", "Sở Tư pháp tỉnh Sóc Trăng"), (hau_giang, "STP", "Sở Tư pháp tỉnh Hậu Giang"),
                 (can_tho, "STP", "Sở Tư pháp thành phố Cần Thơ"), (soc_trang, "SNV", "Sở Nội vụ tỉnh Sóc Trăng"),
                 (soc_trang, "BQLDA", "Ban Quản lý dự án tỉnh Sóc Trăng"), (an_giang, "STP", "Sở Tư pháp An Giang")]
        for tenant, code, name in units:
            registry.handle(tenant, admin, RegisterUnit(code=code, name=name, kind=UnitKind.PROVINCIAL_DEPARTMENT,
                                                        occurred_on=date(2010, 1, 1)))
        merge_tenants(registry, can_tho, [soc_trang, hau_giang], date(2025, 7, 1))
        yield {"soc_trang": soc_trang, "hau_giang": hau_giang, "can_tho": can_tho, "an_giang": an_giang}


def _input(p: dict[str, Tenant], *extra: dict[str, Any]) -> dict[str, Any]:
    rows = [{"oldTenant": p["soc_trang"].slug, "oldCode": "STP", "newCode": "STP"},
            {"oldTenant": p["hau_giang"].slug, "oldCode": "STP", "newCode": "STP"},
            {"oldCode": "STP", "newCode": "STP"},
            {"oldTenant": p["soc_trang"].slug, "oldCode": "BQLDA", "newCode": "BQLDA-CT",
             "newName": "Ban Quản lý dự án thành phố Cần Thơ", "newKind": "PUBLIC_SERVICE_UNIT"},
            {"oldTenant": p["soc_trang"].slug, "oldCode": "SNV", "newCode": "SNV",
             "newName": "Sở Nội vụ (khu vực Sóc Trăng)"}, *extra]
    return {"input": {"decision": DECISION, "occurredOn": "2025-07-01", "rows": rows}}


def _id(tenant: Tenant, code: str) -> str:
    return str(Unit.create_id(tenant.slug, code))


def test_a_list_with_faulty_rows_is_refused_whole_then_the_good_list_is_shown_on_each_units_lineage(
    graphql: Any, token: Any, provinces: dict[str, Tenant], registry: TenantRegistry
) -> None:
    p = provinces
    admin = token(p["can_tho"], Role.TENANT_ADMIN)
    before = [stored_rows(registry, p[name]) for name in ("soc_trang", "hau_giang", "can_tho")]
    bad = graphql(REORGANISE, admin, _input(p, {"oldTenant": p["an_giang"].slug, "oldCode": "STP", "newCode": "X"},
                                            {"oldCode": "STP", "newCode": "NEW"}))["data"]["reorganiseUnits"]
    assert bad["ok"] is False and bad["unit"] is None
    assert [(e["code"], e["field"]) for e in bad["userErrors"]] == [
        ("REORGANISATION_REJECTED", ["input", "rows"]), ("UNIT_NOT_FOUND", ["input", "rows", "5", "oldCode"]),
        ("INVALID_VALUE", ["input", "rows", "6", "newName"])]
    assert [stored_rows(registry, p[name]) for name in ("soc_trang", "hau_giang", "can_tho")] == before

    done = graphql(REORGANISE, admin, _input(p))["data"]["reorganiseUnits"]
    assert done["ok"] is True and done["userErrors"] == [], done
    merged = done["unit"]
    assert merged["uuid"] == _id(p["can_tho"], "STP")
    assert [link["unit"]["province"] for link in merged["lineage"]] == [p["soc_trang"].slug, p["hau_giang"].slug]
    assert {(link["direction"], link["decisionNumber"], link["decisionSignedOn"], link["effectiveOn"])
            for link in merged["lineage"]} == {("PREDECESSOR", "1234/QĐ-UBND", "2025-06-30", "2025-07-01")}
    assert stored_rows(registry, p["soc_trang"]) == before[0] and stored_rows(registry, p["hau_giang"]) == before[1]

    old = graphql(UNIT, admin, {"id": _id(p["soc_trang"], "STP")})["data"]["unit"]
    assert (old["province"], old["dissolvedOn"]) == (p["soc_trang"].slug, "2025-07-01")
    assert [(link["direction"], link["unitUuid"], link["decisionNumber"], link["unit"]["province"])
            for link in old["lineage"]] == [("SUCCESSOR", merged["uuid"], "1234/QĐ-UBND", p["can_tho"].slug)]
    project = graphql(UNIT, admin, {"id": _id(p["can_tho"], "BQLDA-CT")})["data"]["unit"]
    assert [link["unit"]["name"] for link in project["lineage"]] == ["Ban Quản lý dự án tỉnh Sóc Trăng"]
    renamed_id = _id(p["soc_trang"], "SNV")
    assert graphql(UNIT, admin, {"id": renamed_id})["data"]["unit"]["name"] == "Sở Nội vụ (khu vực Sóc Trăng)"
    history = graphql(HISTORY, admin, {"id": renamed_id})["data"]["history"]
    assert [(e["version"], e["eventType"], e["occurredOn"]) for e in history] == [
        (1, "UNIT_REGISTERED", "2010-01-01"), (2, "UNIT_RENAMED", "2025-07-01")]
    assert graphql(AS_OF, admin, {"id": renamed_id, "on": "2025-06-30"})["data"]["unitAsOf"] == {
        "name": "Sở Nội vụ tỉnh Sóc Trăng", "version": 1, "dissolvedOn": None}
    assert graphql(AS_OF, admin, {"id": _id(p["soc_trang"], "STP"), "on": "2025-07-01"})["data"]["unitAsOf"][
        "dissolvedOn"] == "2025-07-01"

    third = token(p["an_giang"], Role.TENANT_ADMIN)
    for query, code in ((UNIT, "unit_not_found"), (HISTORY, "aggregate_not_found")):
        body = graphql(query, third, {"id": renamed_id})
        assert body["errors"][0]["extensions"]["code"] == code
    rename = graphql('mutation($id: UUID!) { renameUnit(input: {unitId: $id, name: "Tên khác", occurredOn: '
                     '"2025-08-01"}) { ok userErrors { code } } }', third, {"id": renamed_id})
    assert rename["data"]["renameUnit"] == {"ok": False, "userErrors": [{"code": "UNIT_NOT_FOUND"}]}


@pytest.mark.parametrize("effective_on", ["tomorrow", "9999-12-31"])
def test_a_reorganisation_taking_effect_after_vietnams_today_is_refused_at_its_date(
    graphql: Any, token: Any, provinces: dict[str, Tenant], registry: TenantRegistry, effective_on: str
) -> None:
    p = provinces
    tomorrow = datetime.now(UTC).astimezone(VIETNAM).date() + timedelta(days=1)
    day = tomorrow.isoformat() if effective_on == "tomorrow" else effective_on
    before = [stored_rows(registry, p[name]) for name in ("soc_trang", "hau_giang", "can_tho")]
    variables = _input(p)
    variables["input"]["occurredOn"] = day
    refused = graphql(REORGANISE, token(p["can_tho"], Role.TENANT_ADMIN), variables)["data"]["reorganiseUnits"]
    assert refused["ok"] is False and refused["unit"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [("INVALID_VALUE", ["input", "occurredOn"])]
    assert "after today" in refused["userErrors"][0]["messageEn"]
    assert [stored_rows(registry, p[name]) for name in ("soc_trang", "hau_giang", "can_tho")] == before
