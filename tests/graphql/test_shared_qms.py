"""Over HTTP: a unit's QMS obligation (Decision 19/2014 Art. 2) and a shared QMS (Circular 26/2014 Art. 6),
the two mutations and their typed refusals, and the timeline's sentences."""

from __future__ import annotations

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant

REGISTER = """mutation($code: String!, $name: String!, $kind: UnitKind!) { registerUnit(input: {code: $code,
  name: $name, kind: $kind, occurredOn: "2020-01-02"}) { ok aggregateId userErrors { code } } }"""
SHARE = """mutation($unit: UUID!, $host: UUID!) { shareQms(input: {unitId: $unit, hostUnitId: $host,
  occurredOn: "2020-03-01"}) { ok version userErrors { code field messageVi }
  unit { kind qmsObligation(on: "2020-03-01") sharesQmsOf { name kind } } } }"""
STOP = """mutation($unit: UUID!) { stopSharingQms(input: {unitId: $unit, occurredOn: "2021-01-01"}) {
  ok userErrors { code field } unit { sharesQmsOf { name } } } }"""
OBLIGATION = """query($id: UUID!) { unit(id: $id) { ...obligation } unitAsOf(id: $id, asOfVersion: 1) {
  ...obligation } } fragment obligation on UnitFields { before: qmsObligation(on: "2025-06-30")
  after: qmsObligation(on: "2025-07-01") }"""
TIMELINE = """query($id: UUID!) { timeline(unitId: $id) { nodes { eventType summaryVi } } }"""
SHARED_BY = """query($id: UUID!) { unit(id: $id) { version qmsSharedBy { name sharesQmsOf { name } } } }"""


def _register(graphql, bearer: str, code: str, name: str, kind: str) -> str:
    answer = graphql(REGISTER, bearer, {"code": code, "name": name, "kind": kind})["data"]["registerUnit"]
    assert answer["ok"] and not answer["userErrors"], answer
    return answer["aggregateId"]


def test_the_office_shares_the_committee_s_qms_and_stops_over_http(graphql, token, tenant: Tenant) -> None:
    admin = token(tenant, Role.TENANT_ADMIN)
    committee = _register(graphql, admin, "UBND", "Ủy ban nhân dân tỉnh Sóc Trăng", "PROVINCIAL_COMMITTEE")
    office = _register(graphql, admin, "VP-UBND", "Văn phòng UBND tỉnh Sóc Trăng", "PROVINCIAL_COMMITTEE_OFFICE")
    shared = graphql(SHARE, admin, {"unit": office, "host": committee})["data"]["shareQms"]
    assert shared["ok"] and not shared["userErrors"] and shared["version"] == 2
    assert shared["unit"] == {"kind": "PROVINCIAL_COMMITTEE_OFFICE", "qmsObligation": "MANDATORY", "sharesQmsOf": {
        "name": "Ủy ban nhân dân tỉnh Sóc Trăng", "kind": "PROVINCIAL_COMMITTEE"}}
    viewer = token(tenant, Role.VIEWER)
    assert graphql(SHARED_BY, viewer, {"id": committee})["data"]["unit"] == {"version": 2, "qmsSharedBy": [
        {"name": "Văn phòng UBND tỉnh Sóc Trăng", "sharesQmsOf": {"name": "Ủy ban nhân dân tỉnh Sóc Trăng"}}]}
    stopped = graphql(STOP, admin, {"unit": office})["data"]["stopSharingQms"]
    assert stopped["ok"] and stopped["unit"] == {"sharesQmsOf": None}
    assert graphql(SHARED_BY, viewer, {"id": committee})["data"]["unit"] == {"version": 3, "qmsSharedBy": []}
    entries = graphql(TIMELINE, viewer, {"id": office})["data"]["timeline"]["nodes"]
    assert entries[-2:] == [
        {"eventType": "UNIT_QMS_SHARED",
         "summaryVi": "Áp dụng chung hệ thống quản lý chất lượng của «Ủy ban nhân dân tỉnh Sóc Trăng»."},
        {"eventType": "UNIT_QMS_SHARING_ENDED",
         "summaryVi": "Thôi áp dụng chung, áp dụng hệ thống quản lý chất lượng riêng."}]
    host_entries = graphql(TIMELINE, viewer, {"id": committee})["data"]["timeline"]["nodes"]
    assert [entry["summaryVi"] for entry in host_entries[-2:]] == [
        "«Văn phòng UBND tỉnh Sóc Trăng» áp dụng chung hệ thống quản lý chất lượng của đơn vị.",
        "«Văn phòng UBND tỉnh Sóc Trăng» thôi áp dụng chung hệ thống quản lý chất lượng của đơn vị."]
    again = graphql(STOP, admin, {"unit": office})["data"]["stopSharingQms"]
    assert not again["ok"] and again["userErrors"] == [{"code": "QMS_NOT_SHARED", "field": None}]


def test_sharing_its_own_qms_is_a_user_error_naming_the_host_field(graphql, token, tenant: Tenant) -> None:
    admin = token(tenant, Role.TENANT_ADMIN)
    office = _register(graphql, admin, "VP", "Văn phòng UBND tỉnh", "PROVINCIAL_COMMITTEE_OFFICE")
    answer = graphql(SHARE, admin, {"unit": office, "host": office})["data"]["shareQms"]
    assert not answer["ok"] and answer["unit"] is None
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("QMS_SHARED_WITH_ITSELF", ["input", "hostUnitId"])
    assert error["messageVi"] == "Đơn vị không thể áp dụng chung hệ thống quản lý chất lượng với chính mình."


def test_a_district_committee_is_mandatory_until_30_june_2025_and_has_no_obligation_after(
        graphql, token, tenant: Tenant) -> None:
    admin = token(tenant, Role.TENANT_ADMIN)
    district = _register(graphql, admin, "UBND-H", "Ủy ban nhân dân huyện Kế Sách", "DISTRICT_COMMITTEE")
    data = graphql(OBLIGATION, token(tenant, Role.AUDITOR), {"id": district})["data"]
    assert data["unit"] == data["unitAsOf"] == {"before": "MANDATORY", "after": None}


def test_the_seed_s_land_registration_office_is_an_encouraged_public_service_unit(
        graphql, token, soc_trang: Tenant) -> None:
    query = """{ units(filter: {kind: [PUBLIC_SERVICE_UNIT, PROVINCIAL_COMMITTEE_OFFICE]}, first: 10) {
      nodes { name kind qmsObligation(on: "2020-03-05") sharesQmsOf { name } } } }"""
    nodes = graphql(query, token(soc_trang))["data"]["units"]["nodes"]
    assert sorted(nodes, key=lambda n: n["kind"]) == [
        {"name": "Văn phòng Ủy ban nhân dân tỉnh Sóc Trăng", "kind": "PROVINCIAL_COMMITTEE_OFFICE",
         "qmsObligation": "MANDATORY", "sharesQmsOf": None},
        {"name": "Văn phòng Đăng ký đất đai tỉnh Sóc Trăng", "kind": "PUBLIC_SERVICE_UNIT",
         "qmsObligation": "ENCOURAGED", "sharesQmsOf": None}]
