"""The inspection decision (Quyết định kiểm tra, Mẫu 20; Circular 26/2014 Art. 35): issued once before an
on-site visit, naming its team with one leader, its scope and its window; the visit needs it."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.utils import get_topic

from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.inspection_errors import (
    InspectionAlreadyConductedError,
    InspectionDecisionAlreadyIssuedError,
    InspectionDecisionMissingError,
    WrongInspectionFormError,
)
from isotrail.domain.programme import Programme

from .conftest import APPROVED_ON, CONDUCTED_ON, DECISION_TEAM, SCHEDULED_ON, decide, unit_ids

LEADER, SECRETARY = TeamRole.TEAM_LEADER, TeamRole.SECRETARY


@pytest.fixture
def undecided(approved: Programme) -> Inspection:
    """Scheduled on site, no decision yet."""
    inspection = approved.schedule_inspection(unit_ids(1)[0], scheduled_on=SCHEDULED_ON, occurred_on=APPROVED_ON)
    inspection.collect_events()
    return inspection


def _issue(inspection: Inspection, **changes: object) -> None:
    given: dict[str, object] = {
        "decision_number": "15/QĐ-SKHCN", "signer": " Giám đốc Sở KH&CN ", "team": DECISION_TEAM,
        "scope": "Duy trì, cải tiến HTQLCL", "starts_on": SCHEDULED_ON, "ends_on": date(2020, 5, 13),
        "occurred_on": APPROVED_ON, **changes}
    inspection.issue_decision(**given)  # type: ignore[arg-type]


def test_the_decision_records_its_number_signer_team_scope_and_window(undecided: Inspection) -> None:
    _issue(undecided)
    [issued] = undecided.collect_events()
    assert get_topic(type(issued)) == "isotrail.domain.inspection_records:InspectionRecords.DecisionIssued"
    assert (issued.decision_number, issued.signer, issued.scope) == (
        "15/QĐ-SKHCN", "Giám đốc Sở KH&CN", "Duy trì, cải tiến HTQLCL")
    assert (issued.starts_on, issued.ends_on, issued.occurred_on) == (SCHEDULED_ON, date(2020, 5, 13), APPROVED_ON)
    assert issued.team == DECISION_TEAM
    assert (undecided.decision_number, undecided.decided_on, undecided.team_leader) == (
        "15/QĐ-SKHCN", APPROVED_ON, "Nguyễn Văn An")


def test_an_on_site_inspection_is_not_conducted_without_its_decision(undecided: Inspection) -> None:
    with pytest.raises(InspectionDecisionMissingError) as caught:
        undecided.conduct(inspectors=["Nguyễn Văn An"], occurred_on=CONDUCTED_ON)
    assert (caught.value.code, caught.value.field) == ("inspection_decision_missing", "inspection_id")
    decide(undecided, on=date(2020, 5, 1))
    with pytest.raises(DatesOutOfOrderError):  # not before the decision
        undecided.conduct(inspectors=["Nguyễn Văn An"], occurred_on=date(2020, 4, 30))
    undecided.conduct(inspectors=["Nguyễn Văn An"], occurred_on=CONDUCTED_ON)
    assert undecided.conducted_on == CONDUCTED_ON


def test_a_dossier_check_needs_no_decision_and_takes_none(dossier: Inspection) -> None:
    with pytest.raises(WrongInspectionFormError):
        _issue(dossier)
    dossier.conduct(inspectors=["X"], occurred_on=CONDUCTED_ON)
    assert dossier.conducted_on == CONDUCTED_ON


def test_the_decision_is_issued_once_and_before_the_visit(undecided: Inspection, conducted: Inspection) -> None:
    with pytest.raises(InspectionAlreadyConductedError):
        _issue(conducted)
    _issue(undecided)
    with pytest.raises(InspectionDecisionAlreadyIssuedError) as caught:
        _issue(undecided, decision_number="16/QĐ-SKHCN")
    assert caught.value.decision_number == "15/QĐ-SKHCN"
    assert "15/QĐ-SKHCN" in caught.value.message_vi


@pytest.mark.parametrize("team", [
    [DecisionTeamMember("Nguyễn Văn An", SECRETARY)],
    [DecisionTeamMember("Nguyễn Văn An", LEADER), DecisionTeamMember("Trần Thị Bình", LEADER)],
    [DecisionTeamMember("Nguyễn Văn An", LEADER), DecisionTeamMember(" Nguyễn Văn An ", SECRETARY)],
])
def test_the_team_has_exactly_one_leader_and_names_each_person_once(
    undecided: Inspection, team: list[DecisionTeamMember]
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _issue(undecided, team=team)
    assert caught.value.field == "team"


@pytest.mark.parametrize(("number", "kept"), [
    ("15/QĐ-SKHCN", "15/QĐ-SKHCN"), ("19/2014/QĐ-TTg", "19/2014/QĐ-TTg"), ("15 / QĐ - SKHCN", "15/QĐ-SKHCN"),
    ("  Số 15/QĐ-SKHCN ", "Số 15/QĐ-SKHCN"), ("QĐ-15", "QĐ-15"),
])
def test_the_decision_number_is_kept_as_the_paper_gives_it_its_spacing_normalised(
    undecided: Inspection, number: str, kept: str
) -> None:
    _issue(undecided, decision_number=number)
    assert undecided.decision_number == kept


@pytest.mark.parametrize("number", ["", "   ", "1" * 101])
def test_a_decision_number_is_a_text_of_1_to_100_characters(undecided: Inspection, number: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _issue(undecided, decision_number=number)
    assert caught.value.field == "decision_number"


@pytest.mark.parametrize(("starts_on", "ends_on", "occurred_on"), [
    (date(2020, 3, 4), date(2020, 5, 13), APPROVED_ON),  # the window before the decision
    (SCHEDULED_ON, date(2020, 5, 11), APPROVED_ON),  # ending before it starts
    (SCHEDULED_ON, date(2020, 5, 13), date(2020, 3, 4)),  # decided before the inspection was put in the plan
])
def test_the_window_follows_the_decision_which_follows_the_plan(
    undecided: Inspection, starts_on: date, ends_on: date, occurred_on: date
) -> None:
    with pytest.raises(DatesOutOfOrderError):
        _issue(undecided, starts_on=starts_on, ends_on=ends_on, occurred_on=occurred_on)
    assert undecided.decision_number is None
