"""The records before the visit as commands (Art. 35): the decision (Mẫu 20), issued by the organiser and
required before an on-site visit is recorded; the letter asking the unit to report; the opening meeting."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.inspection_errors import InspectionDecisionMissingError
from isotrail.domain.roles import Role
from isotrail.services.commands import (
    ConductInspection,
    HoldOpeningMeeting,
    IssueInspectionDecision,
    RequestUnitReport,
    ScheduleInspection,
)
from isotrail.services.commands.handle import handle
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import PLAN_DATE, approved_programme, decide

TEAM = [DecisionTeamMember("Nguyễn Văn An", TeamRole.TEAM_LEADER), DecisionTeamMember("Trần Thị Bình",
                                                                                      TeamRole.MEMBER)]


def test_the_decision_is_issued_by_the_organiser_before_the_visit(app: TenantApplication, admin: Caller) -> None:
    programme_id, unit_ids = approved_programme(app, admin, units=1)
    inspection_id = handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_ids[0],
                                                          scheduled_on=date(2020, 6, 2),
                                                          occurred_on=PLAN_DATE)).aggregate_id
    with pytest.raises(InspectionDecisionMissingError):
        handle(app, admin, ConductInspection(inspection_id=inspection_id, inspectors=["A"],
                                             occurred_on=date(2020, 6, 2)))
    issue = IssueInspectionDecision(inspection_id=inspection_id, decision_number="15/QĐ-SKHCN",
                                    signer="Giám đốc Sở KH&CN", team=TEAM, scope="Duy trì HTQLCL",
                                    starts_on=date(2020, 6, 2), ends_on=date(2020, 6, 2), occurred_on=date(2020, 5, 20))
    with pytest.raises(PermissionDeniedError):
        handle(app, Caller("inspector-1", Role.INSPECTOR), issue)
    recorded = handle(app, admin, issue)
    stored = list(app.repository.event_store.get(inspection_id))[-1]
    assert (type(stored).__name__, stored.originator_version) == ("DecisionIssued", recorded.version)
    assert (stored.decision_number, stored.team) == ("15/QĐ-SKHCN", TEAM)  # as stored and read back
    inspection = app.get_inspection(inspection_id)
    assert (inspection.decision_number, inspection.decided_on, inspection.team_leader) == (
        "15/QĐ-SKHCN", date(2020, 5, 20), "Nguyễn Văn An")
    handle(app, admin, ConductInspection(inspection_id=inspection_id, inspectors=["A"], occurred_on=date(2020, 6, 2)))
    assert app.get_inspection(inspection_id).conducted_on == date(2020, 6, 2)


def test_the_report_letter_and_the_opening_meeting_are_recorded_on_the_inspection(
    app: TenantApplication, admin: Caller
) -> None:
    programme_id, unit_ids = approved_programme(app, admin, units=1)
    inspection_id = handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_ids[0],
                                                          scheduled_on=date(2020, 6, 2),
                                                          occurred_on=PLAN_DATE)).aggregate_id
    handle(app, admin, RequestUnitReport(inspection_id=inspection_id, letter_number="120/SKHCN-TĐC",
                                         report_due_on=date(2020, 5, 15), occurred_on=date(2020, 5, 1)))
    inspector = Caller("inspector-1", Role.INSPECTOR)
    with pytest.raises(PermissionDeniedError):  # the organiser asks, not the team
        handle(app, inspector, RequestUnitReport(inspection_id=inspection_id, letter_number="121/SKHCN-TĐC",
                                                 report_due_on=date(2020, 5, 15), occurred_on=date(2020, 5, 1)))
    decide(app, admin, inspection_id, on=date(2020, 5, 20))
    handle(app, inspector, HoldOpeningMeeting(inspection_id=inspection_id, agenda=["Công bố quyết định"],
                                              occurred_on=date(2020, 6, 2)))
    kinds = [type(e).__name__ for e in app.repository.event_store.get(inspection_id)]
    assert kinds == ["Scheduled", "ReportRequested", "DecisionIssued", "OpeningMeetingHeld"]
    assert app.get_inspection(inspection_id).opened_on == date(2020, 6, 2)
