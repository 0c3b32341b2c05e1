"""The records kept (hồ sơ kiểm tra, Circular 26/2014 Art. 39) over real HTTP: a programme lists its own and its
inspections' records, an inspection its own, each with its kind, number, date, signer and the event that recorded
it; a corrected plan shows its number as corrected and the correction's version; a unit representative sees the
programme's own records and its own unit's, not another unit's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from isotrail.domain.roles import Role
from isotrail.services.commands import (
    ConductInspection,
    CorrectProgrammeDetails,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RequestUnitReport,
    ScheduleInspection,
    SignMinutes,
    VerifyCorrectiveAction,
)
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import PLAN_DATE, approved_programme, decide, fresh_tenant

ADMIN = Caller("test-admin", Role.TENANT_ADMIN)
SIGNER = "Phó Giám đốc Sở Khoa học và Công nghệ"
FIELDS = "kind number issuedOn signer coSigner version correctedInVersion"
IMMEDIATE = """mutation($id: UUID!) {
  sendImmediateReport(input: {programmeId: $id, reportNumber: "140/BC-SKHCN", signer: "Giám đốc Sở KH&CN",
      recipient: "Ủy ban nhân dân tỉnh", subject: "Kết quả kiểm tra", reason: "Theo yêu cầu của UBND tỉnh",
      occurredOn: "2020-08-03"}) { ok userErrors { code } } }"""
READ = f"""query($programme: UUID!, $inspection: UUID!) {{
  programme(id: $programme) {{ records {{ {FIELDS} inspectionId unitId aggregateId }} }}
  inspection(id: $inspection) {{ records {{ {FIELDS} nonconformityIds }} }} }}"""
PROGRAMME_ONLY = """query($programme: UUID!) { programme(id: $programme) { records { kind unitId } } }"""


def test_a_programme_and_an_inspection_list_the_records_they_keep(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh lưu trữ hồ sơ") as slug, registry.application(slug) as app:
        programme_id, unit_ids = approved_programme(app, ADMIN, units=2)
        corrected = handle(app, ADMIN, CorrectProgrammeDetails(
            programme_id=programme_id, corrects_version=1, title="Kiểm tra HTQLCL năm 2020", plan_number="36/KH-UBND",
            plan_date=date(2020, 3, 4), reason="Sai số kế hoạch", occurred_on=date(2020, 3, 10))).version
        inspection_id = handle(app, ADMIN, ScheduleInspection(programme_id=programme_id, unit_id=unit_ids[0],
                                                              scheduled_on=date(2020, 6, 2),
                                                              occurred_on=PLAN_DATE)).aggregate_id
        handle(app, ADMIN, ScheduleInspection(programme_id=programme_id, unit_id=unit_ids[1],
                                              scheduled_on=date(2020, 6, 9), occurred_on=PLAN_DATE))
        handle(app, ADMIN, RequestUnitReport(inspection_id=inspection_id, letter_number="120/SKHCN-TĐC", signer=SIGNER,
                                             report_due_on=date(2020, 5, 15), occurred_on=date(2020, 5, 4)))
        decide(app, ADMIN, inspection_id, on=date(2020, 5, 20))
        handle(app, ADMIN, ConductInspection(inspection_id=inspection_id, inspectors=["Kiểm tra viên 1"],
                                             occurred_on=date(2020, 6, 2)))
        nonconformity_id = handle(app, ADMIN, RaiseNonconformity(
            inspection_id=inspection_id, item_code="6.2", description="Mục tiêu chất lượng chưa đo lường được",
            occurred_on=date(2020, 6, 2))).entity_id
        handle(app, ADMIN, SignMinutes(inspection_id=inspection_id, minutes_number="12/BB-ĐKT",
                                       team_leader_signatory="Kiểm tra viên 1", unit_signatory="Giám đốc Sở Tư pháp",
                                       occurred_on=date(2020, 6, 3)))
        handle(app, ADMIN, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="45/BC-STP",
                                                         summary="Đã khắc phục", occurred_on=date(2020, 7, 20)))
        handle(app, ADMIN, VerifyCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                                  notice_number="30/TB-SKHCN", signer=SIGNER,
                                                  occurred_on=date(2020, 7, 30)))
        admin = token(slug, Role.TENANT_ADMIN)
        assert graphql(IMMEDIATE, admin, {"id": str(programme_id)})["data"]["sendImmediateReport"]["ok"] is True

        body = graphql(READ, token(slug), {"programme": str(programme_id), "inspection": str(inspection_id)})
        assert "errors" not in body, body
        kept = body["data"]["inspection"]["records"]
        assert [(r["kind"], r["number"], r["issuedOn"], r["signer"], r["coSigner"]) for r in kept] == [
            ("REPORT_REQUEST", "120/SKHCN-TĐC", "2020-05-04", SIGNER, None),
            ("INSPECTION_DECISION", "15/QĐ-SKHCN", "2020-05-20", "Giám đốc Sở Khoa học và Công nghệ", None),
            ("MINUTES", "12/BB-ĐKT", "2020-06-03", "Kiểm tra viên 1", "Giám đốc Sở Tư pháp"),
            ("CORRECTIVE_ACTION_REPORT", "45/BC-STP", "2020-07-20", None, None),
            ("ACCEPTANCE", "30/TB-SKHCN", "2020-07-30", SIGNER, None)]
        assert [r["version"] for r in kept] == [2, 3, 6, 7, 8]  # 1 scheduled, 4 conducted, 5 raised: no record
        assert kept[3]["nonconformityIds"] == kept[4]["nonconformityIds"] == [str(nonconformity_id)]

        listed = body["data"]["programme"]["records"]
        own = [r for r in listed if r["inspectionId"] is None]
        assert [(r["kind"], r["number"], r["issuedOn"], r["signer"], r["version"], r["correctedInVersion"])
                for r in own] == [
            ("PLAN", "36/KH-UBND", "2020-03-04", None, 1, corrected),
            ("PLAN_APPROVAL", None, "2020-03-05", "UBND tỉnh", 4, None),
            ("IMMEDIATE_REPORT", "140/BC-SKHCN", "2020-08-03", "Giám đốc Sở KH&CN", corrected + 1, None)]
        assert [r["kind"] for r in listed if r["inspectionId"] is not None] == [r["kind"] for r in kept]
        assert {r["unitId"] for r in listed if r["inspectionId"]} == {str(unit_ids[0])}

        other_unit = token(slug, Role.UNIT_REPRESENTATIVE, unit_id=str(unit_ids[1]))
        seen = graphql(PROGRAMME_ONLY, other_unit, {"programme": str(programme_id)})["data"]["programme"]["records"]
        assert [r["kind"] for r in seen] == ["PLAN", "PLAN_APPROVAL", "IMMEDIATE_REPORT"]
        own_unit = token(slug, Role.UNIT_REPRESENTATIVE, unit_id=str(unit_ids[0]))
        mine = graphql(PROGRAMME_ONLY, own_unit, {"programme": str(programme_id)})["data"]["programme"]["records"]
        assert len(mine) == len(listed)
