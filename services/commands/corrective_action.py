"""Commands on the follow-up of an inspection's nonconformities: the unit's corrective-action report (báo cáo
khắc phục), its verification or rejection; and their handlers. Carrying one over to a later programme and
re-checking it there: carried_over.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.described import described
from isotrail.domain.inspection import Inspection
from isotrail.services.commands.base import Command, changes
from isotrail.services.commands.findings import NONCONFORMITY_ID

INSPECTION_ID = "The uuid of the inspection that raised it (INSPECTION_NOT_FOUND: none in your reach)."
JUDGED_REPORT = (NONCONFORMITY_ID + " Not closed (NONCONFORMITY_NOT_OPEN), with a report received "
                 "(CORRECTIVE_ACTION_REPORT_MISSING).")
JUDGED_ON = "The business date of the decision; not before the last report was received (DATES_OUT_OF_ORDER)."
SIGNER = ("Người ký (who signed it, with their title), for the record kept (Art. 39); 1–200 characters. Null or blank: "
          "not recorded.")


@dataclass(frozen=True, kw_only=True)
class ReceiveCorrectiveActionReport(Command):
    """Receive the unit's corrective-action report (báo cáo khắc phục), by default on every open finding."""

    inspection_id: UUID = described("The inspection's uuid (INSPECTION_NOT_FOUND: none in your reach); its findings "
                                    "communicated (FINDINGS_NOT_COMMUNICATED).")
    reference: str = described("Số/ký hiệu of the unit's report; 1–100 characters.")
    summary: str = described("What the unit did to correct them; 1–20,000 characters, line breaks allowed.")
    occurred_on: date = described("The business date the report was received; not before the findings were "
                                  "communicated (DATES_OUT_OF_ORDER). On time when on or before reportDueOn.")
    nonconformity_ids: list[UUID] | None = described(
        "The nonconformities it covers, each awaiting a report (open or not accepted; NONCONFORMITY_NOT_OPEN, "
        "NONCONFORMITY_NOT_FOUND). Null: every one awaiting a report; none to cover is NOTHING_TO_REPORT.",
        default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class VerifyCorrectiveAction(Command):
    """Accept a nonconformity's corrective action as effective, closing it."""

    inspection_id: UUID = described(INSPECTION_ID)
    nonconformity_id: UUID = described(JUDGED_REPORT)
    occurred_on: date = described(JUDGED_ON)
    note: str | None = described("Ghi chú (how it was verified); 1–2,000 characters, line breaks allowed. Null or "
                                 "blank: none.", default=None)
    notice_number: str | None = described("Số/ký hiệu of the notice of acceptance (thông báo chấp nhận), when one is "
                                          "sent; 1–100 characters. Null or blank: none.", default=None)
    signer: str | None = described(SIGNER, default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RejectCorrectiveAction(Command):
    """Refuse a corrective action by formal notice (thông báo không chấp nhận); no new deadline (Art. 37)."""

    inspection_id: UUID = described(INSPECTION_ID)
    nonconformity_id: UUID = described(JUDGED_REPORT)
    notice_number: str = described("Số/ký hiệu of the notice of non-acceptance; 1–100 characters.")
    reason: str = described("Lý do (why the fix is inadequate); 1–2,000 characters, line breaks allowed.")
    occurred_on: date = described(JUDGED_ON + " No new deadline follows (Art. 37): the nonconformity awaits a new "
                                  "report with reportDueOn null, never overdue, and is re-checked at a later "
                                  "inspection or carried over.")
    signer: str | None = described(SIGNER, default=None)
    expected_version: int | None = None


change = changes(Inspection, "inspection_id")

HANDLERS = {
    ReceiveCorrectiveActionReport: change(lambda i, c: i.receive_corrective_action_report(
        reference=c.reference, summary=c.summary, occurred_on=c.occurred_on,
        nonconformity_ids=c.nonconformity_ids)),
    VerifyCorrectiveAction: change(lambda i, c: i.verify_corrective_action(
        c.nonconformity_id, occurred_on=c.occurred_on, note=c.note, notice_number=c.notice_number,
        signer=c.signer)),
    RejectCorrectiveAction: change(lambda i, c: i.reject_corrective_action(
        c.nonconformity_id, notice_number=c.notice_number, reason=c.reason, occurred_on=c.occurred_on,
        signer=c.signer)),
}
