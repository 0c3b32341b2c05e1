"""Circular 26/2014 Art. 33 at approval: every unit bound to apply a QMS is covered (at least by dossier), the
on-site third is counted against those units, and an on-site inspection covers the dossier check too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.plan_coverage import MissingUnit, UncoveredUnit
from isotrail.domain.programme import Programme
from isotrail.domain.programme_errors import MandatoryUnitsNotCoveredError, OnSiteShareTooLowError
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import UnitKind

from .conftest import APPROVED_ON, DRAFTED_ON, PLAN_DATE, register_of, unit_ids

ON, DOSSIER = InspectionForm.ON_SITE, InspectionForm.DOSSIER
WithScope = Callable[..., Programme]


def unit(code: str, name: str, kind: UnitKind, registered_on: date = date(2010, 1, 1)) -> Unit:
    return Unit.register(tenant="tenant1", code=code, name=name, kind=kind, occurred_on=registered_on)


def approve(programme: Programme, register: Sequence[Unit], *acknowledged: MissingUnit,
            on: date = APPROVED_ON) -> Programme.Approved:
    programme.approve(approved_by="UBND tỉnh Sóc Trăng", occurred_on=on, register=register,
                      acknowledged_missing_units=acknowledged)
    approved = programme.collect_events()[-1]
    assert isinstance(approved, Programme.Approved)
    return approved


def test_approving_a_plan_that_leaves_out_units_bound_to_apply_a_qms_is_refused_naming_them_in_vietnamese(
    programme_with_scope: WithScope,
) -> None:
    programme = programme_with_scope(ON)
    justice = unit("STP", "Sở Tư pháp", UnitKind.PROVINCIAL_DEPARTMENT)
    forestry = unit("CCKL", "Chi cục Kiểm lâm", UnitKind.PROVINCIAL_SUB_DEPARTMENT)
    with pytest.raises(MandatoryUnitsNotCoveredError) as caught:
        approve(programme, [*register_of(1), justice, forestry])
    error = caught.value
    assert error.code == "mandatory_units_not_covered"
    assert error.field == "acknowledged_missing_units"
    assert error.message_vi == (
        "Kế hoạch chưa bao gồm 2/3 cơ quan bắt buộc áp dụng HTQLCL tại ngày 02/03/2020 (Điều 33 Thông tư "
        "26/2014/TT-BKHCN: mỗi năm ít nhất qua hồ sơ, báo cáo): Chi cục Kiểm lâm, Sở Tư pháp. Thêm vào phạm vi "
        "kế hoạch, hoặc nêu từng cơ quan kèm lý do khi phê duyệt.")
    assert "Chi cục Kiểm lâm, Sở Tư pháp" in error.message_en
    assert str(justice.id) not in error.message_vi + error.message_en
    assert error.unit_ids == [forestry.id, justice.id]  # the ids are in the details, by name
    assert programme.status is ProgrammeStatus.DRAFT


def test_a_unit_inspected_on_site_is_covered_by_dossier_too_and_counted_once(programme_with_scope: WithScope) -> None:
    programme = programme_with_scope(ON, DOSSIER, DOSSIER)
    approved = approve(programme, register_of(3))
    assert (approved.mandatory_count, approved.uncovered_units) == (3, [])
    assert (programme.mandatory_count, programme.uncovered_units) == (3, [])
    assert programme.status is ProgrammeStatus.APPROVED


def test_encouraged_units_units_dissolved_and_units_registered_after_the_plan_date_need_not_be_covered(
    programme_with_scope: WithScope,
) -> None:
    programme = programme_with_scope(ON)
    commune = unit("P1", "Ủy ban nhân dân Phường 1", UnitKind.COMMUNE_COMMITTEE)
    land_office = unit("VPDKDD", "Văn phòng Đăng ký đất đai", UnitKind.PUBLIC_SERVICE_UNIT)
    dissolved = unit("SDL", "Sở Du lịch", UnitKind.PROVINCIAL_DEPARTMENT)
    dissolved.dissolve(occurred_on=PLAN_DATE, reason="Hợp nhất vào Sở Văn hóa, Thể thao và Du lịch")
    founded_later = unit("SMOI", "Sở mới", UnitKind.PROVINCIAL_DEPARTMENT, registered_on=date(2020, 3, 3))
    approved = approve(programme, [*register_of(1), commune, land_office, dissolved, founded_later])
    assert (approved.mandatory_count, approved.uncovered_units) == (1, [])


@pytest.mark.parametrize(("plan_date", "year", "bound"), [(date(2025, 6, 30), 2025, True),
                                                          (date(2025, 7, 1), 2026, False)])
def test_a_district_people_s_committee_is_bound_until_30_june_2025_only(
    programme_with_scope: WithScope, plan_date: date, year: int, bound: bool,
) -> None:
    programme = programme_with_scope(ON, year=year, plan_date=plan_date, occurred_on=plan_date)
    district = unit("UBND-HKS", "Ủy ban nhân dân huyện Kế Sách", UnitKind.DISTRICT_COMMITTEE)
    register = [*register_of(1), district]
    if bound:
        with pytest.raises(MandatoryUnitsNotCoveredError) as caught:
            approve(programme, register, on=plan_date)
        assert caught.value.units == "Ủy ban nhân dân huyện Kế Sách"
    else:
        assert approve(programme, register, on=plan_date).mandatory_count == 1


def test_the_approver_may_leave_out_a_unit_bound_to_apply_a_qms_naming_it_with_a_reason_which_the_approval_records(
    programme_with_scope: WithScope,
) -> None:
    programme = programme_with_scope(ON)
    justice = unit("STP", "Sở Tư pháp", UnitKind.PROVINCIAL_DEPARTMENT)
    approved = approve(programme, [*register_of(1), justice],
                       MissingUnit(justice.id, "  Đã được Bộ Tư pháp kiểm tra theo kế hoạch riêng "))
    expected = [UncoveredUnit(justice.id, "Sở Tư pháp", "Đã được Bộ Tư pháp kiểm tra theo kế hoạch riêng")]
    assert (approved.mandatory_count, approved.uncovered_units) == (2, expected)
    assert programme.uncovered_units == expected


def test_an_acknowledgement_names_a_missing_unit_bound_to_apply_a_qms_once_and_with_a_reason(
    programme_with_scope: WithScope,
) -> None:
    justice = unit("STP", "Sở Tư pháp", UnitKind.PROVINCIAL_DEPARTMENT)
    commune = unit("P1", "Ủy ban nhân dân Phường 1", UnitKind.COMMUNE_COMMITTEE)
    register = [*register_of(1), justice, commune]
    for acknowledged, reason_vi in [
        ((MissingUnit(unit_ids(1)[0], "Trong kế hoạch"),), "«Sở số 1» không phải cơ quan bắt buộc"),
        ((MissingUnit(commune.id, "Khuyến khích"),), "«Ủy ban nhân dân Phường 1» không phải"),
        ((MissingUnit(uuid4(), "Không rõ"),), "«đơn vị không có trong danh mục» không phải"),
        ((MissingUnit(justice.id, "Lý do"), MissingUnit(justice.id, "Lý do")), "«Sở Tư pháp» được nêu hai lần"),
    ]:
        with pytest.raises(InvalidValueError) as caught:
            approve(programme_with_scope(ON), register, *acknowledged)
        assert caught.value.field == "acknowledged_missing_units"
        assert reason_vi in caught.value.message_vi
    with pytest.raises(InvalidValueError) as blank:
        approve(programme_with_scope(ON), register, MissingUnit(justice.id, " "))
    assert blank.value.field == "reason"


def test_the_on_site_third_is_counted_against_the_units_bound_to_apply_a_qms_not_against_the_scope(
    draft: Callable[..., Programme],
) -> None:
    mandatory = register_of(3)
    communes = [unit(f"X{n}", f"Ủy ban nhân dân xã {n}", UnitKind.COMMUNE_COMMITTEE) for n in range(3)]

    def plan(mandatory_form: InspectionForm, commune_form: InspectionForm) -> Programme:
        programme = draft()
        programme.add_unit(mandatory[0].id, mandatory_form, occurred_on=APPROVED_ON)
        for each in mandatory[1:]:
            programme.add_unit(each.id, DOSSIER, occurred_on=APPROVED_ON)
        for each in communes:
            programme.add_unit(each.id, commune_form, occurred_on=APPROVED_ON)
        return programme

    # 1 of 6 units on site would fall short of a third of the scope; it is a third of the 3 mandatory units
    assert approve(plan(ON, DOSSIER), [*mandatory, *communes]).mandatory_count == 3
    # the 3 communes on site are half the scope, but none of the units bound to apply a QMS is
    with pytest.raises(OnSiteShareTooLowError) as caught:
        approve(plan(DOSSIER, ON), [*mandatory, *communes])
    assert (caught.value.on_site, caught.value.total, caught.value.required) == (0, 3, 1)
    assert caught.value.message_vi == (
        "Phải kiểm tra tại trụ sở ít nhất 1/3 số cơ quan bắt buộc áp dụng HTQLCL (Điều 33 Thông tư "
        "26/2014/TT-BKHCN): cần 1/3, kế hoạch có 0.")


def test_a_unit_left_out_knowingly_still_counts_toward_the_on_site_third(programme_with_scope: WithScope) -> None:
    register = register_of(4)  # the plan holds the first three, the fourth is left out: 2 of 4 needed on site
    left_out = MissingUnit(register[3].id, "Đang làm thủ tục giải thể")
    with pytest.raises(OnSiteShareTooLowError) as caught:
        approve(programme_with_scope(ON, DOSSIER, DOSSIER), register, left_out)
    assert (caught.value.on_site, caught.value.total, caught.value.required) == (1, 4, 2)
    assert approve(programme_with_scope(ON, ON, DOSSIER), register, left_out).mandatory_count == 4


def test_an_approval_recorded_before_coverage_was_checked_replays_without_it(approved: Programme) -> None:
    events = approved.collect_events()
    old = events[-1].__dict__ | {"mandatory_count": None, "uncovered_units": None}
    replayed = None
    for event in [*events[:-1], type(events[-1])(**{k: v for k, v in old.items() if k not in (
            "mandatory_count", "uncovered_units")})]:
        replayed = event.mutate(replayed)
    assert isinstance(replayed, Programme)
    assert (replayed.status, replayed.mandatory_count, replayed.uncovered_units) == (
        ProgrammeStatus.APPROVED, None, None)


def _committee_and_office() -> tuple[Unit, Unit]:
    """The provincial People's Committee and its Office applying the Committee's QMS (Circular 26/2014 Art. 6)."""
    committee = unit("UBND", "Ủy ban nhân dân tỉnh Sóc Trăng", UnitKind.PROVINCIAL_COMMITTEE)
    office = unit("VP-UBND", "Văn phòng Ủy ban nhân dân tỉnh", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    office.share_qms_of(committee, occurred_on=date(2015, 1, 1))
    return committee, office


def _plan_with(draft: Callable[..., Programme], *entries: tuple[Unit, InspectionForm]) -> Programme:
    programme = draft()
    for each, form in entries:
        programme.add_unit(each.id, form, occurred_on=DRAFTED_ON)
    return programme


def test_a_unit_applying_another_unit_s_qms_is_covered_when_its_host_is_in_scope_the_shared_system_inspected_once(
    draft: Callable[..., Programme],
) -> None:
    committee, office = _committee_and_office()
    departments = register_of(2)
    register = [*departments, committee, office]
    entries = ((departments[0], ON), (departments[1], ON), (committee, DOSSIER))
    approved = approve(_plan_with(draft, *entries), register)
    assert (approved.mandatory_count, approved.uncovered_units) == (4, [])
    # acknowledging it as missing is refused: it is not missing
    with pytest.raises(InvalidValueError) as caught:
        approve(_plan_with(draft, *entries), register, MissingUnit(office.id, "Dùng chung"))
    assert "«Văn phòng Ủy ban nhân dân tỉnh» không phải" in caught.value.message_vi


def test_a_unit_applying_another_unit_s_qms_is_missing_when_neither_it_nor_its_host_is_in_scope(
    draft: Callable[..., Programme],
) -> None:
    committee, office = _committee_and_office()
    others = register_of(1)
    with pytest.raises(MandatoryUnitsNotCoveredError) as caught:
        approve(_plan_with(draft, (others[0], ON)), [*others, committee, office])
    assert caught.value.unit_ids == [committee.id, office.id]
    # the host is not covered by its sharer's entry: the sharer's own activities are not the host's system
    with pytest.raises(MandatoryUnitsNotCoveredError) as host_missing:
        approve(_plan_with(draft, (others[0], ON), (office, DOSSIER)), [*others, committee, office])
    assert host_missing.value.unit_ids == [committee.id]


def test_a_unit_applying_another_unit_s_qms_counts_on_site_when_its_host_is_inspected_on_site(
    draft: Callable[..., Programme],
) -> None:
    committee, office = _committee_and_office()
    departments = register_of(4)  # 6 units bound to apply a QMS: 2 needed on site
    register = [*departments, committee, office]
    on_site_host = _plan_with(draft, (committee, ON), *((each, DOSSIER) for each in departments))
    assert approve(on_site_host, register).mandatory_count == 6
    dossier_host = _plan_with(draft, (committee, DOSSIER), (departments[0], ON),
                              *((each, DOSSIER) for each in departments[1:]))
    with pytest.raises(OnSiteShareTooLowError) as caught:
        approve(dossier_host, register)
    assert (caught.value.on_site, caught.value.total, caught.value.required) == (1, 6, 2)


def test_a_unit_that_stopped_sharing_its_host_s_qms_needs_its_own_scope_entry(
    draft: Callable[..., Programme],
) -> None:
    committee, office = _committee_and_office()
    office.stop_sharing_qms(committee, occurred_on=date(2019, 12, 1))
    with pytest.raises(MandatoryUnitsNotCoveredError) as caught:
        approve(_plan_with(draft, (committee, ON)), [committee, office])
    assert caught.value.unit_ids == [office.id]
