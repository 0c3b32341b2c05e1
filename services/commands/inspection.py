"""Commands on an inspection's course (cuộc kiểm tra): scheduling it, carrying it out, and the minutes or
letter that make its findings (``findings.py``) known; and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.inspection import Inspection
from isotrail.services.commands.base import Command, Create, changes


@dataclass(frozen=True, kw_only=True)
class ScheduleInspection(Command):
    """Schedule the inspection of one unit of an approved programme (lịch kiểm tra)."""

    programme_id: UUID
    unit_id: UUID
    scheduled_on: date
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class RescheduleInspection(Command):
    """Move an inspection to another day, saying why (điều chỉnh lịch kiểm tra)."""

    inspection_id: UUID
    scheduled_on: date
    reason: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ConductInspection(Command):
    """Record that the team carried out the inspection (tiến hành kiểm tra), and who inspected."""

    inspection_id: UUID
    inspectors: list[str]
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class SignMinutes(Command):
    """Sign the inspection minutes with the unit (biên bản kiểm tra, Mẫu 21); the findings are then known."""

    inspection_id: UUID
    minutes_number: str
    unit_signatory: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class SendFindingsLetter(Command):
    """Send a dossier check's findings to the unit by letter (văn bản thông báo kết quả)."""

    inspection_id: UUID
    letter_number: str
    occurred_on: date
    expected_version: int | None = None


change = changes(Inspection, "inspection_id")

HANDLERS = {
    # the programme decides for another aggregate, so it is read as stored, not from the cache
    ScheduleInspection: Create(
        Inspection,
        lambda app, c: app.get_programme(c.programme_id).schedule_inspection(
            c.unit_id, scheduled_on=c.scheduled_on, occurred_on=c.occurred_on),
        what_vi="Cuộc kiểm tra", what_en="Inspection", key=lambda inspection: str(inspection.id)),
    RescheduleInspection: change(
        lambda i, c: i.reschedule(c.scheduled_on, reason=c.reason, occurred_on=c.occurred_on)),
    ConductInspection: change(lambda i, c: i.conduct(inspectors=c.inspectors, occurred_on=c.occurred_on)),
    SignMinutes: change(lambda i, c: i.sign_minutes(
        minutes_number=c.minutes_number, unit_signatory=c.unit_signatory, occurred_on=c.occurred_on)),
    SendFindingsLetter: change(
        lambda i, c: i.send_findings_letter(letter_number=c.letter_number, occurred_on=c.occurred_on)),
}
