"""A nonconformity followed to its close through the services, stored and reloaded from PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.input_errors import DatesOutOfOrderError
from isotrail.domain.inspection_errors import FindingsNotCommunicatedError, WrongInspectionFormError
from isotrail.domain.inspection_values import NonconformityStatus, RecommendationSource
from isotrail.domain.nonconformity_errors import CorrectiveActionReportMissingError, NonconformityNotOpenError
from isotrail.domain.programme_values import InspectionForm
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    CarryOverNonconformity,
    ConductInspection,
    DraftProgramme,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RecordRecommendation,
    RejectCorrectiveAction,
    ScheduleInspection,
    SendFindingsLetter,
    SignMinutes,
    VerifyCorrectiveAction,
    WithdrawNonconformity,
)
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import PLAN_DATE, conducted_inspection, register_unit

SIGNED = date(2020, 12, 31)


def _raise(app: TenantApplication, caller: Caller, inspection_id, clause: str = "6.2"):
    return handle(app, caller, RaiseNonconformity(inspection_id=inspection_id, item_code=clause,
                                                  description="Mục tiêu chất lượng chưa đo lường được",
                                                  occurred_on=date(2020, 12, 30))).entity_id


def test_the_report_is_due_two_calendar_months_after_signing_and_overdue_is_derived(
    app: TenantApplication, admin: Caller
) -> None:
    _, inspection_id = conducted_inspection(app, admin, on=date(2020, 12, 30))
    nonconformity_id = _raise(app, admin, inspection_id)
    with pytest.raises(FindingsNotCommunicatedError):
        handle(app, admin, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="BC", summary="Sớm",
                                                         occurred_on=date(2021, 1, 5)))
    with pytest.raises(DatesOutOfOrderError):
        handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                       team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                       occurred_on=date(2020, 12, 29)))
    handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                   team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                   occurred_on=SIGNED))
    nonconformity = app.get_inspection(inspection_id).nonconformities[nonconformity_id]
    assert nonconformity.report_due_on == date(2021, 2, 28)
    assert not nonconformity.is_overdue(date(2021, 2, 28))
    assert nonconformity.is_overdue(date(2021, 3, 1))


def test_not_accepted_then_reported_again_then_verified(app: TenantApplication, admin: Caller) -> None:
    _, inspection_id = conducted_inspection(app, admin, on=date(2020, 12, 30))
    nonconformity_id = _raise(app, admin, inspection_id)
    handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                   team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                   occurred_on=SIGNED))
    with pytest.raises(CorrectiveActionReportMissingError):
        handle(app, admin, VerifyCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                                  occurred_on=date(2021, 2, 1)))
    handle(app, admin, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="BC-1", summary="Lần 1",
                                                     occurred_on=date(2021, 2, 10)))
    with pytest.raises(DatesOutOfOrderError):
        handle(app, admin, RejectCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                                  notice_number="TB-1", reason="Chưa đạt",
                                                  occurred_on=date(2021, 2, 9)))
    handle(app, admin, RejectCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                              notice_number="TB-1", reason="Mục tiêu vẫn chưa đo được",
                                              occurred_on=date(2021, 3, 1)))
    nonconformity = app.get_inspection(inspection_id).nonconformities[nonconformity_id]
    assert nonconformity.status is NonconformityStatus.NOT_ACCEPTED
    assert nonconformity.report_due_on is None  # no new deadline: a later inspection re-checks it
    handle(app, admin, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="BC-2", summary="Lần 2",
                                                     occurred_on=date(2021, 4, 15)))
    handle(app, admin, VerifyCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                              occurred_on=date(2021, 6, 1), note="Đã có chỉ số đo lường"))
    nonconformity = app.get_inspection(inspection_id).nonconformities[nonconformity_id]
    assert nonconformity.status is NonconformityStatus.VERIFIED
    assert nonconformity.reports_received_on == [date(2021, 2, 10), date(2021, 4, 15)]
    assert nonconformity.not_accepted_notices == ["TB-1"]
    with pytest.raises(NonconformityNotOpenError):
        handle(app, admin, RejectCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                                  notice_number="TB-2", reason="Muộn", occurred_on=date(2021, 6, 2)))


def test_withdrawal_corrects_the_raising_event_and_carry_over_hands_it_to_next_year(
    app: TenantApplication, admin: Caller
) -> None:
    _, inspection_id = conducted_inspection(app, admin, on=date(2020, 12, 30))
    mistaken = _raise(app, admin, inspection_id, "7.5")
    kept = _raise(app, admin, inspection_id, "9.2")
    raised_version = app.get_inspection(inspection_id).nonconformities[mistaken].raised_in_version
    recorded = handle(app, admin, WithdrawNonconformity(inspection_id=inspection_id, nonconformity_id=mistaken,
                                                        reason="Ghi nhầm đơn vị", occurred_on=date(2020, 12, 30)))
    withdrawn = app.repository.event_store.get(inspection_id, gt=recorded.version - 1)
    assert [event.corrects_version for event in withdrawn] == [raised_version]
    handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                   team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                   occurred_on=SIGNED))
    next_year = handle(app, admin, DraftProgramme(code="2021", year=2021, title="Kế hoạch 2021",
                                                  plan_number="40/KH-UBND", plan_date=date(2021, 3, 1), legal_basis=[],
                                                  catalogue_version="tt26-2014+iso9001-2015", organiser="Chi cục TĐC",
                                                  occurred_on=date(2021, 2, 1))).aggregate_id
    handle(app, admin, CarryOverNonconformity(inspection_id=inspection_id, nonconformity_id=kept,
                                              to_programme_id=next_year, occurred_on=date(2021, 3, 2)))
    inspection = app.get_inspection(inspection_id)
    assert inspection.nonconformities[mistaken].status is NonconformityStatus.WITHDRAWN
    assert inspection.nonconformities[kept].status is NonconformityStatus.CARRIED_OVER
    assert inspection.nonconformities[kept].carried_to_programme_id == next_year
    handle(app, admin, RecordRecommendation(inspection_id=inspection_id, source=RecommendationSource.TEAM,
                                            text="Tích hợp HTQLCL với hệ thống một cửa điện tử", occurred_on=SIGNED))
    assert app.get_inspection(inspection_id).recommendations[-1][0] is RecommendationSource.TEAM


def test_a_dossier_check_ends_with_a_letter_not_minutes(app: TenantApplication, admin: Caller) -> None:
    dossier_programme = handle(app, admin, DraftProgramme(code="2020-hs", year=2020, title="Kiểm tra qua hồ sơ",
                                                          plan_number="36/KH-UBND", plan_date=PLAN_DATE, legal_basis=[],
                                                          catalogue_version="tt26-2014+iso9001-2015",
                                                          organiser="Chi cục TĐC",
                                                          occurred_on=date(2020, 3, 1))).aggregate_id
    on_site_unit, dossier_unit = register_unit(app, admin), register_unit(app, admin)
    handle(app, admin, AddUnitToProgramme(programme_id=dossier_programme, unit_id=on_site_unit,
                                          form=InspectionForm.ON_SITE, occurred_on=date(2020, 3, 2)))
    handle(app, admin, AddUnitToProgramme(programme_id=dossier_programme, unit_id=dossier_unit,
                                          form=InspectionForm.DOSSIER, occurred_on=date(2020, 3, 2)))
    handle(app, admin, ApproveProgramme(programme_id=dossier_programme, approved_by="UBND", occurred_on=PLAN_DATE))
    inspection_id = handle(app, admin, ScheduleInspection(programme_id=dossier_programme, unit_id=dossier_unit,
                                                          scheduled_on=date(2020, 5, 4),
                                                          occurred_on=PLAN_DATE)).aggregate_id
    handle(app, admin, ConductInspection(inspection_id=inspection_id, inspectors=["A"], occurred_on=date(2020, 5, 4)))
    _raise(app, admin, inspection_id)
    with pytest.raises(WrongInspectionFormError):
        handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB",
                                       team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                       occurred_on=date(2020, 5, 4)))
    handle(app, admin, SendFindingsLetter(inspection_id=inspection_id, letter_number="123/CCTĐC",
                                          occurred_on=date(2020, 5, 6)))
    inspection = app.get_inspection(inspection_id)
    assert [nc.report_due_on for nc in inspection.nonconformities.values()] == [None]
