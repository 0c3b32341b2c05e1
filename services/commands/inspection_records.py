"""Commands on an inspection's records before the visit (Circular 26/2014, Art. 35): the letter asking the
unit to report, the inspection decision (Quyết định kiểm tra, Mẫu 20) and the opening meeting; and their
handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.described import described
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_decision import DecisionTeamMember
from isotrail.services.commands.base import Command, changes
from isotrail.services.commands.inspection import INSPECTION_ID


@dataclass(frozen=True, kw_only=True)
class IssueInspectionDecision(Command):
    """Issue the inspection decision (Quyết định kiểm tra, Mẫu 20) that an on-site visit needs."""

    inspection_id: UUID = described(INSPECTION_ID + " On site (WRONG_INSPECTION_FORM), not yet conducted "
                                    "(INSPECTION_ALREADY_CONDUCTED), without a decision "
                                    "(INSPECTION_DECISION_ALREADY_ISSUED).")
    decision_number: str = described("Số/ký hiệu of the decision, as the paper gives it (\"15/QĐ-SKHCN\"; spaces "
                                     "around / and - dropped); 1–100 characters.")
    signer: str = described("Người ký (who signed it, with their title: \"Giám đốc Sở Khoa học và Công nghệ\"); "
                            "1–200 characters.")
    team: list[DecisionTeamMember] = described(
        "Thành phần đoàn kiểm tra (the team): each person once, exactly one TEAM_LEADER (INVALID_VALUE); none of "
        "the unit's own staff (INSPECTOR_NOT_INDEPENDENT, Art. 40).")
    scope: str = described("Nội dung, phạm vi kiểm tra (what is inspected); 1–2,000 characters, line breaks allowed.")
    starts_on: date = described("Thời gian kiểm tra (the visit's window) from; not before occurredOn "
                                "(DATES_OUT_OF_ORDER).")
    ends_on: date = described("Thời gian kiểm tra (the visit's window) to; not before startsOn (DATES_OUT_OF_ORDER).")
    occurred_on: date = described("Ngày ký (the decision's date); not before the inspection was put in the "
                                  "schedule (DATES_OUT_OF_ORDER). The visit is conducted on or after it.")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RequestUnitReport(Command):
    """Ask the unit by letter to report on its QMS before the visit (công văn đề nghị báo cáo, Art. 35)."""

    inspection_id: UUID = described(INSPECTION_ID + " Not yet conducted (INSPECTION_ALREADY_CONDUCTED).")
    letter_number: str = described("Số/ký hiệu of the letter, as the paper gives it (\"120/SKHCN-TĐC\"; spaces "
                                   "around / and - dropped); 1–100 characters.")
    report_due_on: date = described("The day the unit's report is due; not before occurredOn (DATES_OUT_OF_ORDER).")
    occurred_on: date = described("The letter's date; not before the inspection was put in the schedule "
                                  "(DATES_OUT_OF_ORDER).")
    signer: str | None = described("Người ký (who signed the letter, with their title), for the record kept (Art. "
                                   "39); 1–200 characters. Null or blank: not recorded.", default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class HoldOpeningMeeting(Command):
    """Hold the opening meeting (họp mở đầu): the decision announced, the written agenda given."""

    inspection_id: UUID = described(INSPECTION_ID + " On site (WRONG_INSPECTION_FORM), with its decision "
                                    "(INSPECTION_DECISION_MISSING), not yet conducted (INSPECTION_ALREADY_CONDUCTED), "
                                    "no opening meeting yet (OPENING_MEETING_ALREADY_HELD).")
    agenda: list[str] = described("Chương trình làm việc (the agenda), in order: at least one item (INVALID_VALUE), "
                                  "each 1–500 characters.")
    occurred_on: date = described("The meeting's date; not before the decision (DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


change = changes(Inspection, "inspection_id")

HANDLERS = {
    IssueInspectionDecision: change(lambda i, c: i.issue_decision(
        decision_number=c.decision_number, signer=c.signer, team=c.team, scope=c.scope, starts_on=c.starts_on,
        ends_on=c.ends_on, occurred_on=c.occurred_on)),
    RequestUnitReport: change(lambda i, c: i.request_report(
        letter_number=c.letter_number, report_due_on=c.report_due_on, occurred_on=c.occurred_on, signer=c.signer)),
    HoldOpeningMeeting: change(lambda i, c: i.hold_opening_meeting(agenda=c.agenda, occurred_on=c.occurred_on)),
}
