"""Every free-text field of every command goes through the one check of domain/text.py: a NUL, a lone
surrogate, a bidi override, a noncharacter or a text that shows nothing is refused with ``invalid_value``
naming that field, before anything is recorded (each check runs before the command's ``@event`` method)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_values import RecommendationSource
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import QmsFacts, UnitKind
from tests.qualified import qualified

from .conftest import APPROVED_ON, CONDUCTED_ON, DRAFTED_ON, SCHEDULED_ON, receive, register_of, unit_ids

POISONS = ["Sở\x00Y tế", "Sở\ud800Y tế", "Sở \u202eết Y", "\u17b4", "\u0301", "Sở\uffffY tế"]
TEAM_MEMBER = qualified("Nguyễn Văn An", "Sở KH&CN", "Trưởng đoàn")
FACTS = QmsFacts("TCVN ISO 9001:2015", None, None, None)
CORRECTION = {"corrects_version": 1, "title": "Kế hoạch (sửa)", "plan_number": "26/KH",
              "plan_date": date(2020, 3, 3), "reason": "Gõ nhầm số", "occurred_on": date(2020, 3, 4)}
REPORT = {"report_number": "99/BC", "summary": "Tổng kết", "proposals": ["Tập huấn"],
          "occurred_on": date(2020, 12, 15)}


def _register(**text: Any) -> Unit:
    return Unit.register(tenant="tenant1", code="SKHCN", **{"name": "Sở KH&CN", **text},
                         kind=UnitKind.PROVINCIAL_DEPARTMENT, occurred_on=date(2010, 1, 1))


def _nonconformity(inspection: Inspection, catalogue: Catalogue) -> Any:
    return inspection.raise_nonconformity(catalogue, "7.5", "Chưa kiểm soát hồ sơ", occurred_on=CONDUCTED_ON)


def _signed_and_reported(inspection: Inspection, catalogue: Catalogue) -> Any:
    nonconformity_id = _nonconformity(inspection, catalogue)
    inspection.sign_minutes(minutes_number="12/BB", team_leader_signatory="Nguyễn Văn An", unit_signatory="Giám đốc",
                            occurred_on=CONDUCTED_ON)
    receive(inspection)
    return nonconformity_id


# (field, the aggregate fixture it starts from, the command with the poisoned text ``p``)
Command = Callable[[Any, Catalogue, str], object]
COMMANDS: list[tuple[str, str, Command]] = [
    ("name", "unit", lambda _u, _c, p: _register(name=p)),
    ("name", "unit", lambda u, _c, p: u.rename(p, occurred_on=date(2015, 1, 1))),
    ("standard", "unit", lambda u, _c, p: u.record_qms_facts(replace(FACTS, standard=p), occurred_on=date(2015, 1, 1))),
    ("reason", "unit", lambda u, _c, p: u.dissolve(reason=p, occurred_on=date(2015, 1, 1))),
    *[(field, "draft", lambda d, _c, p, field=field: d(**{field: p}))
      for field in ("title", "plan_number", "standard", "organiser", "code", "catalogue_version")],
    ("legal_basis", "draft", lambda d, _c, p: d(legal_basis=["Quyết định 19/2014/QĐ-TTg", p])),
    ("joint_team", "draft", lambda d, _c, p: d().add_unit(unit_ids(1)[0], InspectionForm.ON_SITE,
                                                         occurred_on=DRAFTED_ON, joint_team=p)),
    ("reason", "programme_with_scope", lambda w, _c, p: w(InspectionForm.ON_SITE).remove_unit(
        unit_ids(1)[0], reason=p, occurred_on=DRAFTED_ON)),
    *[(field, "draft", lambda d, _c, p, field=field: d().assign_team_member(
        replace(TEAM_MEMBER, **{field: p}), occurred_on=DRAFTED_ON))
      for field in ("name", "organisation", "position", "degree", "state_management_certificate",
                    "qms_auditor_certificate")],
    *[(field, "draft", lambda d, _c, p, field=field: d().correct_plan_details(**{**CORRECTION, field: p}))
      for field in ("title", "plan_number", "reason")],
    ("approved_by", "programme_with_scope", lambda w, _c, p: w(InspectionForm.ON_SITE).approve(
        approved_by=p, occurred_on=APPROVED_ON, register=register_of(1))),
    *[(field, "approved", lambda a, _c, p, field=field: a.report_results(**{**REPORT, field: p}))
      for field in ("report_number", "summary")],
    ("proposals", "approved", lambda a, _c, p: a.report_results(**{**REPORT, "proposals": ["Tập huấn", p]})),
    ("reason", "on_site", lambda i, _c, p: i.reschedule(SCHEDULED_ON, reason=p, occurred_on=APPROVED_ON)),
    ("inspectors", "on_site", lambda i, _c, p: i.conduct(inspectors=["Nguyễn Văn An", p], occurred_on=CONDUCTED_ON)),
    ("note", "conducted", lambda i, c, p: i.assess(c, "7.5", "conforms", occurred_on=CONDUCTED_ON, note=p)),
    ("item_code", "conducted", lambda i, c, p: i.assess(c, p, "conforms", occurred_on=CONDUCTED_ON)),
    ("description", "conducted", lambda i, c, p: i.raise_nonconformity(c, "7.5", p, occurred_on=CONDUCTED_ON)),
    ("item_code", "conducted", lambda i, c, p: i.raise_nonconformity(c, p, "Chưa đạt", occurred_on=CONDUCTED_ON)),
    ("reason", "conducted", lambda i, c, p: i.withdraw_nonconformity(
        _nonconformity(i, c), reason=p, occurred_on=CONDUCTED_ON)),
    *[(field, "conducted", lambda i, _c, p, field=field: i.sign_minutes(
        **{"minutes_number": "12/BB", "team_leader_signatory": "Nguyễn Văn An", "unit_signatory": "Giám đốc", field: p},
        occurred_on=CONDUCTED_ON))
      for field in ("minutes_number", "team_leader_signatory", "unit_signatory")],
    ("letter_number", "dossier", lambda i, _c, p: (i.conduct(inspectors=["X"], occurred_on=CONDUCTED_ON),
                                                   i.send_findings_letter(letter_number=p, occurred_on=CONDUCTED_ON))),
    *[(field, "signed", lambda s, _c, p, field=field: s[0].receive_corrective_action_report(
        **{"reference": "45/BC", "summary": "Đã khắc phục", field: p}, occurred_on=date(2020, 7, 1)))
      for field in ("reference", "summary")],
    ("note", "conducted", lambda i, c, p: i.verify_corrective_action(
        _signed_and_reported(i, c), occurred_on=date(2020, 7, 2), note=p)),
    *[(field, "conducted", lambda i, c, p, field=field: i.reject_corrective_action(
        _signed_and_reported(i, c), **{"notice_number": "3/TB", "reason": "Chưa hiệu lực", field: p},
        occurred_on=date(2020, 7, 2))) for field in ("notice_number", "reason")],
    ("text", "conducted", lambda i, _c, p: i.record_recommendation(RecommendationSource.TEAM, p,
                                                                   occurred_on=CONDUCTED_ON)),
]


@pytest.mark.parametrize("poison", POISONS, ids=["nul", "lone-surrogate", "bidi-override", "invisible-only",
                                                  "lone-combining-mark", "noncharacter"])
@pytest.mark.parametrize(("field", "start", "command"), COMMANDS,
                         ids=[f"{start}-{field}-{i}" for i, (field, start, _) in enumerate(COMMANDS)])
def test_every_free_text_field_refuses_poison_naming_the_field(
    request: pytest.FixtureRequest, catalogue: Catalogue, field: str, start: str, command: Command, poison: str,
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        command(request.getfixturevalue(start), catalogue, poison)
    assert (caught.value.code, caught.value.field) == ("invalid_value", field)
    assert poison not in caught.value.message_en and poison not in caught.value.message_vi


def test_a_multiline_field_takes_line_breaks_where_a_name_does_not(conducted: Inspection, unit: Unit) -> None:
    conducted.record_recommendation(RecommendationSource.TEAM, "Tập huấn:\n\t- ISO 9001", occurred_on=CONDUCTED_ON)
    assert conducted.recommendations[-1][1] == "Tập huấn:\n\t- ISO 9001"
    with pytest.raises(InvalidValueError) as caught:
        unit.rename("Sở\nY tế", occurred_on=date(2015, 1, 1))
    assert caught.value.field == "name"
