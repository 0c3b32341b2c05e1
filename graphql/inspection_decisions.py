"""An inspection's records before the visit (Circular 26/2014, Art. 35) as it shows them, from the read model:
the letters asking the unit to report, the inspection decision (Quyết định kiểm tra, Mẫu 20) and the opening
meeting."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import strawberry

from isotrail.graphql.enums import TeamRole


@strawberry.type(description="Thành viên đoàn kiểm tra as the inspection decision names them, with their role.")
class DecisionTeamMember:
    name: str = strawberry.field(description="Họ và tên (full name).")
    role: TeamRole = strawberry.field(description="Vai trò trong đoàn (role in the team).")


@strawberry.type(description=("Quyết định kiểm tra (the inspection decision, Mẫu 20 of Circular 26/2014, Art. 35), "
                              "issued before an on-site visit."))
class InspectionDecision:
    decision_number: str = strawberry.field(description="Số/ký hiệu (\"15/QĐ-SKHCN\").")
    decided_on: date = strawberry.field(description="Ngày ký (the decision's date).")
    signer: str = strawberry.field(description="Người ký (who signed it, with their title).")
    team: list[DecisionTeamMember] = strawberry.field(
        description="Thành phần đoàn (the team): its leader and members, as the decision names them.")
    scope: str = strawberry.field(description="Nội dung, phạm vi kiểm tra (what is inspected).")
    starts_on: date = strawberry.field(description="Thời gian kiểm tra (the visit's window): from.")
    ends_on: date = strawberry.field(description="Thời gian kiểm tra (the visit's window): to.")

    @classmethod
    def of(cls, decision: Mapping[str, Any] | None) -> InspectionDecision | None:
        """From the read model's ``decision`` (JSON); None when none was issued."""
        if decision is None:
            return None
        return cls(decision_number=decision["decision_number"], decided_on=date.fromisoformat(decision["decided_on"]),
                   signer=decision["signer"], scope=decision["scope"],
                   team=[DecisionTeamMember(name=m["name"], role=m["role"]) for m in decision["team"]],
                   starts_on=date.fromisoformat(decision["starts_on"]),
                   ends_on=date.fromisoformat(decision["ends_on"]))


@strawberry.type(description="Công văn đề nghị báo cáo (a letter asking the unit to report before the inspection).")
class ReportRequest:
    letter_number: str = strawberry.field(description="Số/ký hiệu of the letter.")
    sent_on: date = strawberry.field(description="The letter's date.")
    report_due_on: date = strawberry.field(description="The day the unit's report is due.")

    @classmethod
    def of(cls, request: Mapping[str, Any]) -> ReportRequest:
        return cls(letter_number=request["letter_number"], sent_on=date.fromisoformat(request["sent_on"]),
                   report_due_on=date.fromisoformat(request["report_due_on"]))


@strawberry.type(description=("Họp mở đầu (the opening meeting of an on-site visit): the decision (Mẫu 20) announced "
                              "and the written agenda given."))
class OpeningMeeting:
    held_on: date = strawberry.field(description="The meeting's date.")
    decision_number: str = strawberry.field(description="Số/ký hiệu of the decision announced.")
    agenda: list[str] = strawberry.field(description="Chương trình làm việc (the agenda), in order.")

    @classmethod
    def of(cls, meeting: Mapping[str, Any] | None) -> OpeningMeeting | None:
        if meeting is None:
            return None
        return cls(held_on=date.fromisoformat(meeting["held_on"]), decision_number=meeting["decision_number"],
                   agenda=list(meeting["agenda"]))
