"""The inspection team (Circular 26/2014, Art. 40): each member's qualifications checked when assigned, and
an agency's own staff kept off the inspection of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm, TeamMember
from isotrail.domain.team_errors import InspectorNotIndependentError, TeamMemberNotQualifiedError
from tests.qualified import QUALIFICATIONS, qualified

from .conftest import APPROVED_ON, CONDUCTED_ON, DRAFTED_ON, SCHEDULED_ON, decide, register_of, unit_ids

WithScope = Callable[..., Programme]


def test_a_member_who_presents_every_art_40_qualification_is_assigned_with_them(
    draft: Callable[..., Programme],
) -> None:
    programme = draft()
    programme.collect_events()
    programme.assign_team_member(qualified("Lê Văn C", "Chi cục TĐC", "Trưởng đoàn", years_of_service=0),
                                 occurred_on=DRAFTED_ON)
    [assigned] = programme.collect_events()
    assert isinstance(assigned, Programme.TeamMemberAssigned)
    assert assigned.member == qualified("Lê Văn C", "Chi cục TĐC", "Trưởng đoàn", years_of_service=0)
    assert assigned.member.degree == QUALIFICATIONS["degree"]


def test_a_member_without_qualifications_is_refused_naming_each_one_missing(draft: Callable[..., Programme]) -> None:
    programme = draft()
    with pytest.raises(TeamMemberNotQualifiedError) as caught:
        programme.assign_team_member(TeamMember("Lê Văn C", "Chi cục TĐC", "Thành viên"), occurred_on=DRAFTED_ON)
    error = caught.value
    assert error.code == "team_member_not_qualified"
    assert error.missing == ["degree", "state_management_certificate", "qms_auditor_certificate",
                             "years_of_service"]
    assert error.field == "degree"
    for words in ("bằng đại học", "chứng chỉ quản lý nhà nước", "chứng chỉ chuyên gia đánh giá HTQLCL",
                  "thâm niên công tác", "Điều 40", "Lê Văn C"):
        assert words in error.message_vi
    for words in ("degree", "state-management certificate", "QMS auditor certificate", "years of service"):
        assert words in error.message_en
    assert programme.team == []


def test_a_blank_certificate_is_missing_and_only_what_is_missing_is_named(draft: Callable[..., Programme]) -> None:
    programme = draft()
    with pytest.raises(TeamMemberNotQualifiedError) as caught:
        programme.assign_team_member(qualified("Lê D", "Sở Nội vụ", "Thành viên", qms_auditor_certificate="  "),
                                     occurred_on=DRAFTED_ON)
    assert caught.value.missing == ["qms_auditor_certificate"]
    assert caught.value.field == "qms_auditor_certificate"
    assert "bằng đại học" not in caught.value.message_vi


@pytest.mark.parametrize("years", [-1, 61])
def test_years_of_service_outside_a_working_life_are_an_invalid_value(
    draft: Callable[..., Programme], years: int
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        draft().assign_team_member(qualified("Lê D", "Sở Nội vụ", "Thành viên", years_of_service=years),
                                   occurred_on=DRAFTED_ON)
    assert caught.value.field == "years_of_service"


def test_members_assigned_before_qualifications_were_recorded_replay_unchecked(
    draft: Callable[..., Programme],
) -> None:
    programme = draft()
    programme._team_member_assigned(member=TeamMember("Lê Văn C", "Chi cục TĐC", "Trưởng đoàn"),
                                    occurred_on=DRAFTED_ON)  # as an event stored before Art. 40 was checked
    replayed = None
    for stored in programme.collect_events():
        replayed = stored.mutate(replayed)
    assert isinstance(replayed, Programme)
    assert replayed.team == [TeamMember("Lê Văn C", "Chi cục TĐC", "Trưởng đoàn")]


def _approved_with_team(programme_with_scope: WithScope, *members: TeamMember) -> Programme:
    programme = programme_with_scope(InspectionForm.ON_SITE, InspectionForm.DOSSIER)
    for member in members:
        programme.assign_team_member(member, occurred_on=DRAFTED_ON)
    programme.approve(approved_by="UBND tỉnh Sóc Trăng", occurred_on=APPROVED_ON, register=register_of(2))
    return programme


def test_an_agency_s_own_staff_may_not_inspect_it(programme_with_scope: WithScope) -> None:
    own, other = unit_ids(2)
    programme = _approved_with_team(
        programme_with_scope,
        qualified("Nguyễn Văn An", "Sở KH&CN", "Trưởng đoàn", unit_id=own),
        qualified("Trần Thị Bình", "Sở Nội vụ", "Thành viên", unit_id=other),
        qualified("Phạm Văn Cường", "Chuyên gia độc lập", "Thành viên"),
    )
    inspection = programme.schedule_inspection(own, scheduled_on=SCHEDULED_ON, occurred_on=APPROVED_ON)
    decide(inspection, team=[DecisionTeamMember("Trần Thị Bình", TeamRole.TEAM_LEADER)])
    assert inspection.own_staff == ["Nguyễn Văn An"]
    with pytest.raises(InspectorNotIndependentError) as caught:
        inspection.conduct(inspectors=["Trần Thị Bình", " Nguyễn Văn An "], occurred_on=CONDUCTED_ON)
    assert (caught.value.inspector, caught.value.inspection_id) == ("Nguyễn Văn An", inspection.id)
    assert caught.value.field == "inspectors"
    assert "không được tham gia kiểm tra" in caught.value.message_vi
    assert inspection.conducted_on is None
    inspection.conduct(inspectors=["Trần Thị Bình", "Phạm Văn Cường"], occurred_on=CONDUCTED_ON)
    assert inspection.inspectors == ["Trần Thị Bình", "Phạm Văn Cường"]


def test_the_inspection_decision_does_not_name_the_agency_s_own_staff_on_its_team(
    programme_with_scope: WithScope,
) -> None:
    own, other = unit_ids(2)
    programme = _approved_with_team(programme_with_scope,
                                    qualified("Nguyễn Văn An", "Sở KH&CN", "Trưởng đoàn", unit_id=own),
                                    qualified("Trần Thị Bình", "Sở Nội vụ", "Thành viên", unit_id=other))
    inspection = programme.schedule_inspection(own, scheduled_on=SCHEDULED_ON, occurred_on=APPROVED_ON)
    inspection.collect_events()
    with pytest.raises(InspectorNotIndependentError) as caught:
        decide(inspection, team=[DecisionTeamMember("Trần Thị Bình", TeamRole.TEAM_LEADER),
                                 DecisionTeamMember(" Nguyễn Văn An ", TeamRole.MEMBER)])
    assert (caught.value.inspector, caught.value.field) == ("Nguyễn Văn An", "team")
    assert (inspection.decision_number, inspection.collect_events()) == (None, [])
    decide(inspection, team=[DecisionTeamMember("Trần Thị Bình", TeamRole.TEAM_LEADER)])
    assert inspection.team_leader == "Trần Thị Bình"


def test_staff_of_one_agency_may_inspect_another(programme_with_scope: WithScope) -> None:
    own, other = unit_ids(2)
    programme = _approved_with_team(programme_with_scope,
                                    qualified("Nguyễn Văn An", "Sở KH&CN", "Trưởng đoàn", unit_id=own))
    inspection = programme.schedule_inspection(other, scheduled_on=SCHEDULED_ON, occurred_on=APPROVED_ON)
    assert inspection.own_staff == []
    inspection.conduct(inspectors=["Nguyễn Văn An"], occurred_on=CONDUCTED_ON)
    assert inspection.inspectors == ["Nguyễn Văn An"]


def test_an_inspection_scheduled_before_own_staff_were_recorded_replays_with_none(on_site: Inspection) -> None:
    [scheduled, _decision] = on_site.collect_events()
    assert isinstance(scheduled, Inspection.Scheduled)
    older = Inspection.Scheduled(**{name: value for name, value in scheduled.__dict__.items() if name != "own_staff"})
    assert older.own_staff is None
    replayed = older.mutate(None)
    assert isinstance(replayed, Inspection)
    assert replayed.own_staff == []
    decide(replayed)
    replayed.conduct(inspectors=["Nguyễn Văn An"], occurred_on=CONDUCTED_ON)


def test_a_snapshot_taken_before_own_staff_were_recorded_has_none(on_site: Inspection) -> None:
    del on_site.own_staff  # as a snapshot's state from before: the class's default answers
    assert on_site.own_staff == ()
    on_site.conduct(inspectors=["Nguyễn Văn An"], occurred_on=CONDUCTED_ON)
    assert on_site.inspectors == ["Nguyễn Văn An"]
