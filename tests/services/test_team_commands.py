"""The inspection team's commands on real PostgreSQL (Circular 26/2014 Art. 40): a member's qualifications and
unit stored with the assignment, an unqualified member or an unknown unit refused with nothing stored, and an
agency's own staff refused as its inspectors."""

from __future__ import annotations

import json
from datetime import date

import pytest

from isotrail.domain.programme_values import InspectionForm, TeamMember
from isotrail.domain.team_errors import InspectorNotIndependentError, TeamMemberNotQualifiedError
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    AssignTeamMember,
    ConductInspection,
    ScheduleInspection,
)
from isotrail.services.commands.handle import handle
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import PLAN_DATE, decide, draft_programme, register_unit
from tests.qualified import QUALIFICATIONS, qualified

DRAFTED_ON = date(2020, 2, 21)


def _notification_count(app: TenantApplication) -> int:
    return app.recorder.max_notification_id() or 0


def test_assigning_a_qualified_member_stores_their_qualifications_and_unit(
    app: TenantApplication, admin: Caller
) -> None:
    programme_id = draft_programme(app, admin)
    unit_id = register_unit(app, admin, "Sở Khoa học và Công nghệ")
    member = qualified("Nguyễn Văn An", "Chi cục TĐC", "Trưởng đoàn", unit_id=unit_id)
    recorded = handle(app, admin, AssignTeamMember(programme_id=programme_id, member=member, occurred_on=DRAFTED_ON))
    app.forget(programme_id)
    assert app.get_programme(programme_id).team == [member]
    assert recorded.version == 2


def test_an_unqualified_member_is_refused_and_nothing_is_stored(app: TenantApplication, admin: Caller) -> None:
    programme_id = draft_programme(app, admin)
    before = _notification_count(app)
    with pytest.raises(TeamMemberNotQualifiedError) as caught:
        handle(app, admin, AssignTeamMember(
            programme_id=programme_id, occurred_on=DRAFTED_ON,
            member=qualified("Lê Văn C", "Sở Nội vụ", "Thành viên", degree=None, years_of_service=None)))
    assert caught.value.missing == ["degree", "years_of_service"]
    assert _notification_count(app) == before
    assert app.get_programme(programme_id).team == []


def test_a_member_s_unit_must_be_registered(app: TenantApplication, admin: Caller) -> None:
    programme_id = draft_programme(app, admin)
    stranger = app.unit_id("NOT-REGISTERED")
    with pytest.raises(UnitNotFoundError):
        handle(app, admin, AssignTeamMember(
            programme_id=programme_id, occurred_on=DRAFTED_ON,
            member=qualified("Lê Văn C", "Sở Nội vụ", "Thành viên", unit_id=stranger)))


def test_an_agency_s_own_staff_can_neither_be_named_in_its_decision_nor_conduct_its_inspection(
    app: TenantApplication, admin: Caller, inspector: Caller
) -> None:
    programme_id = draft_programme(app, admin)
    dost, home_affairs = register_unit(app, admin, "Sở KH&CN"), register_unit(app, admin, "Sở Nội vụ")
    for unit_id in (dost, home_affairs):
        handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id,
                                              form=InspectionForm.ON_SITE, occurred_on=DRAFTED_ON))
    for member in (qualified("Nguyễn Văn An", "Chi cục TĐC", "Trưởng đoàn", unit_id=dost),
                   qualified("Trần Thị Bình", "Sở Nội vụ", "Thành viên", unit_id=home_affairs)):
        handle(app, admin, AssignTeamMember(programme_id=programme_id, member=member, occurred_on=DRAFTED_ON))
    handle(app, admin, ApproveProgramme(programme_id=programme_id, approved_by="UBND tỉnh", occurred_on=PLAN_DATE))
    inspection_id = handle(app, admin, ScheduleInspection(
        programme_id=programme_id, unit_id=dost, scheduled_on=date(2020, 6, 2), occurred_on=PLAN_DATE)).aggregate_id
    before = _notification_count(app)
    with pytest.raises(InspectorNotIndependentError) as named:  # nor may the decision name them on its team
        decide(app, admin, inspection_id, leader="Nguyễn Văn An")
    assert (named.value.inspector, named.value.field) == ("Nguyễn Văn An", "team")
    assert _notification_count(app) == before
    decide(app, admin, inspection_id, leader="Trần Thị Bình")
    before = _notification_count(app)
    with pytest.raises(InspectorNotIndependentError) as caught:
        handle(app, inspector, ConductInspection(inspection_id=inspection_id, occurred_on=date(2020, 6, 2),
                                                 inspectors=["Trần Thị Bình", "Nguyễn Văn An"]))
    assert caught.value.inspector == "Nguyễn Văn An"
    assert _notification_count(app) == before
    handle(app, inspector, ConductInspection(inspection_id=inspection_id, occurred_on=date(2020, 6, 2),
                                             inspectors=["Trần Thị Bình"]))
    assert app.get_inspection(inspection_id).inspectors == ["Trần Thị Bình"]


def test_a_member_stored_before_qualifications_were_recorded_reads_back_without_them(
    app: TenantApplication,
) -> None:
    """A stored event's member as the transcoder wrote it before Art. 40's fields existed."""
    transcoder = app.mapper.transcoder
    stored = json.loads(transcoder.encode({"member": qualified("A", "B", "C")}))
    data = stored["member"]["_data_"]
    assert set(data) == {"name", "organisation", "position", *QUALIFICATIONS, "unit_id"}
    legacy = {"member": {**stored["member"], "_data_": {name: data[name] for name in ("name", "organisation",
                                                                                    "position")}}}
    assert transcoder.decode(json.dumps(legacy).encode()) == {"member": TeamMember("A", "B", "C")}
