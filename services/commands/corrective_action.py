"""Commands on the follow-up of an inspection's nonconformities: the unit's corrective-action report (báo cáo
khắc phục), its verification or rejection, and carrying a nonconformity over to a later programme; and their
handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.services.commands.base import Command, changes


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


change = changes(Inspection, "inspection_id")

HANDLERS = {
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
}
