"""Snapshots: each aggregate rebuilt from a snapshot and the events after it is the one folded from all
its events, and time travel answers the same with or without snapshots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.domain.plan_coverage import MissingUnit
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import QmsFacts, UnitKind
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    AssessItem,
    AssignTeamMember,
    CarryOverNonconformity,
    CorrectProgrammeDetails,
    DissolveUnit,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    ReclassifyUnit,
    RecordQmsFacts,
    RecordRecommendation,
    RejectCorrectiveAction,
    RemoveUnitFromProgramme,
    RenameUnit,
    ReportProgrammeResults,
    SetProgrammeSchedule,
    ShareQms,
    SignMinutes,
    StopSharingQms,
    VerifyCorrectiveAction,
    WithdrawNonconformity,
)
from isotrail.services.commands.handle import handle
from isotrail.services.history import AsOfSelectorError, as_of
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import SNAPSHOT_INTERVAL, TenantApplication
from tests.builders import (
    PLAN_DATE,
    conducted_inspection,
    draft_programme,
    project_all,
    register_unit,
    write_units_and_renames,
)
from tests.qualified import qualified


def _unit(app: TenantApplication, caller: Caller) -> UUID:
    unit_id = register_unit(app, caller, "Ủy ban nhân dân huyện Kế Sách")
    successor = register_unit(app, caller, "Ủy ban nhân dân xã Kế Sách")
    handle(app, caller, RenameUnit(unit_id=unit_id, name="Ủy ban nhân dân thị xã Kế Sách",
                                   occurred_on=date(2024, 1, 1)))
    handle(app, caller, ReclassifyUnit(unit_id=unit_id, kind=UnitKind.DISTRICT_COMMITTEE, occurred_on=date(2024, 1, 1)))
    handle(app, caller, RecordQmsFacts(unit_id=unit_id, facts=QmsFacts("TCVN ISO 9001:2015", date(2023, 5, 1), None,
                                                         date(2024, 2, 1)), occurred_on=date(2024, 3, 1)))
    office = register_unit(app, caller, "Văn phòng HĐND và UBND huyện Kế Sách")  # shares its QMS, then leaves
    handle(app, caller, ShareQms(unit_id=office, host_unit_id=unit_id, occurred_on=date(2024, 4, 1)))
    handle(app, caller, StopSharingQms(unit_id=office, occurred_on=date(2024, 5, 1)))
    handle(app, caller, ShareQms(unit_id=unit_id, host_unit_id=successor, occurred_on=date(2024, 6, 1)))
    handle(app, caller, DissolveUnit(unit_id=unit_id, reason="Sắp xếp đơn vị hành chính", occurred_on=date(2025, 7, 1),
                                     successor_ids=[successor]))
    return unit_id


def _programme(app: TenantApplication, caller: Caller) -> UUID:
    programme_id = draft_programme(app, caller)
    units = [register_unit(app, caller, f"Đơn vị {i}") for i in range(3)]
    handle(app, caller, AddUnitToProgramme(programme_id=programme_id, unit_id=units[0], form=InspectionForm.ON_SITE,
                                           occurred_on=date(2020, 2, 21), joint_team="Đoàn CCHC Sở Nội vụ"))
    for unit_id in units[1:]:
        handle(app, caller, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id, form=InspectionForm.DOSSIER,
                                               occurred_on=date(2020, 2, 21)))
    handle(app, caller, RemoveUnitFromProgramme(programme_id=programme_id, unit_id=units[2], reason="Đã giải thể",
                                                occurred_on=date(2020, 2, 22)))
    # back-dated: recorded after the units, but on a business date before them
    handle(app, caller, AssignTeamMember(programme_id=programme_id,
                                         member=qualified("Nguyễn Văn A", "Chi cục TĐC", "trưởng đoàn"),
                                         occurred_on=date(2020, 2, 19)))
    handle(app, caller, SetProgrammeSchedule(programme_id=programme_id, starts_on=date(2020, 4, 1),
                                             ends_on=date(2020, 11, 30), occurred_on=date(2020, 2, 23)))
    handle(app, caller, CorrectProgrammeDetails(programme_id=programme_id, corrects_version=1,
                                                title="Kiểm tra HTQLCL 2020", plan_number="35/KH-UBND",
                                                plan_date=PLAN_DATE, reason="Sai tiêu đề",
                                                occurred_on=date(2020, 2, 24)))
    handle(app, caller, ApproveProgramme(programme_id=programme_id, approved_by="UBND tỉnh", occurred_on=PLAN_DATE,
                                         acknowledged_missing_units=[MissingUnit(units[2], "Đang giải thể")]))
    handle(app, caller, ReportProgrammeResults(programme_id=programme_id, report_number="BC-99", summary="Kết quả",
                                               proposals=["Tiếp tục duy trì"], occurred_on=date(2020, 12, 15)))
    return programme_id


def _inspection(app: TenantApplication, caller: Caller) -> UUID:
    """Every nonconformity fate: withdrawn, verified after a rejected report, carried over."""
    on = date(2020, 12, 30)
    _, inspection_id = conducted_inspection(app, caller, on=on)
    first = handle(app, caller, AssessItem(inspection_id=inspection_id, item_code="6.2",
                                           result=AssessmentResult.CONFORMS, occurred_on=on))
    handle(app, caller, AssessItem(inspection_id=inspection_id, item_code="6.2", result=AssessmentResult.NONCONFORMS,
                                   occurred_on=on, note="Đính chính", corrects_version=first.version))
    mistaken, verified, carried = (
        handle(app, caller, RaiseNonconformity(inspection_id=inspection_id, item_code=item,
                                               description=f"Chưa đạt {item}",
                                               occurred_on=on)).entity_id for item in ("7.5", "6.2", "9.2"))
    handle(app, caller, WithdrawNonconformity(inspection_id=inspection_id, nonconformity_id=mistaken, reason="Ghi nhầm",
                                              occurred_on=on))
    handle(app, caller, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                    team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                    occurred_on=date(2020, 12, 31)))
    handle(app, caller, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="BC-1", summary="Lần 1",
                                                      occurred_on=date(2021, 2, 10), nonconformity_ids=[verified]))
    handle(app, caller, RejectCorrectiveAction(inspection_id=inspection_id, nonconformity_id=verified,
                                               notice_number="TB-1", reason="Chưa đo được",
                                               occurred_on=date(2021, 3, 1)))
    handle(app, caller, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="BC-2", summary="Lần 2",
                                                      occurred_on=date(2021, 4, 15)))
    handle(app, caller, VerifyCorrectiveAction(inspection_id=inspection_id, nonconformity_id=verified,
                                               occurred_on=date(2021, 6, 1)))
    next_year = draft_programme(app, caller, code="2021")
    handle(app, caller, CarryOverNonconformity(inspection_id=inspection_id, nonconformity_id=carried,
                                               to_programme_id=next_year, occurred_on=date(2021, 6, 2)))
    handle(app, caller, RecordRecommendation(inspection_id=inspection_id, source=RecommendationSource.UNIT,
                                             text="Tập huấn thêm", occurred_on=date(2021, 6, 2)))
    return inspection_id


SCENARIOS: dict[str, tuple[type[IsotrailAggregate], Callable[[TenantApplication, Caller], UUID]]] = {
    "unit": (Unit, _unit), "programme": (Programme, _programme), "inspection": (Inspection, _inspection)}


def state(aggregate: Any) -> str:
    """The whole state with its types: an enum member, a tuple or a UUID key print apart from a string,
    a list or a string key, which would compare equal."""
    return repr(sorted((name, value) for name, value in vars(aggregate).items() if name != "_pending_events"))


def folded(app: TenantApplication, aggregate_id: UUID, version: int) -> Any:
    aggregate = None
    for event in app.events.get(aggregate_id, lte=version):
        aggregate = event.mutate(aggregate)
    return aggregate


def _not_found() -> Exception:
    return LookupError("not found")


@pytest.mark.parametrize("kind", SCENARIOS)
def test_an_aggregate_rebuilt_from_a_snapshot_and_later_events_equals_the_full_fold(
    app: TenantApplication, admin: Caller, kind: str
) -> None:
    cls, build = SCENARIOS[kind]
    aggregate_id = build(app, admin)
    last = app.repository.get(aggregate_id).version
    taken = list(range(1, last + 1, 3))
    for version in taken:
        app.take_snapshot(aggregate_id, version)
    assert [s.originator_version for s in app.snapshots.get(aggregate_id)] == taken  # none failed quietly
    for snapshot in app.snapshots.get(aggregate_id):
        assert state(snapshot.mutate(None)) == state(folded(app, aggregate_id, snapshot.originator_version))
    for version in range(1, last + 1):
        rebuilt = app.repository.get(aggregate_id, version=version)
        assert isinstance(rebuilt, cls)
        assert state(rebuilt) == state(folded(app, aggregate_id, version)), version


@pytest.mark.parametrize("kind", SCENARIOS)
def test_the_timeline_read_model_answers_time_travel_as_the_event_store_does(
    app: TenantApplication, admin: Caller, database_url: str, kind: str
) -> None:
    """Which version a time or date selects comes from the timeline where it has folded the events,
    from the event store beyond it: the answers are the same whether it holds none, some or all."""
    cls, build = SCENARIOS[kind]
    aggregate_id = build(app, admin)
    events = list(app.events.get(aggregate_id))
    days = sorted({e.occurred_on + shift for e in events for shift in (timedelta(days=-1), timedelta())})
    selectors = [{"at": e.timestamp} for e in events] + [{"occurred_on": day} for day in days]

    def answers() -> list[int | None]:
        found: list[int | None] = []
        for selector in selectors:
            try:
                found.append(as_of(app, cls, aggregate_id, _not_found, **selector).version)
            except LookupError:
                found.append(None)
        return found

    from_the_log = answers()  # no projector has run: the timeline table does not exist yet
    project_all(database_url, app.tenant)
    assert answers() == from_the_log
    with app.recorder.datastore.transaction(commit=True) as cursor:  # a projector lagging half-way
        cursor.execute(f'DELETE FROM "{app.storage.schema}".rm_timeline WHERE aggregate_id = %s AND version > %s',
                       (aggregate_id, len(events) // 2))
    assert answers() == from_the_log


@pytest.mark.parametrize("kind", SCENARIOS)
def test_snapshots_never_change_what_as_of_returns(app: TenantApplication, admin: Caller, kind: str) -> None:
    cls, build = SCENARIOS[kind]
    aggregate_id = build(app, admin)
    events = list(app.events.get(aggregate_id))
    days = sorted({e.occurred_on + shift for e in events for shift in (timedelta(days=-1), timedelta())})
    selectors = ([{"version": e.originator_version} for e in events] + [{"at": e.timestamp} for e in events]
                 + [{"occurred_on": day} for day in days])

    def answers() -> list[str]:
        found = []
        for selector in selectors:
            try:
                found.append(state(as_of(app, cls, aggregate_id, _not_found, **selector)))
            except LookupError:
                found.append("not found")
        return found

    before = answers()
    for event in events:
        app.take_snapshot(aggregate_id, event.originator_version)
    assert len(list(app.snapshots.get(aggregate_id))) == len(events)
    assert answers() == before
    assert before[len(events):2 * len(events)] == before[:len(events)]  # at an event's time = at its version


def test_a_programme_as_of_a_business_date_stops_before_the_first_later_event(
    app: TenantApplication, admin: Caller
) -> None:
    programme_id = _programme(app, admin)
    drafted = as_of(app, Programme, programme_id, _not_found, occurred_on=date(2020, 2, 20))
    assert (drafted.version, drafted.scope, drafted.team) == (1, {}, [])  # the team, dated 19 Feb, came later
    with pytest.raises(LookupError):
        as_of(app, Programme, programme_id, _not_found, occurred_on=date(2020, 2, 19))
    removed = as_of(app, Programme, programme_id, _not_found, occurred_on=date(2020, 2, 22))
    assert (removed.version, len(removed.scope), len(removed.team)) == (6, 2, 1)  # up to the schedule of 23 Feb


def test_long_streams_are_snapshotted_every_interval_when_saved(app: TenantApplication, admin: Caller) -> None:
    write_units_and_renames(app, admin, units=1, renames=2 * SNAPSHOT_INTERVAL + 10, prefix="S")
    unit_id = app.unit_id("S0")
    assert [s.originator_version for s in app.snapshots.get(unit_id)] == [SNAPSHOT_INTERVAL, 2 * SNAPSHOT_INTERVAL]
    for version in (SNAPSHOT_INTERVAL - 1, SNAPSHOT_INTERVAL, 2 * SNAPSHOT_INTERVAL + 5):
        rebuilt = as_of(app, Unit, unit_id, _not_found, version=version)
        assert state(rebuilt) == state(folded(app, unit_id, version))
    handle(app, admin, RenameUnit(unit_id=unit_id, name="Tên mới", occurred_on=date(2020, 1, 3)))
    assert app.get_unit(unit_id).name == "Tên mới"


@pytest.mark.parametrize("selectors", [{}, {"version": 1, "occurred_on": date(2020, 1, 2)}])
def test_time_travel_needs_exactly_one_selector(app: TenantApplication, admin: Caller, selectors: dict) -> None:
    unit_id = register_unit(app, admin)
    with pytest.raises(AsOfSelectorError) as raised:
        as_of(app, Unit, unit_id, _not_found, **selectors)
    assert raised.value.code == "as_of_selector"
    assert "asOfOccurredOn" in raised.value.message_vi
