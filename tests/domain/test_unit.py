"""Unit: registration, names over time, QMS facts, dissolution, identity; and event metadata."""

from __future__ import annotations

import unicodedata
from contextvars import Context
from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError, MissingEventMetadataError
from isotrail.domain.metadata import EventMeta, current_meta, recording_as
from isotrail.domain.roles import Role
from isotrail.domain.unit import Unit
from isotrail.domain.unit_errors import UnitDissolvedError
from isotrail.domain.unit_values import QmsFacts, UnitKind

from .conftest import META

NAME = "Sở Khoa học và Công nghệ"


def register(**overrides: object) -> Unit:
    arguments: dict[str, object] = {
        "tenant": "tenant1", "code": "SKHCN", "name": NAME,
        "kind": UnitKind.PROVINCIAL_DEPARTMENT, "occurred_on": date(2010, 1, 1),
    }
    arguments.update(overrides)
    return Unit.register(**arguments)  # type: ignore[arg-type]


# Metadata ---------------------------------------------------------------------------------------


def test_a_command_outside_recording_as_raises_missing_event_metadata() -> None:
    with pytest.raises(MissingEventMetadataError) as caught:
        Context().run(register)
    assert caught.value.code == "missing_event_metadata"


def test_every_event_carries_the_metadata_in_force(unit: Unit) -> None:
    other = EventMeta("actor-2", Role.TENANT_ADMIN, "tenant1", "corr-2")
    with recording_as(other):
        unit.rename("Sở KH&CN", occurred_on=date(2015, 1, 1))
    registered, renamed = unit.collect_events()
    assert registered.meta == META
    assert renamed.meta == other
    assert current_meta() == META


# Registration -----------------------------------------------------------------------------------


def test_registering_records_one_event_with_its_business_date_and_metadata() -> None:
    predecessor = uuid4()
    unit = register(predecessor_ids=[predecessor], kind="district_committee")
    [registered] = unit.collect_events()
    assert isinstance(registered, Unit.Registered)
    assert registered.occurred_on == date(2010, 1, 1)
    assert registered.meta == META
    assert (unit.tenant, unit.code, unit.name) == ("tenant1", "SKHCN", NAME)
    assert unit.kind is UnitKind.DISTRICT_COMMITTEE
    assert unit.predecessor_ids == [predecessor]
    assert unit.successor_ids == []
    assert unit.registered_on == date(2010, 1, 1)
    assert unit.is_active
    assert unit.qms is None


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "x" * 301])
def test_registering_with_a_blank_or_overlong_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        register(name=name)
    assert caught.value.field_name == "name"


@pytest.mark.parametrize("code", ["", "  ", "-SKHCN", "SỞ", "a b", "x" * 65, "ab;drop"])
def test_registering_with_a_malformed_code_is_refused(code: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        register(code=code)
    assert caught.value.field_name == "code"


def test_registering_trims_the_code_and_normalises_the_name_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", f"  {NAME}  ")
    assert decomposed.strip() != NAME
    unit = register(code="  so-khcn.1/a+b_c ", name=decomposed)
    assert unit.code == "so-khcn.1/a+b_c"
    assert unit.name == NAME
    assert unit.collect_events()[0].name == NAME


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="agency"):
        register(kind="agency")


# Identity ---------------------------------------------------------------------------------------


def test_the_id_is_deterministic_per_tenant_and_code() -> None:
    assert Unit.create_id("tenant1", "SKHCN") == Unit.create_id("tenant1", "SKHCN")
    assert register().id == Unit.create_id("tenant1", "SKHCN")
    assert register(code=" SKHCN ").id == Unit.create_id("tenant1", "SKHCN")


def test_the_same_code_in_another_tenant_or_another_code_gives_another_id() -> None:
    assert Unit.create_id("tenant1", "SKHCN") != Unit.create_id("tenant2", "SKHCN")
    assert Unit.create_id("tenant1", "SKHCN") != Unit.create_id("tenant1", "SNV")
    assert register(tenant="tenant2").id != register().id


# Names over time --------------------------------------------------------------------------------


def test_renaming_keeps_every_name_with_the_day_it_took_effect(unit: Unit) -> None:
    unit.rename("Sở KH&CN tỉnh Sóc Trăng", occurred_on=date(2015, 7, 1))
    unit.rename("Sở Khoa học, Công nghệ và Đổi mới", occurred_on=date(2025, 7, 1))
    assert unit.names == [
        (NAME, date(2010, 1, 1)),
        ("Sở KH&CN tỉnh Sóc Trăng", date(2015, 7, 1)),
        ("Sở Khoa học, Công nghệ và Đổi mới", date(2025, 7, 1)),
    ]
    assert unit.name == "Sở Khoa học, Công nghệ và Đổi mới"
    events = unit.collect_events()
    assert [type(e) for e in events] == [Unit.Registered, Unit.Renamed, Unit.Renamed]
    assert [e.occurred_on for e in events[1:]] == [date(2015, 7, 1), date(2025, 7, 1)]


def test_name_on_answers_the_name_carried_that_day(unit: Unit) -> None:
    unit.rename("Tên thứ hai", occurred_on=date(2015, 7, 1))
    unit.rename("Tên thứ ba", occurred_on=date(2020, 1, 1))
    assert unit.name_on(date(2000, 1, 1)) == NAME  # before registration: the first name
    assert unit.name_on(date(2010, 1, 1)) == NAME
    assert unit.name_on(date(2015, 6, 30)) == NAME
    assert unit.name_on(date(2015, 7, 1)) == "Tên thứ hai"
    assert unit.name_on(date(2019, 12, 31)) == "Tên thứ hai"
    assert unit.name_on(date(2020, 1, 1)) == "Tên thứ ba"
    assert unit.name_on(date(2099, 1, 1)) == "Tên thứ ba"


def test_two_renames_on_the_same_day_leave_the_later_one_in_force(unit: Unit) -> None:
    unit.rename("Sáng", occurred_on=date(2015, 7, 1))
    unit.rename("Chiều", occurred_on=date(2015, 7, 1))
    assert unit.name_on(date(2015, 7, 1)) == "Chiều"


def test_renaming_to_the_current_name_is_refused_even_in_another_normal_form(unit: Unit) -> None:
    with pytest.raises(InvalidValueError) as caught:
        unit.rename(unicodedata.normalize("NFD", f" {NAME} "), occurred_on=date(2015, 1, 1))
    assert caught.value.field_name == "name"
    assert caught.value.reason_en == "equals the current name"
    assert len(unit.collect_events()) == 1


def test_renaming_to_a_blank_name_is_refused(unit: Unit) -> None:
    with pytest.raises(InvalidValueError):
        unit.rename("  ", occurred_on=date(2015, 1, 1))


def test_renaming_before_the_last_change_is_refused(unit: Unit) -> None:
    unit.rename("Tên mới", occurred_on=date(2015, 7, 1))
    with pytest.raises(DatesOutOfOrderError) as caught:
        unit.rename("Tên khác", occurred_on=date(2015, 6, 30))
    assert caught.value.earlier == date(2015, 7, 1)
    assert caught.value.later == date(2015, 6, 30)
    with pytest.raises(DatesOutOfOrderError):
        unit.rename("Tên khác", occurred_on=date(2009, 12, 31))


def test_no_change_is_dated_before_the_last_change_of_any_kind(unit: Unit) -> None:
    unit.reclassify(UnitKind.OTHER, occurred_on=date(2020, 1, 1))
    with pytest.raises(DatesOutOfOrderError):
        unit.rename("Tên mới", occurred_on=date(2015, 1, 1))
    with pytest.raises(DatesOutOfOrderError):
        unit.record_qms_facts(QmsFacts("TCVN ISO 9001:2015", None, None, None),
                              occurred_on=date(2019, 12, 31))
    with pytest.raises(DatesOutOfOrderError):
        unit.dissolve(occurred_on=date(2019, 12, 31), reason="Sáp nhập")


# Reclassification, QMS facts --------------------------------------------------------------------


def test_reclassifying_changes_the_kind(unit: Unit) -> None:
    unit.reclassify("commune_committee", occurred_on=date(2025, 7, 1))
    assert unit.kind is UnitKind.COMMUNE_COMMITTEE
    event = unit.collect_events()[-1]
    assert isinstance(event, Unit.Reclassified)
    assert event.occurred_on == date(2025, 7, 1)
    with pytest.raises(DatesOutOfOrderError):
        unit.reclassify(UnitKind.OTHER, occurred_on=date(2009, 1, 1))


def test_recording_qms_facts_stores_them_with_a_clean_standard(unit: Unit) -> None:
    facts = QmsFacts(" TCVN ISO 9001:2015 ", date(2019, 1, 10), date(2019, 11, 1),
                     date(2019, 12, 1))
    unit.record_qms_facts(facts, occurred_on=date(2020, 1, 15))
    assert unit.qms == QmsFacts("TCVN ISO 9001:2015", date(2019, 1, 10), date(2019, 11, 1),
                                date(2019, 12, 1))
    event = unit.collect_events()[-1]
    assert isinstance(event, Unit.QmsFactsRecorded)
    assert event.facts == unit.qms
    assert event.occurred_on == date(2020, 1, 15)


def test_qms_facts_may_leave_dates_unknown_or_equal_to_the_recording_day(unit: Unit) -> None:
    unit.record_qms_facts(QmsFacts("TCVN ISO 9001:2015", date(2020, 1, 15), None, None),
                          occurred_on=date(2020, 1, 15))
    assert unit.qms is not None
    assert unit.qms.last_internal_audit_on is None


@pytest.mark.parametrize("field", ["announced_on", "last_internal_audit_on",
                                   "last_management_review_on"])
def test_qms_facts_dated_after_the_recording_day_are_refused(unit: Unit, field: str) -> None:
    dates: dict[str, date | None] = dict.fromkeys(
        ["announced_on", "last_internal_audit_on", "last_management_review_on"])
    dates[field] = date(2020, 1, 16)
    with pytest.raises(DatesOutOfOrderError) as caught:
        unit.record_qms_facts(QmsFacts("TCVN ISO 9001:2015", **dates),
                              occurred_on=date(2020, 1, 15))
    assert caught.value.earlier_name == field
    assert caught.value.later_name == "occurred_on"
    assert unit.qms is None


def test_qms_facts_need_a_standard(unit: Unit) -> None:
    with pytest.raises(InvalidValueError):
        unit.record_qms_facts(QmsFacts(" ", None, None, None), occurred_on=date(2020, 1, 15))


# Dissolution ------------------------------------------------------------------------------------


def test_dissolving_ends_the_unit_and_names_its_successors(unit: Unit) -> None:
    successor = uuid4()
    unit.dissolve(occurred_on=date(2025, 7, 1), reason="Sáp nhập", successor_ids=[successor])
    assert not unit.is_active
    assert unit.dissolved_on == date(2025, 7, 1)
    assert unit.successor_ids == [successor]
    event = unit.collect_events()[-1]
    assert isinstance(event, Unit.Dissolved)
    assert (event.reason, event.occurred_on, event.meta) == ("Sáp nhập", date(2025, 7, 1), META)


def test_dissolving_needs_a_reason_and_a_date_after_the_last_change(unit: Unit) -> None:
    with pytest.raises(InvalidValueError):
        unit.dissolve(occurred_on=date(2025, 7, 1), reason=" ")
    with pytest.raises(DatesOutOfOrderError):
        unit.dissolve(occurred_on=date(2009, 7, 1), reason="Giải thể")
    assert unit.is_active


def test_a_dissolved_unit_refuses_every_change(unit: Unit) -> None:
    unit.dissolve(occurred_on=date(2025, 7, 1), reason="Giải thể")
    with pytest.raises(UnitDissolvedError) as caught:
        unit.rename("Tên mới", occurred_on=date(2025, 8, 1))
    assert caught.value.unit_id == unit.id
    assert caught.value.dissolved_on == date(2025, 7, 1)
    with pytest.raises(UnitDissolvedError):
        unit.reclassify(UnitKind.OTHER, occurred_on=date(2025, 8, 1))
    with pytest.raises(UnitDissolvedError):
        unit.record_qms_facts(QmsFacts("TCVN ISO 9001:2015", None, None, None),
                              occurred_on=date(2025, 8, 1))
    with pytest.raises(UnitDissolvedError):
        unit.dissolve(occurred_on=date(2025, 8, 1), reason="Lần hai")


def test_replaying_the_events_rebuilds_the_same_unit(unit: Unit) -> None:
    unit.rename("Tên mới", occurred_on=date(2015, 7, 1))
    unit.reclassify(UnitKind.OTHER, occurred_on=date(2016, 1, 1))
    unit.record_qms_facts(QmsFacts("TCVN ISO 9001:2015", None, None, None),
                          occurred_on=date(2016, 2, 1))
    unit.dissolve(occurred_on=date(2025, 7, 1), reason="Sáp nhập", successor_ids=[uuid4()])
    replayed = None
    for event in unit.collect_events():
        replayed = event.mutate(replayed)
    assert vars(replayed) == vars(unit)
