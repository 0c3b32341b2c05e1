"""Every typed error's Vietnamese message reads as Vietnamese: no uuid, no ISO date, no field's Python name —
records by their names (given by the command's service), fields by their labels, dates as dd/mm/yyyy."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
import re
import string
import typing
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from isotrail.domain.errors import IsotrailError
from isotrail.domain.field_labels import FIELD_LABELS_VI
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.programme_errors import ProgrammeNotDraftError, UnitNotInScopeError
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import TenantStatus
from isotrail.services import commands, token_faults
from isotrail.services.commands import (
    AddUnitToProgramme,
    Command,
    RaiseNonconformity,
    ScheduleInspection,
    SignMinutes,
    VerifyCorrectiveAction,
)
from isotrail.services.commands.handle import handle
from isotrail.services.conflict_errors import AlreadyExistsError
from isotrail.services.permissions import Action, Caller
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.token_claims import InvalidTokenError
from tests.builders import approved_programme, conducted_inspection, register_unit

UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
QUOTED = re.compile(r"«[^«»]*»")  # a value repeated as given (a name, a code, a slug), not a word of the message

for layer in ("domain", "services", "projections", "graphql"):  # every module, so that every error class is defined
    package = importlib.import_module(f"isotrail.{layer}")
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)


def _subclasses(cls: type[IsotrailError]) -> list[type[IsotrailError]]:
    return [cls, *(each for sub in cls.__subclasses__() for each in _subclasses(sub))]


ALL_ERRORS = sorted(set(_subclasses(IsotrailError)), key=lambda cls: (cls.__module__, cls.__name__))
UNIT_ID, DAY = uuid4(), date(2020, 6, 2)
# a representative value for each detail an error's templates name, by the detail's name
REPRESENTATIVE: dict[str, Any] = {
    "field_name": "team_leader_signatory", "earlier_name": "plan_date", "later_name": "occurred_on",
    "earlier": date(2020, 3, 5), "later": date(2020, 3, 1), "status": NonconformityStatus.CARRIED_OVER,
    "role": Role.UNIT_REPRESENTATIVE, "action": Action.REPORT_CORRECTIVE_ACTION, "slug": "soc_trang",
    "key": uuid4(), "item_code": "qd19.legal_updates", "catalogue_version": "tt26-2014+iso9001-2015",
    "projection": "audit", "notification_id": 1234, "where": "filter.status",
}
STATUS_OF = {"TenantInactiveError": TenantStatus.SUSPENDED, "TenantNotFollowedError": TenantStatus.MOVING}


def _made(cls: type[IsotrailError]) -> IsotrailError:
    if cls is InvalidTokenError:  # made from a token fault: the one naming a claim
        return cls(token_faults.unit_not_uuid("unit_id"))
    return cls(**_details(cls))


def _details(cls: type[IsotrailError]) -> dict[str, Any]:
    names = {name for template in (cls.template_vi, cls.template_en)
             for _, name, _, _ in string.Formatter().parse(template) if name}
    details = {}
    for name in names:
        if name in REPRESENTATIVE:
            details[name] = REPRESENTATIVE[name]
        elif name.endswith("_id"):
            details[name] = uuid4()
        elif name.endswith("_on"):
            details[name] = DAY
        else:
            details[name] = f"{name[:1]}"
    if cls.__name__ in STATUS_OF:
        details["status"] = STATUS_OF[cls.__name__]
    return details


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_no_vietnamese_message_shows_a_uuid_an_iso_date_or_a_snake_case_name(cls: type[IsotrailError]) -> None:
    shown = _made(cls).message_vi
    assert not UUID_TEXT.search(shown), shown
    assert not ISO_DATE.search(shown), shown
    assert not SNAKE_CASE.search(QUOTED.sub("", shown)), shown
    assert shown[:1].isupper() or not shown[:1].isalpha(), shown


def test_the_details_keep_the_ids_and_the_field_for_clients() -> None:
    error = UnitNotInScopeError(unit_id=UNIT_ID, programme_id=UNIT_ID)
    assert error.unit_id == UNIT_ID and str(UNIT_ID) in error.message_en
    invalid = InvalidValueError(field_name="minutes_number", reason_vi="phải có", reason_en="required")
    assert invalid.field == "minutes_number" and invalid.message_vi == "Số biên bản không hợp lệ: phải có."
    dates = DatesOutOfOrderError(earlier_name="occurred_on", earlier=date(2020, 6, 2), later_name="report_due_on",
                                 later=date(2020, 6, 1))
    assert dates.message_vi == "Hạn báo cáo (01/06/2020) không được trước ngày diễn ra (02/06/2020)."
    assert "2020-06-01" in dates.message_en


def _command_fields(cls: type, seen: set[type]) -> set[str]:
    if cls in seen:
        return set()
    seen.add(cls)
    names = set()
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        names.add(field.name)
        for inner in typing.get_args(hints[field.name]) or (hints[field.name],):
            for each in typing.get_args(inner) or (inner,):
                if dataclasses.is_dataclass(each):
                    names |= _command_fields(each, seen)
    return names


def test_every_field_of_every_command_has_a_vietnamese_label() -> None:
    definitions = [value for value in vars(commands).values()
                   if isinstance(value, type) and issubclass(value, Command) and value is not Command]
    seen: set[type] = set()
    fields = set().union(*(_command_fields(cls, seen) for cls in definitions))
    assert len(definitions) > 25 and "minutes_number" in fields
    assert fields - set(FIELD_LABELS_VI) == set()


NAMING_CALLS = {"clean_text": 1, "clean_optional_text": 1, "clean_code": 1, "document_number": 1,
                "check_characters": 1, "_require_not_before": 1}  # the argument that names the field checked
NAMING_KEYWORDS = {"field_name", "earlier_name", "later_name"}


def _fields_named_in(source: str) -> set[str]:
    named = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        given = [k.value for k in node.keywords if k.arg in NAMING_KEYWORDS]
        if callee in NAMING_CALLS and len(node.args) > NAMING_CALLS[callee]:
            given.append(node.args[NAMING_CALLS[callee]])
        named |= {g.value for g in given if isinstance(g, ast.Constant) and isinstance(g.value, str)}
    return named


def test_every_field_an_error_names_in_the_code_has_a_vietnamese_label() -> None:
    root = Path(__file__).resolve().parents[2]
    named = set().union(*(_fields_named_in(path.read_text(encoding="utf-8"))
                          for layer in ("domain", "services") for path in (root / layer).rglob("*.py")))
    assert {"scheduled", "decided_on", "report_received_on", "minutes_number"} <= named
    assert named - set(FIELD_LABELS_VI) == set()


def test_a_refused_command_names_the_unit_and_the_plan_not_their_ids(app: TenantApplication, admin: Caller) -> None:
    programme_id, [in_scope] = approved_programme(app, admin, units=1)
    outside = register_unit(app, admin, "Sở Y tế tỉnh Sóc Trăng")
    with pytest.raises(UnitNotInScopeError) as refused:
        handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=outside, scheduled_on=DAY,
                                              occurred_on=DAY))
    assert refused.value.message_vi == "Cơ quan «Sở Y tế tỉnh Sóc Trăng» không thuộc phạm vi kế hoạch 35/KH-UBND."
    assert refused.value.unit_id == outside and str(outside) in refused.value.message_en
    handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=in_scope, scheduled_on=DAY,
                                          occurred_on=DAY))
    with pytest.raises(AlreadyExistsError) as twice:
        handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=in_scope, scheduled_on=DAY,
                                              occurred_on=DAY))
    assert twice.value.message_vi == "Cuộc kiểm tra «Đơn vị 0» đã tồn tại."


def test_a_refused_change_names_the_plan_it_was_refused_by(app: TenantApplication, admin: Caller) -> None:
    programme_id, [unit_id] = approved_programme(app, admin, units=1)
    with pytest.raises(ProgrammeNotDraftError) as refused:
        handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id, form=InspectionForm.ON_SITE,
                                              occurred_on=DAY))
    assert refused.value.message_vi == "Kế hoạch 35/KH-UBND đã được phê duyệt, không thể sửa đổi."


def test_a_nonconformity_is_named_by_the_day_it_was_raised(app: TenantApplication, admin: Caller) -> None:
    _, inspection_id = conducted_inspection(app, admin)
    made = handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="6.2",
                                                 description="Mục tiêu chưa đo lường được.", occurred_on=DAY))
    handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="12/BB-ĐKT",
                                   team_leader_signatory="Kiểm tra viên 1", unit_signatory="Giám đốc Sở",
                                   occurred_on=DAY))
    with pytest.raises(IsotrailError) as refused:  # no report yet
        handle(app, admin, VerifyCorrectiveAction(inspection_id=inspection_id, nonconformity_id=made.entity_id,
                                                  occurred_on=DAY))
    assert refused.value.message_vi == ("Điểm không phù hợp (ghi nhận ngày 02/06/2020, mục 6.2) chưa có báo cáo "
                                        "khắc phục.")
    assert isinstance(refused.value.nonconformity_id, UUID)
