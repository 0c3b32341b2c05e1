"""Commands on an inspection's course (cuộc kiểm tra): scheduling it, carrying it out, and the minutes or
letter that make its findings (``findings.py``) known; and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.described import described
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.unit import Unit
from isotrail.services.commands.base import Command, Create, changes

INSPECTION_ID = "The inspection's uuid (INSPECTION_NOT_FOUND: none in your reach)."
NOT_BEFORE_SCHEDULING = "not before it was put in the schedule (scheduleInspection's occurredOn; DATES_OUT_OF_ORDER)"
DOCUMENT_NUMBER = "; 1–100 characters."


@dataclass(frozen=True, kw_only=True)
class ScheduleInspection(Command):
    """Schedule the inspection of one unit of an approved programme (lịch kiểm tra)."""

    programme_id: UUID = described("The programme's uuid (PROGRAMME_NOT_FOUND); approved and not yet reported "
                                   "(PROGRAMME_NOT_APPROVED, PROGRAMME_ALREADY_REPORTED).")
    unit_id: UUID = described("The uuid of a unit in its scope (UNIT_NOT_IN_SCOPE); one inspection per unit and "
                              "programme (ALREADY_EXISTS).")
    scheduled_on: date = described("Ngày kiểm tra dự kiến (the day planned for the inspection); not before the "
                                   "plan's date (DATES_OUT_OF_ORDER).")
    occurred_on: date = described("The business date it was put in the schedule, not when it is recorded; later "
                                  "steps of the inspection may not be dated before it.")


@dataclass(frozen=True, kw_only=True)
class ScheduleAdHocInspection(Command):
    """Schedule a kiểm tra đột xuất (ad-hoc inspection, Art. 34.1.c) of a unit outside the approved plan's scope."""

    programme_id: UUID = described("The uuid of the year's programme (PROGRAMME_NOT_FOUND), whose catalogue and team "
                                   "it uses; approved and not yet reported (PROGRAMME_NOT_APPROVED, "
                                   "PROGRAMME_ALREADY_REPORTED).")
    unit_id: UUID = described("The unit's uuid (UNIT_NOT_FOUND); not in the plan's scope (DUPLICATE_UNIT_IN_SCOPE: "
                              "schedule it as planned); once per programme (ALREADY_EXISTS).")
    form: InspectionForm = described("Hình thức kiểm tra: on site or by dossier.")
    reason: str = described("Lý do kiểm tra đột xuất (why: a complaint, signs the QMS is not kept up, …); 1–2,000 "
                            "characters, line breaks allowed.")
    decision_number: str = described("Số/ký hiệu of the decision ordering it (quyết định kiểm tra đột xuất, "
                                     "\"45/QĐ-SKHCN\"); 1–100 characters.")
    scheduled_on: date = described("Ngày kiểm tra dự kiến (the day planned); not before the plan's date "
                                   "(DATES_OUT_OF_ORDER).")
    occurred_on: date = described("The business date it was ordered, not when it is recorded; later steps of the "
                                  "inspection may not be dated before it.")


@dataclass(frozen=True, kw_only=True)
class RescheduleInspection(Command):
    """Move an inspection to another day, saying why (điều chỉnh lịch kiểm tra)."""

    inspection_id: UUID = described(INSPECTION_ID + " Not conducted yet (INSPECTION_ALREADY_CONDUCTED).")
    scheduled_on: date = described(f"The new day planned; {NOT_BEFORE_SCHEDULING}.")
    reason: str = described("Lý do (why it moves); 1–2,000 characters, line breaks allowed.")
    occurred_on: date = described(f"The business date of the change; {NOT_BEFORE_SCHEDULING}.")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ConductInspection(Command):
    """Record that the team carried out the inspection (tiến hành kiểm tra), and who inspected."""

    inspection_id: UUID = described(INSPECTION_ID + " Conducted once (INSPECTION_ALREADY_CONDUCTED).")
    inspectors: list[str] = described("The names of those who inspected, one text each, 1–200 characters.")
    occurred_on: date = described("The business date the inspection took place (by dossier: was done); "
                                  f"{NOT_BEFORE_SCHEDULING}. Items are assessed and nonconformities raised on or after "
                                  "it.")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class SignMinutes(Command):
    """Sign the minutes (biên bản kiểm tra, Mẫu 21), the team leader and the unit's head; the findings are known."""

    inspection_id: UUID = described(INSPECTION_ID + " On site (WRONG_INSPECTION_FORM), conducted "
                                    "(INSPECTION_NOT_CONDUCTED), its findings not yet communicated "
                                    "(FINDINGS_ALREADY_COMMUNICATED).")
    minutes_number: str = described("Số biên bản (the minutes' number, \"12/BB-ĐKT\")" + DOCUMENT_NUMBER)
    team_leader_signatory: str = described("Trưởng đoàn kiểm tra: who signed for the team, its leader (Mẫu 21): the "
                                           "one the decision (Mẫu 20) names, when it has one (INVALID_VALUE); 1–200 "
                                           "characters.")
    unit_signatory: str = described("Who signed for the unit (its head or deputy); 1–200 characters.")
    occurred_on: date = described("The business date the minutes were signed; not before the inspection "
                                  "(DATES_OUT_OF_ORDER). Its open nonconformities' corrective-action reports fall "
                                  "due two calendar months later (Art. 37).")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class SendFindingsLetter(Command):
    """Send a dossier check's findings to the unit by letter (văn bản thông báo kết quả)."""

    inspection_id: UUID = described(INSPECTION_ID + " By dossier (WRONG_INSPECTION_FORM), conducted "
                                    "(INSPECTION_NOT_CONDUCTED), its findings not yet communicated "
                                    "(FINDINGS_ALREADY_COMMUNICATED).")
    letter_number: str = described("Số công văn (the letter's number)" + DOCUMENT_NUMBER)
    occurred_on: date = described("The business date of the letter; not before the inspection (DATES_OUT_OF_ORDER). "
                                  "No report deadline follows: the fixes are re-checked at the next inspection.")
    signer: str | None = described("Người ký (who signed it, with their title), for the record kept (Art. 39); "
                                   "1–200 characters. Null or blank: not recorded.", default=None)
    expected_version: int | None = None


change = changes(Inspection, "inspection_id")

HANDLERS = {
    # the programme decides for another aggregate, so it is read as stored, not from the cache
    ScheduleInspection: Create(
        Inspection,
        lambda app, c: app.get_programme(c.programme_id).schedule_inspection(
            c.unit_id, scheduled_on=c.scheduled_on, occurred_on=c.occurred_on),
        what_vi="Cuộc kiểm tra", what_en="Inspection", key=lambda inspection: inspection.id),
    ScheduleAdHocInspection: Create(
        Inspection,
        lambda app, c: app.get_programme(c.programme_id).schedule_ad_hoc_inspection(
            c.unit_id, c.form, reason=c.reason, decision_number=c.decision_number, scheduled_on=c.scheduled_on,
            occurred_on=c.occurred_on),
        what_vi="Cuộc kiểm tra", what_en="Inspection", key=lambda inspection: inspection.id,
        references=lambda c: [(Unit, c.unit_id)]),
    RescheduleInspection: change(
        lambda i, c: i.reschedule(c.scheduled_on, reason=c.reason, occurred_on=c.occurred_on)),
    ConductInspection: change(lambda i, c: i.conduct(inspectors=c.inspectors, occurred_on=c.occurred_on)),
    SignMinutes: change(lambda i, c: i.sign_minutes(
        minutes_number=c.minutes_number, team_leader_signatory=c.team_leader_signatory,
        unit_signatory=c.unit_signatory, occurred_on=c.occurred_on)),
    SendFindingsLetter: change(
        lambda i, c: i.send_findings_letter(letter_number=c.letter_number, occurred_on=c.occurred_on,
                                            signer=c.signer)),
}
