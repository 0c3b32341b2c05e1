"""Values, free-text cleaning, natural identities, event metadata and the typed errors."""

from __future__ import annotations

import string
import unicodedata
from datetime import date
from uuid import UUID, uuid4

import pytest

from isotrail.domain import (
    errors,
    input_errors,
    inspection_errors,
    nonconformity_errors,
    programme_errors,
    team_errors,
    unit_errors,
)
from isotrail.domain.codes import clean_code
from isotrail.domain.deadlines import add_calendar_months
from isotrail.domain.errors import DomainError, IsotrailError
from isotrail.domain.identity import natural_id
from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.metadata import EventMeta, current_meta, recording_as
from isotrail.domain.programme_errors import OnSiteShareTooLowError, UnitNotInScopeError
from isotrail.domain.programme_values import INSPECTION_FORM_VI, InspectionForm, ScopeEntry
from isotrail.domain.roles import Role
from isotrail.domain.text import clean_optional_text, clean_text

from .conftest import META

# add_calendar_months ----------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2020, 5, 15), 2, date(2020, 7, 15)),
    (date(2020, 12, 31), 2, date(2021, 2, 28)),
    (date(2023, 12, 31), 2, date(2024, 2, 29)),  # leap year
    (date(2020, 8, 31), 2, date(2020, 10, 31)),
    (date(2020, 7, 31), 2, date(2020, 9, 30)),
    (date(2020, 1, 31), 1, date(2020, 2, 29)),
    (date(2021, 1, 31), 1, date(2021, 2, 28)),
    (date(2020, 2, 29), 12, date(2021, 2, 28)),
    (date(2020, 2, 29), 48, date(2024, 2, 29)),
    (date(2020, 11, 30), 2, date(2021, 1, 30)),
    (date(2020, 12, 1), 1, date(2021, 1, 1)),
    (date(2020, 10, 15), 14, date(2021, 12, 15)),
    (date(2020, 3, 10), 0, date(2020, 3, 10)),
    (date(2020, 3, 31), -1, date(2020, 2, 29)),
    (date(2020, 1, 15), -1, date(2019, 12, 15)),
    (date(2020, 1, 31), -13, date(2018, 12, 31)),
])
def test_add_calendar_months_keeps_the_day_clamped_to_the_months_end(
    day: date, months: int, expected: date
) -> None:
    assert add_calendar_months(day, months) == expected


def test_add_calendar_months_never_lands_before_the_start_or_skips_a_month() -> None:
    day = date(2019, 1, 1)
    while day.year < 2021:
        later = add_calendar_months(day, 2)
        assert later > day
        assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == 2
        day = date.fromordinal(day.toordinal() + 1)


# Enumerations and value objects -----------------------------------------------------------------


@pytest.mark.parametrize(("status", "closed", "awaits_report"), [
    (NonconformityStatus.OPEN, False, True),
    (NonconformityStatus.REPORTED, False, False),
    (NonconformityStatus.NOT_ACCEPTED, False, True),
    (NonconformityStatus.VERIFIED, True, False),
    (NonconformityStatus.WITHDRAWN, True, False),
    (NonconformityStatus.CARRIED_OVER, True, False),
])
def test_nonconformity_status_says_whether_it_is_closed_or_awaits_a_report(
    status: NonconformityStatus, closed: bool, awaits_report: bool
) -> None:
    assert status.is_closed is closed
    assert status.awaits_report is awaits_report
    assert NonconformityStatus(status.value) is status


def test_every_status_is_exactly_one_of_closed_awaiting_or_reported() -> None:
    for status in NonconformityStatus:
        flags = [status.is_closed, status.awaits_report, status is NonconformityStatus.REPORTED]
        assert flags.count(True) == 1


def test_a_scope_entry_is_joint_only_with_a_joint_team() -> None:
    unit_id = uuid4()
    assert ScopeEntry(unit_id, InspectionForm.ON_SITE, "Sở Nội vụ").is_joint
    assert not ScopeEntry(unit_id, InspectionForm.DOSSIER).is_joint


def test_every_inspection_form_has_a_vietnamese_name() -> None:
    assert set(INSPECTION_FORM_VI) == set(InspectionForm)
    assert INSPECTION_FORM_VI[InspectionForm.ON_SITE] == "tại trụ sở"


def test_enums_store_readable_strings() -> None:
    assert Role.INSPECTOR == "inspector"
    assert f"{InspectionForm.DOSSIER}" == "dossier"


# Text and identity ------------------------------------------------------------------------------


def test_clean_text_trims_and_normalises_to_nfc() -> None:
    assert clean_text(unicodedata.normalize("NFD", "  Đoàn kiểm tra\n"), "f") == "Đoàn kiểm tra"
    assert clean_text("x" * 10, "f", max_length=10) == "x" * 10


@pytest.mark.parametrize(("value", "max_length", "reason_en"), [
    ("", 10, "must not be empty"),
    (" \t\n", 10, "must not be empty"),
    ("x" * 11, 10, "longer than 10 characters"),
])
def test_clean_text_refuses_empty_or_overlong_text(
    value: str, max_length: int, reason_en: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        clean_text(value, "summary", max_length=max_length)
    assert (caught.value.field_name, caught.value.reason_en) == ("summary", reason_en)


def test_clean_optional_text_turns_blanks_into_none() -> None:
    assert clean_optional_text(None, "note") is None
    assert clean_optional_text("   ", "note") is None
    assert clean_optional_text(" Ghi chú ", "note") == "Ghi chú"
    with pytest.raises(InvalidValueError):
        clean_optional_text("x" * 3, "note", max_length=2)


def test_clean_code_accepts_natural_keys_up_to_64_characters() -> None:
    assert clean_code(" tt26-2014+iso9001-2015 ", "code") == "tt26-2014+iso9001-2015"
    assert clean_code("KH_2020/01.a", "code") == "KH_2020/01.a"
    assert clean_code("x" * 64, "code") == "x" * 64
    for bad in ("", "x" * 65, ".hidden", "a b", "mã", "a\nb"):
        with pytest.raises(InvalidValueError):
            clean_code(bad, "code")


def test_natural_ids_are_stable_uuid5s_that_depend_on_every_part() -> None:
    first = natural_id("unit", "tenant1", "SKHCN")
    assert first == natural_id("unit", "tenant1", "SKHCN")
    assert isinstance(first, UUID)
    assert first.version == 5
    assert first != natural_id("programme", "tenant1", "SKHCN")
    assert first != natural_id("unit", "tenant2", "SKHCN")
    assert natural_id("x", "a", "bc") != natural_id("x", "ab", "c")


def test_recording_as_nests_and_restores_the_outer_metadata() -> None:
    inner = EventMeta("actor-2", Role.SYSTEM, "tenant2", "corr-2")
    assert current_meta() == META
    with recording_as(inner) as given:
        assert given is inner
        assert current_meta() is inner
    assert current_meta() == META


# Errors -----------------------------------------------------------------------------------------


ERROR_FAMILIES = (errors, input_errors, unit_errors, programme_errors, team_errors, inspection_errors,
                  nonconformity_errors)
ALL_ERRORS = list(dict.fromkeys(value for family in ERROR_FAMILIES for value in vars(family).values()
                                if isinstance(value, type) and issubclass(value, IsotrailError)))


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _has_vietnamese_diacritics(text: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)) or "đ" in text


def test_error_codes_are_unique() -> None:
    assert len(ALL_ERRORS) > 20
    codes = [cls.code for cls in ALL_ERRORS]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda cls: cls.__name__)
def test_every_error_has_a_code_and_messages_in_both_languages(cls: type[IsotrailError]) -> None:
    details = {name: f"<{name}>" for name in _fields(cls.template_vi) | _fields(cls.template_en)}
    error = cls(**details)
    assert error.code and error.code.strip() == error.code
    assert error.message_vi and error.message_en
    assert _has_vietnamese_diacritics(error.message_vi)
    assert error.message_en.isascii()
    assert error.message_vi != error.message_en
    assert str(error) == error.message_en
    assert error.details == details
    for name, value in details.items():
        assert getattr(error, name) == value
    assert all(f"<{name}>" in error.message_vi for name in _fields(cls.template_vi) - set(cls.field_details))
    assert all(f"<{name}>" in error.message_en for name in _fields(cls.template_en))
    assert isinstance(error, IsotrailError)
    if cls is not IsotrailError:
        assert isinstance(error, DomainError)


def test_error_details_are_attributes_and_fill_both_messages() -> None:
    error = OnSiteShareTooLowError(on_site=0, total=3, required=1)
    assert (error.on_site, error.total, error.required) == (0, 3, 1)
    assert error.details == {"on_site": 0, "total": 3, "required": 1}
    assert "1/3" in error.message_vi and "1/3" in error.message_en
    unit_id, programme_id = uuid4(), uuid4()
    error = UnitNotInScopeError(unit_id=unit_id, programme_id=programme_id)
    assert (error.unit_id, error.programme_id) == (unit_id, programme_id)
    assert str(unit_id) in error.message_en and str(unit_id) not in error.message_vi
    assert error.message_vi == "Cơ quan không thuộc phạm vi kế hoạch."  # nobody named them: the nouns read alone
    error.names.update({unit_id: "Sở Y tế tỉnh Sóc Trăng", programme_id: "35/KH-UBND"})
    assert error.message_vi == "Cơ quan «Sở Y tế tỉnh Sóc Trăng» không thuộc phạm vi kế hoạch 35/KH-UBND."
    assert error.code == "unit_not_in_scope"

