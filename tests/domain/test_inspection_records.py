"""The records around the visit (Circular 26/2014 Art. 35 in practice): the letter asking the unit to report,
and the opening meeting announcing the decision with the written agenda."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.utils import get_topic

from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_errors import (
    InspectionAlreadyConductedError,
    InspectionDecisionMissingError,
    OpeningMeetingAlreadyHeldError,
    WrongInspectionFormError,
)
from isotrail.domain.programme import Programme

from .conftest import APPROVED_ON, CONDUCTED_ON, SCHEDULED_ON, decide, unit_ids

AGENDA = ["Công bố quyết định kiểm tra", "Đơn vị báo cáo việc duy trì HTQLCL", "Kiểm tra hồ sơ, tài liệu"]


@pytest.fixture
def undecided(approved: Programme) -> Inspection:
    inspection = approved.schedule_inspection(unit_ids(1)[0], scheduled_on=SCHEDULED_ON, occurred_on=APPROVED_ON)
    inspection.collect_events()
    return inspection


def test_the_unit_is_asked_to_report_by_a_dated_letter_before_the_visit(undecided: Inspection) -> None:
    undecided.request_report(letter_number=" 120/SKHCN-TĐC ", report_due_on=date(2020, 4, 30),
                             occurred_on=date(2020, 4, 1))
    undecided.request_report(letter_number="131/SKHCN-TĐC", report_due_on=date(2020, 5, 8),
                             occurred_on=date(2020, 5, 2))  # a reminder
    first, reminder = undecided.collect_events()
    assert get_topic(type(first)) == "isotrail.domain.inspection_records:InspectionRecords.ReportRequested"
    assert (first.letter_number, first.report_due_on, first.occurred_on) == (
        "120/SKHCN-TĐC", date(2020, 4, 30), date(2020, 4, 1))
    assert reminder.letter_number == "131/SKHCN-TĐC"
    with pytest.raises(InvalidValueError) as caught:
        undecided.request_report(letter_number=" ", report_due_on=date(2020, 4, 30), occurred_on=date(2020, 4, 1))
    assert caught.value.field == "letter_number"
    with pytest.raises(DatesOutOfOrderError):  # due before it was asked
        undecided.request_report(letter_number="120/SKHCN", report_due_on=date(2020, 3, 31),
                                 occurred_on=date(2020, 4, 1))


def test_no_report_is_asked_for_after_the_visit(conducted: Inspection) -> None:
    with pytest.raises(InspectionAlreadyConductedError):
        conducted.request_report(letter_number="120/SKHCN", report_due_on=date(2020, 6, 30),
                                 occurred_on=date(2020, 6, 1))


def test_the_opening_meeting_announces_the_decision_with_a_written_agenda_once(undecided: Inspection) -> None:
    with pytest.raises(InspectionDecisionMissingError):
        undecided.hold_opening_meeting(agenda=AGENDA, occurred_on=CONDUCTED_ON)
    decide(undecided, on=date(2020, 5, 1))
    with pytest.raises(DatesOutOfOrderError):  # not before the decision
        undecided.hold_opening_meeting(agenda=AGENDA, occurred_on=date(2020, 4, 30))
    with pytest.raises(InvalidValueError) as caught:
        undecided.hold_opening_meeting(agenda=[], occurred_on=CONDUCTED_ON)
    assert caught.value.field == "agenda"
    undecided.collect_events()
    undecided.hold_opening_meeting(agenda=[f" {item} " for item in AGENDA], occurred_on=CONDUCTED_ON)
    [held] = undecided.collect_events()
    assert (held.decision_number, held.agenda, held.occurred_on) == ("15/QĐ-SKHCN", AGENDA, CONDUCTED_ON)
    with pytest.raises(OpeningMeetingAlreadyHeldError) as again:
        undecided.hold_opening_meeting(agenda=AGENDA, occurred_on=CONDUCTED_ON)
    assert again.value.held_on == date(2020, 5, 12) and "12/05/2020" in again.value.message_vi
    undecided.conduct(inspectors=["Nguyễn Văn An"], occurred_on=CONDUCTED_ON)
    assert undecided.opened_on == CONDUCTED_ON


def test_a_dossier_check_has_no_opening_meeting(dossier: Inspection) -> None:
    with pytest.raises(WrongInspectionFormError):
        dossier.hold_opening_meeting(agenda=AGENDA, occurred_on=CONDUCTED_ON)


def test_no_opening_meeting_is_recorded_after_the_visit(conducted: Inspection) -> None:
    with pytest.raises(InspectionAlreadyConductedError):
        conducted.hold_opening_meeting(agenda=AGENDA, occurred_on=CONDUCTED_ON)
