"""The inspection decision (Mẫu 20) over real HTTP: issueInspectionDecision takes the team with roles and
refuses a malformed number or a team without one leader with typed errors on the input field at fault; an
inspection shows its decision, its report letters and its opening meeting; conductInspection refuses an
on-site visit without a decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from isotrail.domain.roles import Role
from isotrail.services.commands import ScheduleInspection
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import PLAN_DATE, approved_programme, fresh_tenant

ADMIN = Caller("test-admin", Role.TENANT_ADMIN)
ISSUE = """mutation($id: UUID!, $number: String!, $team: [DecisionTeamMemberInput!]!) {
  issueInspectionDecision(input: {inspectionId: $id, decisionNumber: $number, signer: "Giám đốc Sở KH&CN",
      team: $team, scope: "Duy trì, cải tiến HTQLCL theo TCVN ISO 9001:2015", startsOn: "2020-06-02",
      endsOn: "2020-06-03", occurredOn: "2020-05-20"}) {
    ok inspection { decision { decisionNumber decidedOn signer team { name role } scope startsOn endsOn } }
    userErrors { code field messageVi messageEn } } }"""
RECORDS = """mutation($id: UUID!) {
  requestUnitReport(input: {inspectionId: $id, letterNumber: "120/SKHCN-TĐC", reportDueOn: "2020-05-15",
      occurredOn: "2020-05-04"}) { ok userErrors { code } }
  holdOpeningMeeting(input: {inspectionId: $id, agenda: ["Công bố quyết định kiểm tra", "Kiểm tra hồ sơ"],
      occurredOn: "2020-06-02"}) {
    ok inspection { reportRequests { letterNumber sentOn reportDueOn } openingMeeting { heldOn decisionNumber agenda } }
    userErrors { code } } }"""
CONDUCT = """mutation($id: UUID!) {
  conductInspection(input: {inspectionId: $id, inspectors: ["Nguyễn Văn An"], occurredOn: "2020-06-02"}) {
    ok userErrors { code field messageVi } } }"""
TEAM = [{"name": "Nguyễn Văn An", "role": "TEAM_LEADER"}, {"name": "Trần Thị Bình", "role": "SECRETARY"}]


def test_an_on_site_visit_is_conducted_under_its_decision(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh quyết định kiểm tra") as slug, registry.application(slug) as app:
        programme_id, unit_ids = approved_programme(app, ADMIN, units=1)
        inspection_id = str(handle(app, ADMIN, ScheduleInspection(
            programme_id=programme_id, unit_id=unit_ids[0], scheduled_on=date(2020, 6, 2),
            occurred_on=PLAN_DATE)).aggregate_id)
        admin, inspector = token(slug, Role.TENANT_ADMIN), token(slug, Role.INSPECTOR)
        [missing] = graphql(CONDUCT, inspector, {"id": inspection_id})["data"]["conductInspection"]["userErrors"]
        assert (missing["code"], missing["field"]) == ("INSPECTION_DECISION_MISSING", ["input", "inspectionId"])
        assert "Mẫu 20" in missing["messageVi"]
        for number, team, field in [("   ", TEAM, "decisionNumber"), ("15/QĐ-SKHCN", TEAM[1:], "team")]:
            body = graphql(ISSUE, admin, {"id": inspection_id, "number": number, "team": team})
            [error] = body["data"]["issueInspectionDecision"]["userErrors"]
            assert (error["code"], error["field"]) == ("INVALID_VALUE", ["input", field]), body
        refused = graphql(ISSUE, inspector, {"id": inspection_id, "number": "15/QĐ-SKHCN", "team": TEAM})
        assert refused["data"]["issueInspectionDecision"]["ok"] is False  # the organiser's, not an inspector's
        issued = graphql(ISSUE, admin, {"id": inspection_id, "number": "15/QĐ-SKHCN", "team": TEAM})
        payload = issued["data"]["issueInspectionDecision"]
        assert (payload["ok"], payload["userErrors"]) == (True, [])
        assert payload["inspection"]["decision"] == {
            "decisionNumber": "15/QĐ-SKHCN", "decidedOn": "2020-05-20", "signer": "Giám đốc Sở KH&CN", "team": TEAM,
            "scope": "Duy trì, cải tiến HTQLCL theo TCVN ISO 9001:2015", "startsOn": "2020-06-02",
            "endsOn": "2020-06-03"}
        [again] = graphql(ISSUE, admin, {"id": inspection_id, "number": "16/QĐ-SKHCN", "team": TEAM})[
            "data"]["issueInspectionDecision"]["userErrors"]
        assert again["code"] == "INSPECTION_DECISION_ALREADY_ISSUED"
        records = graphql(RECORDS, admin, {"id": inspection_id})["data"]
        assert records["requestUnitReport"] == {"ok": True, "userErrors": []}
        assert records["holdOpeningMeeting"]["inspection"] == {
            "reportRequests": [{"letterNumber": "120/SKHCN-TĐC", "sentOn": "2020-05-04", "reportDueOn": "2020-05-15"}],
            "openingMeeting": {"heldOn": "2020-06-02", "decisionNumber": "15/QĐ-SKHCN",
                               "agenda": ["Công bố quyết định kiểm tra", "Kiểm tra hồ sơ"]}}
        assert graphql(CONDUCT, inspector, {"id": inspection_id})["data"]["conductInspection"] == {
            "ok": True, "userErrors": []}
