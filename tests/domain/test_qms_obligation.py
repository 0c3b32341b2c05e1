"""Who must apply a QMS (Decision 19/2014 Art. 2), effective-dated by the district level's abolition on
1 Jul 2025, and a shared QMS (Circular 26/2014 Art. 6)."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.input_errors import DatesOutOfOrderError
from isotrail.domain.qms_obligation import QmsObligation, qms_obligation
from isotrail.domain.unit import Unit
from isotrail.domain.unit_errors import (
    QmsAlreadySharedError,
    QmsNotSharedError,
    QmsShareChainError,
    QmsSharedByOthersError,
    QmsSharedWithItselfError,
    UnitDissolvedError,
)
from isotrail.domain.unit_values import UnitKind

MANDATORY, ENCOURAGED = QmsObligation.MANDATORY, QmsObligation.ENCOURAGED
LAST_DISTRICT_DAY, FIRST_DAY_WITHOUT = date(2025, 6, 30), date(2025, 7, 1)
SHARED_ON = date(2020, 3, 1)


def unit(code: str, kind: UnitKind, registered_on: date = date(2015, 1, 1)) -> Unit:
    return Unit.register(tenant="soctrang", code=code, name=f"Đơn vị {code}", kind=kind, occurred_on=registered_on)


@pytest.mark.parametrize("kind", [UnitKind.PROVINCIAL_COMMITTEE, UnitKind.PROVINCIAL_COMMITTEE_OFFICE,
                                  UnitKind.PROVINCIAL_DEPARTMENT, UnitKind.PROVINCIAL_SUB_DEPARTMENT])
def test_the_provincial_people_s_committee_its_office_departments_and_sub_departments_are_mandatory(
        kind: UnitKind) -> None:
    assert qms_obligation(kind, date(2020, 3, 5)) == MANDATORY
    assert qms_obligation(kind, date(2026, 1, 1)) == MANDATORY


@pytest.mark.parametrize("kind", [UnitKind.DISTRICT_COMMITTEE, UnitKind.DISTRICT_OFFICE])
def test_a_district_people_s_committee_and_its_offices_were_mandatory_until_30_june_2025(kind: UnitKind) -> None:
    assert qms_obligation(kind, date(2014, 3, 5)) == MANDATORY
    assert qms_obligation(kind, LAST_DISTRICT_DAY) == MANDATORY


@pytest.mark.parametrize("kind", [UnitKind.DISTRICT_COMMITTEE, UnitKind.DISTRICT_OFFICE])
def test_from_1_july_2025_the_law_names_no_district_agency_so_it_has_no_obligation(kind: UnitKind) -> None:
    assert qms_obligation(kind, FIRST_DAY_WITHOUT) is None


def test_a_commune_people_s_committee_is_encouraged_before_and_after_the_2025_restructuring() -> None:
    assert qms_obligation(UnitKind.COMMUNE_COMMITTEE, LAST_DISTRICT_DAY) == ENCOURAGED
    assert qms_obligation(UnitKind.COMMUNE_COMMITTEE, FIRST_DAY_WITHOUT) == ENCOURAGED


def test_a_public_service_unit_is_encouraged() -> None:
    assert qms_obligation(UnitKind.PUBLIC_SERVICE_UNIT, date(2020, 7, 1)) == ENCOURAGED


def test_an_agency_of_another_kind_is_encouraged_as_art_2_2_says() -> None:
    assert qms_obligation(UnitKind.OTHER, date(2020, 7, 1)) == ENCOURAGED


def test_every_kind_has_an_obligation_on_a_day_of_decision_19() -> None:
    assert {qms_obligation(kind, date(2020, 1, 1)) for kind in UnitKind} == {MANDATORY, ENCOURAGED}


def test_a_unit_s_obligation_follows_its_current_kind_and_the_date() -> None:
    district = unit("UBND-HUYEN", UnitKind.DISTRICT_COMMITTEE)
    assert district.qms_obligation_on(LAST_DISTRICT_DAY) == MANDATORY
    assert district.qms_obligation_on(FIRST_DAY_WITHOUT) is None
    district.reclassify(UnitKind.COMMUNE_COMMITTEE, occurred_on=FIRST_DAY_WITHOUT)
    assert district.qms_obligation_on(FIRST_DAY_WITHOUT) == ENCOURAGED


# A shared QMS -----------------------------------------------------------------------------------


def test_the_office_of_the_people_s_committee_may_apply_the_committee_s_qms() -> None:
    committee, office = unit("UBND", UnitKind.PROVINCIAL_COMMITTEE), unit("VP-UBND",
                                                                          UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    office.share_qms_of(committee, occurred_on=SHARED_ON)
    assert office.qms_host_id == committee.id
    shared = office.collect_events()[-1]
    assert isinstance(shared, Unit.QmsShared)
    assert (shared.host_id, shared.host_name, shared.occurred_on) == (committee.id, "Đơn vị UBND", SHARED_ON)
    joined = committee.collect_events()[-1]  # the host lists it among the units sharing its system
    assert isinstance(joined, Unit.QmsSharerJoined)
    assert (joined.sharer_id, joined.sharer_name, joined.occurred_on) == (office.id, "Đơn vị VP-UBND", SHARED_ON)
    assert committee.qms_sharer_ids == [office.id] and committee.qms_host_id is None


def test_a_unit_cannot_share_its_own_qms() -> None:
    office = unit("VP-UBND", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    with pytest.raises(QmsSharedWithItselfError) as caught:
        office.share_qms_of(office, occurred_on=SHARED_ON)
    assert (caught.value.code, caught.value.field) == ("qms_shared_with_itself", "host_unit_id")


def test_a_unit_cannot_share_the_qms_of_a_unit_dissolved_by_then() -> None:
    committee, office = unit("UBND", UnitKind.DISTRICT_COMMITTEE), unit("VP", UnitKind.DISTRICT_OFFICE)
    committee.dissolve(occurred_on=FIRST_DAY_WITHOUT, reason="Bỏ cấp huyện")
    with pytest.raises(UnitDissolvedError):
        office.share_qms_of(committee, occurred_on=FIRST_DAY_WITHOUT)
    office.share_qms_of(committee, occurred_on=SHARED_ON)  # before its dissolution, it could
    assert office.qms_host_id == committee.id


def test_a_dissolved_unit_cannot_share_another_s_qms() -> None:
    committee, office = unit("UBND", UnitKind.DISTRICT_COMMITTEE), unit("VP", UnitKind.DISTRICT_OFFICE)
    office.dissolve(occurred_on=FIRST_DAY_WITHOUT, reason="Bỏ cấp huyện")
    with pytest.raises(UnitDissolvedError):
        office.share_qms_of(committee, occurred_on=FIRST_DAY_WITHOUT)


def test_a_unit_cannot_share_the_qms_of_a_unit_not_yet_registered_then() -> None:
    committee = unit("UBND", UnitKind.PROVINCIAL_COMMITTEE, registered_on=date(2021, 1, 1))
    office = unit("VP-UBND", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    with pytest.raises(DatesOutOfOrderError):
        office.share_qms_of(committee, occurred_on=SHARED_ON)


def test_a_unit_cannot_share_the_qms_of_a_unit_that_itself_shares_another_s_no_chain() -> None:
    committee, office = unit("UBND", UnitKind.PROVINCIAL_COMMITTEE), unit("VP", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    third = unit("TTHC", UnitKind.PUBLIC_SERVICE_UNIT)
    office.share_qms_of(committee, occurred_on=SHARED_ON)
    with pytest.raises(QmsShareChainError) as caught:
        third.share_qms_of(office, occurred_on=SHARED_ON)
    assert "Đơn vị VP" in caught.value.message_vi  # named by its name, not its uuid


def test_a_unit_whose_qms_others_apply_cannot_apply_another_s_no_chain() -> None:
    committee, office = unit("UBND", UnitKind.PROVINCIAL_COMMITTEE), unit("VP", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    third = unit("TTHC", UnitKind.PUBLIC_SERVICE_UNIT)
    third.share_qms_of(office, occurred_on=SHARED_ON)
    with pytest.raises(QmsSharedByOthersError) as caught:
        office.share_qms_of(committee, occurred_on=SHARED_ON)
    assert caught.value.sharers == 1


def test_a_unit_applying_another_s_qms_stops_before_sharing_another_one() -> None:
    committee, office = unit("UBND", UnitKind.PROVINCIAL_COMMITTEE), unit("VP", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    other = unit("SNV", UnitKind.PROVINCIAL_DEPARTMENT)
    office.share_qms_of(committee, occurred_on=SHARED_ON)
    for host in (committee, other):
        with pytest.raises(QmsAlreadySharedError) as caught:
            office.share_qms_of(host, occurred_on=SHARED_ON)
        assert caught.value.field == "host_unit_id"


def test_a_unit_that_stops_sharing_applies_its_own_qms_again() -> None:
    committee, office = unit("UBND", UnitKind.PROVINCIAL_COMMITTEE), unit("VP", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    office.share_qms_of(committee, occurred_on=SHARED_ON)
    office.stop_sharing_qms(committee, occurred_on=date(2021, 1, 1))
    assert office.qms_host_id is None and committee.qms_sharer_ids == []
    ended, left = office.collect_events()[-1], committee.collect_events()[-1]
    assert isinstance(ended, Unit.QmsSharingEnded) and ended.host_id == committee.id
    assert isinstance(left, Unit.QmsSharerLeft) and left.sharer_id == office.id


def test_a_unit_may_stop_sharing_the_qms_of_a_unit_dissolved_since() -> None:
    committee, office = unit("UBND", UnitKind.DISTRICT_COMMITTEE), unit("VP", UnitKind.DISTRICT_OFFICE)
    office.share_qms_of(committee, occurred_on=SHARED_ON)
    committee.dissolve(occurred_on=FIRST_DAY_WITHOUT, reason="Bỏ cấp huyện")
    office.stop_sharing_qms(committee, occurred_on=FIRST_DAY_WITHOUT)
    assert committee.qms_sharer_ids == []


def test_a_unit_applying_its_own_qms_has_no_sharing_to_stop() -> None:
    with pytest.raises(QmsNotSharedError):
        unit("VP", UnitKind.PROVINCIAL_COMMITTEE_OFFICE).stop_sharing_qms(unit("UBND", UnitKind.PROVINCIAL_COMMITTEE),
                                                                          occurred_on=SHARED_ON)


def test_sharing_may_not_be_dated_before_the_unit_s_last_change() -> None:
    committee, office = unit("UBND", UnitKind.PROVINCIAL_COMMITTEE), unit("VP", UnitKind.PROVINCIAL_COMMITTEE_OFFICE)
    office.rename("Văn phòng UBND tỉnh", occurred_on=SHARED_ON)
    with pytest.raises(DatesOutOfOrderError):
        office.share_qms_of(committee, occurred_on=date(2020, 2, 1))


def test_a_snapshot_taken_before_shared_systems_existed_reloads_applying_its_own() -> None:
    state = {"qms": None}
    Unit.upcast_v1_v2(state)
    assert state == {"qms": None, "qms_host_id": None, "qms_sharer_ids": []}
