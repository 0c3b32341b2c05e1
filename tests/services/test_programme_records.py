"""A programme's Art. 38 reports as commands: the November compilation counts its figures from the inspections
stored (those not scheduled yet are not there to count), the immediate reports are recorded as often as needed,
and the year's closing report records its signer; the organiser makes them, not the team."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.result_figures import ResultFigures
from isotrail.domain.roles import Role
from isotrail.services.commands import (
    CompileProgrammeResults,
    ConductInspection,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    ReportProgrammeResults,
    ScheduleInspection,
    SendImmediateReport,
    SignMinutes,
)
from isotrail.services.commands.handle import handle
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import PLAN_DATE, approved_programme, decide

COMPILE = {"compilation_number": "125/BC-SKHCN", "signer": "Giám đốc Sở Khoa học và Công nghệ",
           "assessment": "Đánh giá nội bộ còn mang tính hình thức.", "proposals": ["Tích hợp với một cửa điện tử"],
           "occurred_on": date(2020, 11, 20)}


def test_the_compilation_counts_the_stored_inspections_of_the_plan(app: TenantApplication, admin: Caller) -> None:
    programme_id, unit_ids = approved_programme(app, admin, units=3)
    inspector = Caller("inspector-1", Role.INSPECTOR)
    for unit_id, findings in zip(unit_ids[:2], (1, 0), strict=True):  # the third unit's is never scheduled
        inspection_id = handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_id,
                                                              scheduled_on=date(2020, 6, 2),
                                                              occurred_on=PLAN_DATE)).aggregate_id
        decide(app, admin, inspection_id)
        handle(app, inspector, ConductInspection(inspection_id=inspection_id, inspectors=["Kiểm tra viên 1"],
                                                 occurred_on=date(2020, 6, 2)))
        for _ in range(findings):
            handle(app, inspector, RaiseNonconformity(inspection_id=inspection_id, item_code="6.2",
                                                      description="Mục tiêu chất lượng chưa đo lường được",
                                                      occurred_on=date(2020, 6, 2)))
        handle(app, inspector, SignMinutes(inspection_id=inspection_id, minutes_number="12/BB-ĐKT",
                                           team_leader_signatory="Kiểm tra viên 1", unit_signatory="Giám đốc",
                                           occurred_on=date(2020, 6, 3)))
    handle(app, admin, ReceiveCorrectiveActionReport(inspection_id=app.inspection_id(programme_id, unit_ids[0]),
                                                     reference="45/BC-STP", summary="Đã khắc phục",
                                                     occurred_on=date(2020, 7, 20)))
    with pytest.raises(PermissionDeniedError):
        handle(app, inspector, CompileProgrammeResults(programme_id=programme_id, **COMPILE))
    recorded = handle(app, admin, CompileProgrammeResults(programme_id=programme_id, **COMPILE))
    stored = list(app.repository.event_store.get(programme_id))[-1]
    assert (type(stored).__name__, stored.originator_version) == ("ResultsCompiled", recorded.version)
    assert stored.figures == ResultFigures(units_in_scope=3, on_site=3, joint=0, inspected=2,
                                           units_with_nonconformities=1, units_reported=1, nonconformities=1,
                                           verified=0)  # as stored and read back
    assert app.get_programme(programme_id).compiled_on == date(2020, 11, 20)


def test_immediate_reports_and_the_closing_report_are_recorded(app: TenantApplication, admin: Caller) -> None:
    programme_id, _ = approved_programme(app, admin, units=1)
    for number, on in (("140/BC-SKHCN", date(2020, 8, 3)), ("151/BC-SKHCN", date(2020, 9, 9))):
        handle(app, admin, SendImmediateReport(
            programme_id=programme_id, report_number=number, signer="Phó Giám đốc Sở KH&CN",
            recipient="Ủy ban nhân dân tỉnh", subject="Kết quả kiểm tra đột xuất", reason="Theo yêu cầu của UBND tỉnh",
            occurred_on=on))
    handle(app, admin, CompileProgrammeResults(programme_id=programme_id, **COMPILE))
    handle(app, admin, ReportProgrammeResults(programme_id=programme_id, report_number="130/BC-UBND",
                                              summary="Phụ lục II", proposals=[], signer="Phó Chủ tịch UBND tỉnh",
                                              occurred_on=date(2020, 12, 10)))
    events = list(app.repository.event_store.get(programme_id))[-4:]
    assert [type(e).__name__ for e in events] == [
        "ImmediateReportSent", "ImmediateReportSent", "ResultsCompiled", "ResultsReported"]
    assert [events[0].report_number, events[1].report_number, events[3].signer] == [
        "140/BC-SKHCN", "151/BC-SKHCN", "Phó Chủ tịch UBND tỉnh"]
    assert events[2].figures.units_in_scope == 1 and events[2].figures.inspected == 0
