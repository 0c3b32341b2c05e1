"""Every role against every kind of operation, over HTTP: what is allowed runs, what is not gets a typed refusal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.roles import Role
from isotrail.services.commands import ConductInspection, RaiseNonconformity, ScheduleInspection, SignMinutes
from isotrail.services.commands.handle import handle
from tests.builders import PLAN_DATE, approved_programme, decide, fresh_tenant

READ = "{ units { nodes { id } } }"
REGISTER = """mutation($code: String!) { registerUnit(input: {code: $code, name: "Đơn vị mới", kind: OTHER,
  occurredOn: "2021-01-01"}) { ok userErrors { code } } }"""
RAISE = """mutation($id: UUID!) { raiseNonconformity(input: {inspectionId: $id, itemCode: "7.5",
  description: "Tài liệu", occurredOn: "2021-06-01"}) { ok userErrors { code } } }"""
REPORT = """mutation($id: UUID!) { receiveCorrectiveActionReport(input: {inspectionId: $id, reference: "BC",
  summary: "Đã khắc phục", occurredOn: "2021-07-01"}) { ok userErrors { code } } }"""
NATIONAL = "{ national(year: 2021) { tenant } }"

ALLOWED = {  # operation → roles that may run it (unit representative: for its own unit)
    "read": {Role.TENANT_ADMIN, Role.INSPECTOR, Role.UNIT_REPRESENTATIVE, Role.AUDITOR, Role.VIEWER},
    "register": {Role.TENANT_ADMIN},
    "raise": {Role.TENANT_ADMIN, Role.INSPECTOR},
    "report": {Role.TENANT_ADMIN, Role.INSPECTOR, Role.UNIT_REPRESENTATIVE},
    "national": {Role.MINISTRY},
}
ROLES = [Role.TENANT_ADMIN, Role.INSPECTOR, Role.UNIT_REPRESENTATIVE, Role.AUDITOR, Role.VIEWER, Role.MINISTRY]


@pytest.fixture
def province(registry, admin) -> Iterator[tuple[str, str, str, str]]:
    """(tenant, an inspection in fieldwork, an inspection whose minutes are signed, the latter's unit)."""
    with fresh_tenant(registry, "Tỉnh phân quyền") as slug, registry.application(slug) as app:
        programme_id, unit_ids = approved_programme(app, admin, units=2)
        fieldwork, signed = (handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_id,
                                                                   occurred_on=PLAN_DATE,
                                                                   scheduled_on=date(2021, 6, 1))).aggregate_id
                             for unit_id in unit_ids)
        for inspection_id in (fieldwork, signed):
            decide(app, admin, inspection_id)
            handle(app, admin, ConductInspection(inspection_id=inspection_id, inspectors=["A"],
                                                 occurred_on=date(2021, 6, 1)))
        handle(app, admin, RaiseNonconformity(inspection_id=signed, item_code="6.2", description="Mục tiêu",
                                              occurred_on=date(2021, 6, 1)))
        handle(app, admin, SignMinutes(inspection_id=signed, minutes_number="BB-1",
                                       team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                       occurred_on=date(2021, 6, 1)))
        yield slug, str(fieldwork), str(signed), str(unit_ids[1])


def _outcome(body: dict) -> str:
    """"ok" or the refusal's code, whether it came as a GraphQL error or as command data."""
    if body.get("errors"):
        return body["errors"][0]["extensions"]["code"]
    data = next(iter(body["data"].values()))
    if isinstance(data, dict) and "ok" in data:
        return "ok" if data["ok"] else data["userErrors"][0]["code"].lower()  # as the top-level errors spell it
    return "ok"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_it_is_allowed(graphql, token, province, role: Role) -> None:
    slug, fieldwork, signed, unit_id = province
    bearer = token(slug, role, unit_id=unit_id if role is Role.UNIT_REPRESENTATIVE else None)
    if role is Role.MINISTRY:
        bearer = token("bo_khcn", role)
    outcomes = {
        "read": _outcome(graphql(READ, bearer)),
        "register": _outcome(graphql(REGISTER, bearer, {"code": f"R-{role.value}"})),
        "raise": _outcome(graphql(RAISE, bearer, {"id": fieldwork})),
        "report": _outcome(graphql(REPORT, bearer, {"id": signed})),
        "national": _outcome(graphql(NATIONAL, bearer)),
    }
    expected = {op: ("ok" if role in roles else "permission_denied") for op, roles in ALLOWED.items()}
    assert outcomes == expected


PROGRAMME_AS_OF = """query($id: UUID!) { programmeAsOf(id: $id, asOfVersion: 100000) {
  planNumber status scope { unitId form jointTeam } } }"""
PROGRAMME_HISTORY = "query($id: UUID!) { history(aggregateId: $id) { version eventType actorId } }"
SCOPE_EVENTS = {"PROGRAMME_UNIT_ADDED_TO_SCOPE", "PROGRAMME_UNIT_REMOVED_FROM_SCOPE"}


def _soc_trang_representative(graphql, token, soc_trang: str) -> tuple[str, str, str]:
    """(the 2020 programme's id, a unit in its scope, that unit's representative's token)."""
    findings = graphql("{ findings(first: 1) { nodes { unitId programmeId } } }", token(soc_trang))
    [finding] = findings["data"]["findings"]["nodes"]
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=finding["unitId"])
    return finding["programmeId"], finding["unitId"], representative


def test_a_unit_representative_sees_of_a_programme_only_its_own_scope_entry(graphql, token, soc_trang) -> None:
    programme_id, unit_id, representative = _soc_trang_representative(graphql, token, soc_trang)
    whole = graphql(PROGRAMME_AS_OF, token(soc_trang), {"id": programme_id})["data"]["programmeAsOf"]
    assert len(whole["scope"]) == 78
    mine = graphql(PROGRAMME_AS_OF, representative, {"id": programme_id})["data"]["programmeAsOf"]
    assert [entry["unitId"] for entry in mine["scope"]] == [unit_id]
    assert mine["scope"] == [entry for entry in whole["scope"] if entry["unitId"] == unit_id]
    assert (mine["planNumber"], mine["status"]) == (whole["planNumber"], whole["status"])


def test_a_unit_representative_reads_of_a_programme_s_history_no_event_about_another_unit(
        graphql, token, soc_trang) -> None:
    programme_id, _, representative = _soc_trang_representative(graphql, token, soc_trang)
    whole = graphql(PROGRAMME_HISTORY, token(soc_trang), {"id": programme_id})["data"]["history"]
    mine = graphql(PROGRAMME_HISTORY, representative, {"id": programme_id})["data"]["history"]
    assert sum(e["eventType"] in SCOPE_EVENTS for e in whole) >= 78
    assert [e["eventType"] for e in mine if e["eventType"] in SCOPE_EVENTS] == [
        "PROGRAMME_UNIT_ADDED_TO_SCOPE"]  # its own
    assert [e for e in whole if e["eventType"] not in SCOPE_EVENTS] == [
        e for e in mine if e["eventType"] not in SCOPE_EVENTS]  # the programme's own events, all of them


def test_another_unit_s_inspection_answers_like_one_that_does_not_exist(graphql, token, soc_trang) -> None:
    programme_id, unit_id, representative = _soc_trang_representative(graphql, token, soc_trang)
    findings = graphql("{ findings(first: 100) { nodes { unitId inspectionId } } }", token(soc_trang))
    mine = next(f["inspectionId"] for f in findings["data"]["findings"]["nodes"] if f["unitId"] == unit_id)
    other = next(f["inspectionId"] for f in findings["data"]["findings"]["nodes"] if f["unitId"] != unit_id)
    query = "query($id: UUID!) { inspectionAsOf(id: $id, asOfVersion: 1) { unitId } }"
    assert graphql(query, representative, {"id": mine})["data"]["inspectionAsOf"]["unitId"] == unit_id
    asked = (other, str(uuid4()), programme_id)
    refusals = [graphql(query, representative, {"id": id_})["errors"][0] for id_ in asked]
    assert {refusal["extensions"]["code"] for refusal in refusals[:2]} == {"inspection_not_found"}
    words = [{k: str(v).replace(id_, "…") for k, v in r["extensions"].items()}
             for r, id_ in zip(refusals, asked, strict=True)]
    assert words[0] == words[1]  # the same words but for the id asked: nothing tells them apart
    assert refusals[2]["extensions"]["code"] == "inspection_not_found"  # a programme is no inspection
    for id_ in (other, str(uuid4())):
        body = graphql(PROGRAMME_HISTORY, representative, {"id": id_})
        assert body["errors"][0]["extensions"]["code"] == "aggregate_not_found"
    unknown = graphql(PROGRAMME_HISTORY, token(soc_trang), {"id": str(uuid4())})
    assert unknown["errors"][0]["extensions"]["code"] == "aggregate_not_found"


def test_a_unit_representatives_command_on_another_units_record_answers_as_on_one_that_exists_nowhere(
        graphql, token, province) -> None:
    """Its commands tell no more than its reads (services/scoping.py): not whether another unit's inspection
    exists — both are the inspection's not-found, as reads answer."""
    slug, fieldwork, _signed, unit_id = province
    bearer = token(slug, Role.UNIT_REPRESENTATIVE, unit_id=unit_id)
    outcomes = [_outcome(graphql(REPORT, bearer, {"id": inspection})) for inspection in (fieldwork, str(uuid4()))]
    assert outcomes == ["inspection_not_found", "inspection_not_found"]


def test_anyone_else_is_told_an_id_exists_nowhere(graphql, token, province) -> None:
    slug, *_ = province
    assert _outcome(graphql(REPORT, token(slug, Role.INSPECTOR), {"id": str(uuid4())})) == "inspection_not_found"


def test_a_role_that_may_not_issue_a_command_is_refused_before_any_id_is_looked_up(graphql, token, province) -> None:
    """A viewer's command is ``permission_denied`` whether the record it names exists or not."""
    slug, fieldwork, *_ = province
    viewer = token(slug, Role.VIEWER)
    outcomes = [_outcome(graphql(REPORT, viewer, {"id": inspection})) for inspection in (fieldwork, str(uuid4()))]
    assert outcomes == ["permission_denied", "permission_denied"]
