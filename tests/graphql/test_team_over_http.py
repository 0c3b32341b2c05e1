"""The inspection team over real HTTP (Circular 26/2014 Art. 40): assignTeamMember takes a member's
qualifications and unit, and refuses one who lacks any with a typed error naming each missing item and the
input field at fault, and a programme shows its team so (now and as it stood); conductInspection refuses the
inspected agency's own staff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.services.commands import AddUnitToProgramme, ApproveProgramme, ScheduleInspection
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import PLAN_DATE, decide, draft_programme, fresh_tenant, register_unit
from tests.qualified import QUALIFICATIONS, QUALIFICATIONS_INPUT

ADMIN = Caller("test-admin", Role.TENANT_ADMIN)
ASSIGN = """mutation($programmeId: UUID!, $unitId: UUID) {
  unqualified: assignTeamMember(input: {programmeId: $programmeId, occurredOn: "2020-02-21", member: {
      name: "Lê Văn C", organisation: "Sở Nội vụ", position: "Thành viên", degree: "Cử nhân Luật",
      stateManagementCertificate: "  "}}) {
    ok version userErrors { code field message messageVi messageEn }
  }
  leader: assignTeamMember(input: {programmeId: $programmeId, occurredOn: "2020-02-21", member: {
      name: "Nguyễn Văn An", organisation: "Chi cục TĐC", position: "Trưởng đoàn", unitId: $unitId,
      """ + QUALIFICATIONS_INPUT + """}}) {
    ok version userErrors { code field message }
  }
}"""
TEAM = """query($id: UUID!) {
  programme(id: $id) { team { ...member } }
  programmeAsOf(id: $id, asOfVersion: 2) { team { ...member } }
}
fragment member on TeamMember { name position degree stateManagementCertificate qmsAuditorCertificate
  yearsOfService unitId }"""
CONDUCT = """mutation($id: UUID!, $inspectors: [String!]!) {
  conductInspection(input: {inspectionId: $id, inspectors: $inspectors, occurredOn: "2020-06-02"}) {
    ok userErrors { code field message messageEn } } }"""


def test_a_team_member_is_assigned_with_art_40_s_qualifications_and_refused_without_them(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh đoàn kiểm tra Điều 40") as slug, registry.application(slug) as app:
        programme_id = draft_programme(app, ADMIN)
        dost = register_unit(app, ADMIN, "Sở Khoa học và Công nghệ")
        body = graphql(ASSIGN, token(slug, Role.TENANT_ADMIN),
                       {"programmeId": str(programme_id), "unitId": str(dost)})
        assert "errors" not in body, body
        refused, assigned = body["data"]["unqualified"], body["data"]["leader"]
        assert (refused["ok"], refused["version"]) == (False, None)
        [error] = refused["userErrors"]
        assert (error["code"], error["field"]) == ("TEAM_MEMBER_NOT_QUALIFIED",
                                                   ["input", "member", "stateManagementCertificate"])
        assert error["message"] == error["messageVi"]
        for missing in ("chứng chỉ quản lý nhà nước", "chứng chỉ chuyên gia đánh giá HTQLCL", "thâm niên công tác"):
            assert missing in error["messageVi"]
        assert "bằng đại học" not in error["messageVi"]
        assert error["messageEn"].endswith("missing a state-management certificate, a QMS auditor certificate, "
                                           "years of service.")
        assert (assigned["ok"], assigned["userErrors"]) == (True, [])
        app.forget(programme_id)
        [member] = app.get_programme(programme_id).team
        assert (member.name, member.unit_id, member.years_of_service) == ("Nguyễn Văn An", dost, 6)
        read = graphql(TEAM, token(slug), {"id": str(programme_id)})
        assert "errors" not in read, read
        shown = {"name": "Nguyễn Văn An", "position": "Trưởng đoàn", "degree": QUALIFICATIONS["degree"],
                 "stateManagementCertificate": QUALIFICATIONS["state_management_certificate"],
                 "qmsAuditorCertificate": QUALIFICATIONS["qms_auditor_certificate"], "yearsOfService": 6,
                 "unitId": str(dost)}
        assert read["data"]["programme"]["team"] == [shown]  # the read model, as the mutation answered
        assert read["data"]["programmeAsOf"]["team"] == [shown]  # the aggregate, as it stood then


def test_an_agency_s_own_staff_are_refused_as_its_inspectors(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh kiểm tra độc lập") as slug, registry.application(slug) as app:
        programme_id = draft_programme(app, ADMIN)
        dost = register_unit(app, ADMIN, "Sở Khoa học và Công nghệ")
        handle(app, ADMIN, AddUnitToProgramme(programme_id=programme_id, unit_id=dost, form=InspectionForm.ON_SITE,
                                              occurred_on=date(2020, 2, 21)))
        body = graphql(ASSIGN, token(slug, Role.TENANT_ADMIN), {"programmeId": str(programme_id),
                                                                 "unitId": str(dost)})
        assert body["data"]["leader"]["ok"], body
        handle(app, ADMIN, ApproveProgramme(programme_id=programme_id, approved_by="UBND tỉnh", occurred_on=PLAN_DATE))
        inspection_id = handle(app, ADMIN, ScheduleInspection(
            programme_id=programme_id, unit_id=dost, scheduled_on=date(2020, 6, 2),
            occurred_on=PLAN_DATE)).aggregate_id
        decide(app, ADMIN, inspection_id, leader="Trần Thị Bình")
        inspector = token(slug, Role.INSPECTOR)
        refused = graphql(CONDUCT, inspector, {"id": str(inspection_id),
                                               "inspectors": ["Trần Thị Bình", "Nguyễn Văn An"]})
        [error] = refused["data"]["conductInspection"]["userErrors"]
        assert (error["code"], error["field"]) == ("INSPECTOR_NOT_INDEPENDENT", ["input", "inspectors"])
        assert "Nguyễn Văn An" in error["message"] and "không được tham gia kiểm tra" in error["message"]
        done = graphql(CONDUCT, inspector, {"id": str(inspection_id), "inspectors": ["Trần Thị Bình"]})
        assert done["data"]["conductInspection"] == {"ok": True, "userErrors": []}
