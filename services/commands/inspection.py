"""Commands on inspections (cuộc kiểm tra): scheduling, fieldwork, findings, corrective action and
recommendations, and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.domain.programme import Programme
from isotrail.services.catalogues import load_catalogue
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
class AssessItem(Command):
    """Record the result for one check item (nội dung kiểm tra); a second result names the one it corrects."""

    inspection_id: UUID
    item_code: str
    result: AssessmentResult
    occurred_on: date
    note: str | None = None
    corrects_version: int | None = None
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RaiseNonconformity(Command):
    """Record a nonconformity (điểm chưa phù hợp) against a check item; the result carries its id."""

    inspection_id: UUID
    item_code: str
    description: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class WithdrawNonconformity(Command):
    """Withdraw a nonconformity raised by mistake, saying why."""

    inspection_id: UUID
    nonconformity_id: UUID
    reason: str
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


@dataclass(frozen=True, kw_only=True)
class ReceiveCorrectiveActionReport(Command):
    """Receive the unit's corrective-action report (báo cáo khắc phục), by default on every open finding."""

    inspection_id: UUID
    reference: str
    summary: str
    occurred_on: date
    nonconformity_ids: list[UUID] | None = None
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class VerifyCorrectiveAction(Command):
    """Accept a nonconformity's corrective action as effective, closing it."""

    inspection_id: UUID
    nonconformity_id: UUID
    occurred_on: date
    note: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RejectCorrectiveAction(Command):
    """Refuse a corrective action by formal notice (thông báo không chấp nhận); a new report is due."""

    inspection_id: UUID
    nonconformity_id: UUID
    notice_number: str
    reason: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class CarryOverNonconformity(Command):
    """Carry an open nonconformity over to a later programme (chuyển sang kỳ kiểm tra sau)."""

    inspection_id: UUID
    nonconformity_id: UUID
    to_programme_id: UUID
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecordRecommendation(Command):
    """Record a recommendation (kiến nghị) from the unit or from the inspection team."""

    inspection_id: UUID
    source: RecommendationSource
    text: str
    occurred_on: date
    expected_version: int | None = None


def _assess(inspection: Inspection, c: AssessItem) -> None:
    inspection.assess(load_catalogue(inspection.catalogue_version), c.item_code, c.result,
                      occurred_on=c.occurred_on, note=c.note, corrects_version=c.corrects_version)


def _raise(inspection: Inspection, c: RaiseNonconformity) -> UUID:
    return inspection.raise_nonconformity(load_catalogue(inspection.catalogue_version), c.item_code,
                                          c.description, occurred_on=c.occurred_on)


change = changes(Inspection, "inspection_id")

HANDLERS = {
    # the programme decides for another aggregate, so it is read as stored, not from the cache
    ScheduleInspection: Create(
        lambda app, c: app.get_programme(c.programme_id).schedule_inspection(
            c.unit_id, scheduled_on=c.scheduled_on, occurred_on=c.occurred_on),
        what_vi="Cuộc kiểm tra", what_en="Inspection", key=lambda inspection: str(inspection.id)),
    RescheduleInspection: change(
        lambda i, c: i.reschedule(c.scheduled_on, reason=c.reason, occurred_on=c.occurred_on)),
    ConductInspection: change(lambda i, c: i.conduct(inspectors=c.inspectors, occurred_on=c.occurred_on)),
    AssessItem: change(_assess),
    RaiseNonconformity: change(_raise),
    WithdrawNonconformity: change(lambda i, c: i.withdraw_nonconformity(
        c.nonconformity_id, reason=c.reason, occurred_on=c.occurred_on)),
    SignMinutes: change(lambda i, c: i.sign_minutes(
        minutes_number=c.minutes_number, unit_signatory=c.unit_signatory, occurred_on=c.occurred_on)),
    SendFindingsLetter: change(
        lambda i, c: i.send_findings_letter(letter_number=c.letter_number, occurred_on=c.occurred_on)),
    ReceiveCorrectiveActionReport: change(lambda i, c: i.receive_corrective_action_report(
        reference=c.reference, summary=c.summary, occurred_on=c.occurred_on,
        nonconformity_ids=c.nonconformity_ids)),
    VerifyCorrectiveAction: change(lambda i, c: i.verify_corrective_action(
        c.nonconformity_id, occurred_on=c.occurred_on, note=c.note)),
    RejectCorrectiveAction: change(lambda i, c: i.reject_corrective_action(
        c.nonconformity_id, notice_number=c.notice_number, reason=c.reason, occurred_on=c.occurred_on)),
    CarryOverNonconformity: change(
        lambda i, c: i.carry_over(c.nonconformity_id, to_programme_id=c.to_programme_id,
                                  occurred_on=c.occurred_on),
        references=lambda c: [(Programme, c.to_programme_id)]),
    RecordRecommendation: change(lambda i, c: i.record_recommendation(c.source, c.text, occurred_on=c.occurred_on)),
}
