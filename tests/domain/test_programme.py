"""Programme: drafting, scope, schedule, corrections, approval (Art. 33 share) and reporting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.on_site_share import required_on_site
from isotrail.domain.programme import Programme
from isotrail.domain.programme_errors import (
    DuplicateUnitInScopeError,
    EmptyScopeError,
    OnSiteShareTooLowError,
    ProgrammeAlreadyReportedError,
    ProgrammeNotApprovedError,
    ProgrammeNotDraftError,
    UnitNotInScopeError,
)
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus, ScopeEntry
from tests.qualified import qualified

from .conftest import APPROVED_ON, CATALOGUE_2015, DRAFTED_ON, META, PLAN_DATE, register_of, unit_ids

ON, DOSSIER = InspectionForm.ON_SITE, InspectionForm.DOSSIER
Draft = Callable[..., Programme]
WithScope = Callable[..., Programme]


def approve(programme: Programme, on: date = APPROVED_ON) -> None:
    """Approved with a register of its scope's units, every one bound to apply a QMS."""
    programme.approve(approved_by="UBND tỉnh Sóc Trăng", occurred_on=on, register=register_of(len(programme.scope)))


def correct(programme: Programme, **overrides: Any) -> None:
    arguments = {"corrects_version": 1, "title": "Kế hoạch (sửa)", "plan_number": "26/KH",
                 "plan_date": date(2020, 3, 3), "reason": "Gõ nhầm số",
                 "occurred_on": date(2020, 3, 4)}
    programme.correct_plan_details(**{**arguments, **overrides})


def report(programme: Programme, on: date = date(2020, 12, 15)) -> None:
    programme.report_results(report_number="120/BC-SKHCN", summary="78/78 đơn vị",
                             proposals=[" Tiếp tục kiểm tra "], occurred_on=on)


# Drafting ---------------------------------------------------------------------------------------


def test_drafting_records_the_plan_header_with_clean_values(draft: Draft) -> None:
    programme = draft(code=" KH-2020 ", title="  Kế hoạch 2020 ")
    [drafted] = programme.collect_events()
    assert isinstance(drafted, Programme.Drafted)
    assert (drafted.occurred_on, drafted.meta) == (DRAFTED_ON, META)
    assert programme.id == Programme.create_id("tenant1", "KH-2020")
    assert Programme.create_id("tenant1", "KH-2020") != Programme.create_id("tenant2", "KH-2020")
    assert (programme.code, programme.title, programme.year) == ("KH-2020", "Kế hoạch 2020", 2020)
    assert programme.catalogue_version == CATALOGUE_2015
    assert (programme.status, programme.scope, programme.team) == (ProgrammeStatus.DRAFT, {}, [])
    assert (programme.starts_on, programme.approved_on, programme.reported_on) == (None, None, None)


def test_drafting_accepts_years_2000_to_2100_only(draft: Draft) -> None:
    def draft_in(year: int) -> Programme:
        return draft(year=year, plan_date=date(year, 3, 2), occurred_on=date(year, 1, 1))

    assert [draft_in(year).year for year in (2000, 2100)] == [2000, 2100]
    for year in (1999, 2101):
        with pytest.raises(InvalidValueError) as caught:
            draft_in(year)
        assert caught.value.field_name == "year"


def test_the_plan_date_lies_in_the_year_or_the_year_before_and_not_before_drafting(draft: Draft) -> None:
    for too_late_or_early in (date(2021, 1, 5), date(2018, 12, 31)):
        with pytest.raises(InvalidValueError) as bad_year:
            draft(plan_date=too_late_or_early, occurred_on=date(2018, 12, 1))
        assert bad_year.value.field_name == "plan_date"
    with pytest.raises(DatesOutOfOrderError) as caught:
        draft(occurred_on=date(2020, 3, 3))
    assert (caught.value.earlier, caught.value.later) == (date(2020, 3, 3), PLAN_DATE)
    assert draft(occurred_on=PLAN_DATE).plan_date == PLAN_DATE


def test_a_plan_for_a_year_may_be_issued_in_december_of_the_year_before(draft: Draft) -> None:
    programme = draft(plan_date=date(2019, 12, 20), occurred_on=date(2019, 12, 1))
    assert (programme.year, programme.plan_date) == (2020, date(2019, 12, 20))
    correct(programme, plan_date=date(2019, 12, 18), occurred_on=date(2019, 12, 21))
    assert programme.plan_date == date(2019, 12, 18)
    with pytest.raises(InvalidValueError) as caught:
        correct(programme, plan_date=date(2018, 12, 18), occurred_on=date(2019, 12, 21))
    assert caught.value.field_name == "plan_date"


def test_the_plan_carries_its_budget_with_its_source_and_its_partner_unit(draft: Draft) -> None:
    programme = draft(budget_vnd=150_000_000, budget_source=" Ngân sách tỉnh ", partner_unit=" Sở Nội vụ ")
    [drafted] = programme.collect_events()
    assert (drafted.budget_vnd, drafted.budget_source, drafted.partner_unit) == (
        150_000_000, "Ngân sách tỉnh", "Sở Nội vụ")
    assert (programme.budget_vnd, programme.budget_source, programme.partner_unit) == (
        150_000_000, "Ngân sách tỉnh", "Sở Nội vụ")
    correct(programme, budget_vnd=120_000_000, budget_source="Ngân sách tỉnh")
    assert (programme.budget_vnd, programme.budget_source, programme.partner_unit) == (
        120_000_000, "Ngân sách tỉnh", None)
    unfunded = draft(partner_unit=" ")
    assert (unfunded.budget_vnd, unfunded.budget_source, unfunded.partner_unit) == (None, None, None)


@pytest.mark.parametrize(("funding", "field_name"), [
    ({"budget_vnd": 0}, "budget_vnd"),
    ({"budget_vnd": -5}, "budget_vnd"),
    ({"budget_vnd": 2**31}, "budget_vnd"),
    ({"budget_source": "Ngân sách tỉnh"}, "budget_source"),  # a source with no amount
    ({"budget_vnd": 1, "budget_source": "x" * 301}, "budget_source"),
    ({"partner_unit": "x" * 301}, "partner_unit"),
])
def test_a_budget_is_a_positive_amount_and_a_source_needs_one(
    draft: Draft, funding: dict[str, Any], field_name: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        draft(**funding)
    assert caught.value.field_name == field_name
    with pytest.raises(InvalidValueError) as corrected:
        correct(draft(), **funding)
    assert corrected.value.field_name == field_name


def test_a_plan_drafted_before_funding_was_recorded_replays_with_none(draft: Draft) -> None:
    programme = draft()
    [drafted] = programme.collect_events()
    state = {name: value for name, value in vars(drafted).items()
             if name not in ("budget_vnd", "budget_source", "partner_unit")}
    replayed = type(drafted)(**state).mutate(None)
    assert (replayed.budget_vnd, replayed.budget_source, replayed.partner_unit) == (None, None, None)


@pytest.mark.parametrize(("field", "value"), [
    ("title", " "), ("plan_number", ""), ("standard", " "), ("organiser", "\t"),
    ("code", "KH 2020"), ("catalogue_version", "tt26 2014"), ("legal_basis", ["TT 26/2014", " "]),
])
def test_drafting_refuses_blank_text_and_malformed_codes(
    draft: Draft, field: str, value: object
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        draft(**{field: value})
    assert caught.value.field_name == field


# Scope, team, schedule, corrections -------------------------------------------------------------


def test_adding_units_fills_the_scope_in_their_form(draft: Draft) -> None:
    programme = draft()
    first, second = unit_ids(2)
    programme.add_unit(first, "on_site", occurred_on=DRAFTED_ON, joint_team="Đoàn CCHC Sở Nội vụ")
    programme.add_unit(second, DOSSIER, occurred_on=DRAFTED_ON, joint_team="   ")
    assert programme.scope == {first: ScopeEntry(first, ON, "Đoàn CCHC Sở Nội vụ"),
                               second: ScopeEntry(second, DOSSIER, None)}
    assert (programme.on_site_count, programme.joint_count) == (1, 1)
    events = programme.collect_events()
    assert [type(e) for e in events[1:]] == [Programme.UnitAddedToScope] * 2
    assert events[1].entry == ScopeEntry(first, ON, "Đoàn CCHC Sở Nội vụ")
    assert (events[2].occurred_on, events[2].meta) == (DRAFTED_ON, META)


def test_adding_a_unit_twice_is_refused(draft: Draft) -> None:
    programme = draft()
    [unit_id] = unit_ids(1)
    programme.add_unit(unit_id, ON, occurred_on=DRAFTED_ON)
    with pytest.raises(DuplicateUnitInScopeError) as caught:
        programme.add_unit(unit_id, DOSSIER, occurred_on=DRAFTED_ON)
    assert (caught.value.unit_id, caught.value.programme_id) == (unit_id, programme.id)
    assert programme.scope[unit_id].form is ON


def test_removing_a_unit_takes_it_out_of_scope_and_the_counts(
    programme_with_scope: WithScope,
) -> None:
    programme = programme_with_scope(ON, DOSSIER)
    first, _ = unit_ids(2)
    programme.remove_unit(first, reason="Đã sáp nhập", occurred_on=DRAFTED_ON)
    assert first not in programme.scope
    assert (programme.on_site_count, len(programme.scope)) == (0, 1)
    removed = programme.collect_events()[-1]
    assert isinstance(removed, Programme.UnitRemovedFromScope)
    assert (removed.unit_id, removed.reason) == (first, "Đã sáp nhập")
    stranger = uuid4()
    with pytest.raises(UnitNotInScopeError) as caught:
        programme.remove_unit(stranger, reason="Nhầm", occurred_on=DRAFTED_ON)
    assert (caught.value.unit_id, caught.value.programme_id) == (stranger, programme.id)


def test_assigning_team_members_cleans_their_fields(draft: Draft) -> None:
    programme = draft()
    programme.assign_team_member(qualified(" Lê Văn C ", "Chi cục TĐC", "Trưởng đoàn", degree=" Cử nhân "),
                                 occurred_on=DRAFTED_ON)
    assert programme.team == [qualified("Lê Văn C", "Chi cục TĐC", "Trưởng đoàn", degree="Cử nhân")]
    with pytest.raises(InvalidValueError):
        programme.assign_team_member(qualified("Lê D", " ", "Thành viên"), occurred_on=DRAFTED_ON)


def test_setting_the_schedule_records_its_dates(draft: Draft) -> None:
    programme = draft()
    programme.set_schedule(PLAN_DATE, PLAN_DATE, occurred_on=DRAFTED_ON)
    programme.set_schedule(date(2020, 4, 1), date(2020, 10, 31), occurred_on=DRAFTED_ON)
    assert (programme.starts_on, programme.ends_on) == (date(2020, 4, 1), date(2020, 10, 31))
    assert isinstance(programme.collect_events()[-1], Programme.ScheduleSet)


@pytest.mark.parametrize(("starts_on", "ends_on", "earlier_name"), [
    (date(2020, 3, 1), date(2020, 10, 31), "plan_date"),
    (date(2020, 5, 1), date(2020, 4, 30), "starts_on"),
])
def test_a_schedule_out_of_order_is_refused(
    draft: Draft, starts_on: date, ends_on: date, earlier_name: str
) -> None:
    with pytest.raises(DatesOutOfOrderError) as caught:
        draft().set_schedule(starts_on, ends_on, occurred_on=DRAFTED_ON)
    assert caught.value.earlier_name == earlier_name


def test_correcting_plan_details_names_the_version_it_corrects(draft: Draft) -> None:
    programme = draft()
    correct(programme)
    assert (programme.title, programme.plan_number, programme.plan_date) == (
        "Kế hoạch (sửa)", "26/KH", date(2020, 3, 3))
    corrected = programme.collect_events()[-1]
    assert isinstance(corrected, Programme.PlanDetailsCorrected)
    assert (corrected.corrects_version, corrected.originator_version) == (1, 2)
    assert (corrected.occurred_on, corrected.reason) == (date(2020, 3, 4), "Gõ nhầm số")


@pytest.mark.parametrize(("overrides", "field_name"), [
    ({"corrects_version": 0}, "corrects_version"),
    ({"corrects_version": -1}, "corrects_version"),
    ({"corrects_version": 2}, "corrects_version"),  # only version 1 exists
    ({"plan_date": date(2018, 12, 31)}, "plan_date"),
    ({"plan_date": date(2021, 1, 1)}, "plan_date"),
    ({"reason": " "}, "reason"),
])
def test_a_bad_correction_is_refused(
    draft: Draft, overrides: dict[str, Any], field_name: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        correct(draft(), **overrides)
    assert caught.value.field_name == field_name


def test_a_correction_names_a_header_event_and_keeps_the_plan_before_its_approval(
    programme_with_scope: WithScope,
) -> None:
    programme = programme_with_scope(ON)  # version 2 added a unit: not a header event
    with pytest.raises(InvalidValueError):
        correct(programme, corrects_version=2)
    correct(programme)  # corrects version 1, becomes version 3
    correct(programme, corrects_version=3, plan_number="27/KH")
    assert programme.plan_number == "27/KH"
    approve(programme)
    with pytest.raises(DatesOutOfOrderError):
        correct(programme, plan_date=date(2020, 3, 20))


# Approval ---------------------------------------------------------------------------------------


def test_approving_an_empty_plan_or_before_the_plan_date_is_refused(
    draft: Draft, programme_with_scope: WithScope
) -> None:
    programme = draft()
    with pytest.raises(EmptyScopeError) as caught:
        approve(programme)
    assert caught.value.programme_id == programme.id
    with pytest.raises(DatesOutOfOrderError):
        approve(programme_with_scope(ON), on=date(2020, 3, 1))


@pytest.mark.parametrize(("forms", "required"), [
    ((DOSSIER, DOSSIER, DOSSIER), 1),
    ((ON, DOSSIER, DOSSIER, DOSSIER), 2),
    ((DOSSIER,), 1),
])
def test_approving_with_too_few_units_on_site_is_refused(
    programme_with_scope: WithScope, forms: tuple[InspectionForm, ...], required: int
) -> None:
    programme = programme_with_scope(*forms)
    with pytest.raises(OnSiteShareTooLowError) as caught:
        approve(programme)
    error = caught.value
    assert (error.on_site, error.total, error.required) == (forms.count(ON), len(forms), required)
    assert programme.status is ProgrammeStatus.DRAFT


@pytest.mark.parametrize("forms", [(ON, DOSSIER, DOSSIER), (ON, ON, DOSSIER, DOSSIER), (ON,),
                                   (ON, ON, DOSSIER, DOSSIER, DOSSIER, DOSSIER)])
def test_approving_with_a_third_on_site_succeeds(
    programme_with_scope: WithScope, forms: tuple[InspectionForm, ...]
) -> None:
    programme = programme_with_scope(*forms)
    approve(programme)
    assert (programme.status, programme.approved_on) == (ProgrammeStatus.APPROVED, APPROVED_ON)
    approved = programme.collect_events()[-1]
    assert isinstance(approved, Programme.Approved)
    assert (approved.approved_by, approved.occurred_on) == ("UBND tỉnh Sóc Trăng", APPROVED_ON)


def test_the_required_on_site_count_is_a_third_rounded_up() -> None:
    assert [required_on_site(n) for n in range(8)] == [0, 1, 1, 1, 2, 2, 2, 3]
    assert required_on_site(78) == 26


def test_an_approved_programme_can_no_longer_be_changed(approved: Programme) -> None:
    with pytest.raises(ProgrammeNotDraftError) as caught:
        approved.add_unit(uuid4(), ON, occurred_on=APPROVED_ON)
    assert caught.value.programme_id == approved.id
    for command in (
        lambda: approved.remove_unit(unit_ids(1)[0], reason="R", occurred_on=APPROVED_ON),
        lambda: approved.assign_team_member(qualified("A", "B", "C"), occurred_on=APPROVED_ON),
        lambda: approved.set_schedule(date(2020, 4, 1), date(2020, 5, 1), occurred_on=APPROVED_ON),
        lambda: approve(approved),
    ):
        with pytest.raises(ProgrammeNotDraftError):
            command()


# Inspections and results ------------------------------------------------------------------------


def test_scheduling_needs_an_approved_plan_a_unit_in_scope_and_a_day_from_the_plan_date(
    programme_with_scope: WithScope, approved: Programme
) -> None:
    unapproved = programme_with_scope(ON)
    with pytest.raises(ProgrammeNotApprovedError) as caught:
        unapproved.schedule_inspection(unit_ids(1)[0], scheduled_on=date(2020, 5, 1),
                                       occurred_on=APPROVED_ON)
    assert caught.value.programme_id == unapproved.id
    with pytest.raises(UnitNotInScopeError):
        approved.schedule_inspection(uuid4(), scheduled_on=date(2020, 5, 1),
                                     occurred_on=APPROVED_ON)
    with pytest.raises(DatesOutOfOrderError):
        approved.schedule_inspection(unit_ids(1)[0], scheduled_on=date(2020, 3, 1),
                                     occurred_on=APPROVED_ON)


def test_an_ad_hoc_inspection_of_a_unit_outside_the_plan_is_scheduled_with_its_reason_and_decision(
    approved: Programme,
) -> None:
    outside = uuid4()
    inspection = approved.schedule_ad_hoc_inspection(
        outside, ON, reason=" Phản ánh của người dân về thủ tục ", decision_number=" 45/QĐ-SKHCN ",
        scheduled_on=date(2020, 9, 1), occurred_on=date(2020, 8, 20))
    assert inspection.id == Inspection.create_id("tenant1", approved.id, outside)
    assert (inspection.programme_id, inspection.unit_id, inspection.form) == (approved.id, outside, ON)
    assert inspection.catalogue_version == approved.catalogue_version
    [scheduled] = inspection.collect_events()
    assert (scheduled.ad_hoc_reason, scheduled.ad_hoc_decision) == ("Phản ánh của người dân về thủ tục",
                                                                    "45/QĐ-SKHCN")
    assert (inspection.ad_hoc_reason, inspection.ad_hoc_decision) == (scheduled.ad_hoc_reason, "45/QĐ-SKHCN")
    planned = approved.schedule_inspection(unit_ids(1)[0], scheduled_on=date(2020, 5, 1), occurred_on=APPROVED_ON)
    assert (planned.ad_hoc_reason, planned.ad_hoc_decision) == (None, None)


def test_an_ad_hoc_inspection_needs_an_approved_plan_a_unit_outside_its_scope_a_reason_and_a_decision(
    programme_with_scope: WithScope, approved: Programme,
) -> None:
    def ad_hoc(programme: Programme, unit_id: object, **overrides: Any) -> Inspection:
        arguments = {"reason": "Khiếu nại", "decision_number": "45/QĐ-SKHCN", "scheduled_on": date(2020, 9, 1),
                     "occurred_on": date(2020, 8, 20), **overrides}
        return programme.schedule_ad_hoc_inspection(unit_id, DOSSIER, **arguments)

    with pytest.raises(ProgrammeNotApprovedError):
        ad_hoc(programme_with_scope(ON), uuid4())
    with pytest.raises(DuplicateUnitInScopeError):  # a unit in scope is inspected as planned
        ad_hoc(approved, unit_ids(1)[0])
    for blank in ("reason", "decision_number"):
        with pytest.raises(InvalidValueError) as caught:
            ad_hoc(approved, uuid4(), **{blank: " "})
        assert caught.value.field_name == blank
    with pytest.raises(DatesOutOfOrderError):
        ad_hoc(approved, uuid4(), scheduled_on=date(2020, 3, 1))
    report(approved)
    with pytest.raises(ProgrammeAlreadyReportedError):
        ad_hoc(approved, uuid4())


def test_scheduling_gives_an_inspection_in_the_planned_form_and_catalogue(draft: Draft) -> None:
    programme = draft()
    [unit_id] = unit_ids(1)
    programme.add_unit(unit_id, ON, occurred_on=DRAFTED_ON, joint_team="Sở Nội vụ")
    approve(programme)
    inspection = programme.schedule_inspection(unit_id, scheduled_on=date(2020, 5, 1),
                                               occurred_on=APPROVED_ON)
    assert inspection.id == Inspection.create_id("tenant1", programme.id, unit_id)
    assert (inspection.programme_id, inspection.unit_id) == (programme.id, unit_id)
    assert (inspection.form, inspection.joint_team) == (ON, "Sở Nội vụ")
    assert inspection.catalogue_version == CATALOGUE_2015
    [scheduled] = inspection.collect_events()
    assert isinstance(scheduled, Inspection.Scheduled)
    assert (scheduled.scheduled_on, scheduled.occurred_on, scheduled.meta) == (
        date(2020, 5, 1), APPROVED_ON, META)


def test_reporting_results_closes_the_programme_and_happens_once(approved: Programme) -> None:
    report(approved)
    assert (approved.status, approved.reported_on) == (ProgrammeStatus.REPORTED, date(2020, 12, 15))
    reported = approved.collect_events()[-1]
    assert isinstance(reported, Programme.ResultsReported)
    assert (reported.report_number, reported.proposals) == ("120/BC-SKHCN", ["Tiếp tục kiểm tra"])
    with pytest.raises(ProgrammeAlreadyReportedError) as caught:
        report(approved, on=date(2020, 12, 16))
    assert caught.value.programme_id == approved.id
    with pytest.raises(ProgrammeAlreadyReportedError):
        approved.schedule_inspection(unit_ids(1)[0], scheduled_on=date(2020, 12, 20),
                                     occurred_on=date(2020, 12, 20))


def test_reporting_needs_approval_and_a_date_after_it(programme_with_scope: WithScope) -> None:
    programme = programme_with_scope(ON)
    with pytest.raises(ProgrammeNotApprovedError):
        report(programme)
    approve(programme)
    with pytest.raises(DatesOutOfOrderError):
        report(programme, on=date(2020, 3, 4))


def test_replaying_the_events_rebuilds_the_same_programme(approved: Programme) -> None:
    correct(approved, occurred_on=APPROVED_ON)
    report(approved)
    replayed = None
    for event in approved.collect_events():
        replayed = event.mutate(replayed)
    assert vars(replayed) == vars(approved)
