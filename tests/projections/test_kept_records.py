"""The register of kept records (``rm_records``, Circular 26/2014 Art. 39): events in, rows out, on real
PostgreSQL — the seed's year, and the records a dossier check, an ad-hoc inspection, a notice of non-acceptance
and the Art. 38 reports keep, folded over several batches."""

from __future__ import annotations

from collections import Counter
from datetime import date

from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.tenancy import Tenant
from isotrail.services.commands import (
    CompileProgrammeResults,
    ConductInspection,
    CorrectProgrammeDetails,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RejectCorrectiveAction,
    ReportProgrammeResults,
    ScheduleAdHocInspection,
    SendFindingsLetter,
)
from isotrail.services.commands.handle import handle
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import approved_programme, register_unit
from tests.projections.conftest import rows

SIGNER = "Phó Giám đốc Sở Khoa học và Công nghệ"


async def test_the_seed_year_keeps_a_record_for_each_document(
    app: TenantApplication, pool, storage: Tenant, project
) -> None:
    seed = load_seed()
    replay_seed(app, seed)
    await project("audit")
    kinds = Counter(r["kind"] for r in await rows(pool, storage, "rm_records", "issued_on"))
    assert (kinds["plan"], kinds["plan_approval"], kinds["results_report"]) == (1, 1, 1)
    assert kinds["inspection_decision"] == kinds["minutes"] == 78
    assert kinds["corrective_action_report"] == sum(1 for unit in seed["units"] if "report_received_on" in unit)


async def test_a_dossier_check_an_ad_hoc_inspection_and_the_reports_keep_their_records(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, project
) -> None:
    programme_id, unit_ids = approved_programme(app, admin, units=1)
    outside = register_unit(app, admin, "Sở Tư pháp")
    inspection_id = handle(app, admin, ScheduleAdHocInspection(
        programme_id=programme_id, unit_id=outside, form=InspectionForm.DOSSIER, reason="Phản ánh của người dân",
        decision_number="88/QĐ-SKHCN", scheduled_on=date(2020, 9, 1), occurred_on=date(2020, 8, 25))).aggregate_id
    await project("audit")  # the plan in one batch, corrected in the next
    corrected = handle(app, admin, CorrectProgrammeDetails(
        programme_id=programme_id, corrects_version=1, title="Kiểm tra HTQLCL năm 2020", plan_number="36/KH-UBND",
        plan_date=date(2020, 3, 4), reason="Sai số kế hoạch", occurred_on=date(2020, 3, 10))).version
    handle(app, admin, ConductInspection(inspection_id=inspection_id, inspectors=["X"], occurred_on=date(2020, 9, 1)))
    nonconformity_id = handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="7.5",
                                                             description="Hệ thống tài liệu chưa cập nhật",
                                                             occurred_on=date(2020, 9, 1))).entity_id
    handle(app, admin, SendFindingsLetter(inspection_id=inspection_id, letter_number="9/SKHCN-TĐC", signer=SIGNER,
                                          occurred_on=date(2020, 9, 5)))
    handle(app, admin, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="45/BC-STP",
                                                     summary="Đã khắc phục", occurred_on=date(2020, 10, 1)))
    handle(app, admin, RejectCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                              notice_number="31/TB-SKHCN", reason="Chưa đạt", signer=SIGNER,
                                              occurred_on=date(2020, 10, 9)))
    handle(app, admin, CompileProgrammeResults(programme_id=programme_id, compilation_number="125/BC-SKHCN",
                                               signer="Giám đốc Sở KH&CN", proposals=[],
                                               occurred_on=date(2020, 11, 20)))
    handle(app, admin, ReportProgrammeResults(programme_id=programme_id, report_number="130/BC-UBND", summary="…",
                                              proposals=[], occurred_on=date(2020, 12, 10)))
    await project("audit")
    kept = await rows(pool, storage, "rm_records", "issued_on")
    assert [(r["kind"], r["number"], r["issued_on"], r["signer"]) for r in kept] == [
        ("plan", "36/KH-UBND", date(2020, 3, 4), None),
        ("plan_approval", None, date(2020, 3, 5), "UBND tỉnh"),
        ("ad_hoc_decision", "88/QĐ-SKHCN", date(2020, 8, 25), None),
        ("findings_letter", "9/SKHCN-TĐC", date(2020, 9, 5), SIGNER),
        ("corrective_action_report", "45/BC-STP", date(2020, 10, 1), None),
        ("non_acceptance_notice", "31/TB-SKHCN", date(2020, 10, 9), SIGNER),
        ("compilation", "125/BC-SKHCN", date(2020, 11, 20), "Giám đốc Sở KH&CN"),
        ("results_report", "130/BC-UBND", date(2020, 12, 10), None)]  # reported without a signer, as before
    assert (kept[0]["version"], kept[0]["corrected_in_version"]) == (1, corrected)
    assert {r["programme_id"] for r in kept} == {programme_id}
    assert [(r["inspection_id"], r["unit_id"]) for r in kept[2:6]] == [(inspection_id, outside)] * 4
    assert kept[5]["nonconformity_ids"] == [nonconformity_id]
    assert unit_ids[0] not in {r["unit_id"] for r in kept}  # the planned unit, never inspected, keeps none
