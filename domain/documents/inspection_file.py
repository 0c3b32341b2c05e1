"""One inspection's file as its papers print it (hồ sơ kiểm tra, Circular 26/2014 Art. 39): the plan it belongs
to, the decision (Mẫu 20) and its team, the visit, the assessments per Art. 36 item, the nonconformities with
their clauses, the recommendations, the minutes' or letter's references and the notices of non-acceptance —
plain values read by projections/inspection_documents.py, printed by inspection_papers.py and
corrective_action_papers.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.documents.errors import InspectionDocumentNotAvailableError
from isotrail.domain.inspection_decision import TeamRole
from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.vietnamese_dates import long_date

ROLE_VI = {TeamRole.TEAM_LEADER: "Trưởng đoàn", TeamRole.DEPUTY_LEADER: "Phó trưởng đoàn",
           TeamRole.MEMBER: "Thành viên", TeamRole.SECRETARY: "Thư ký"}
RESULT_VI = {AssessmentResult.CONFORMS: "Phù hợp", AssessmentResult.NONCONFORMS: "Không phù hợp",
             AssessmentResult.NOT_APPLICABLE: "Không áp dụng"}


@dataclass(frozen=True)
class PlanReference:
    """The plan a paper cites: "Kế hoạch số 35/KH-UBND ngày 05 tháng 3 năm 2020 của Ủy ban nhân dân tỉnh …"."""

    number: str
    dated: date
    issuer: str  # the body that approved it
    year: int
    standard: str
    organiser: str
    legal_basis: tuple[str, ...] = ()

    def cited(self) -> str:
        return f"Kế hoạch số {self.number} {long_date(self.dated)} của {self.issuer}"


@dataclass(frozen=True)
class DecisionMember:
    """A member of the team the decision names, with the organisation the plan gives them (None: not in it)."""

    name: str
    role: TeamRole
    organisation: str | None


@dataclass(frozen=True)
class DecisionRecord:
    """Mẫu 20 as recorded: number, date, signer, team, scope and the visit's window."""

    number: str
    decided_on: date
    signer: str
    team: tuple[DecisionMember, ...]
    scope: str
    starts_on: date
    ends_on: date

    @property
    def leader(self) -> str:
        return next(member.name for member in self.team if member.role is TeamRole.TEAM_LEADER)


@dataclass(frozen=True)
class Assessment:
    item_code: str
    title: str
    result: AssessmentResult
    note: str | None


@dataclass(frozen=True)
class FindingLine:
    """A nonconformity as a paper lists it: its item (a clause or an Art. 36 / Decision 19 item) and text."""

    nonconformity_id: UUID
    item_code: str
    item_title: str
    description: str
    raised_on: date

    @property
    def reference(self) -> str:
        """The item as a paper cites it: a clause by its number ("6.2"), an article's item by its text's name."""
        return item_reference(self.item_code)


def item_reference(item_code: str) -> str:
    """"6.2" for a clause of the standard, "Điều 36 TT 26/2014" or "QĐ 19/2014" for the articles' items."""
    if item_code.startswith("art36."):
        return "Điều 36 TT 26/2014"
    if item_code.startswith("qd19."):
        return "QĐ 19/2014"
    return item_code


@dataclass(frozen=True)
class NoticeRecord:
    """A notice of non-acceptance (Art. 37): its number, date, signer, and each nonconformity with the reason."""

    number: str
    issued_on: date
    signer: str | None
    reasons: tuple[tuple[FindingLine, str], ...]


@dataclass(frozen=True)
class InspectionFile:
    """What the records hold of one inspection, the unit named as on the paper's date."""

    inspection_id: UUID
    programme_id: UUID
    unit_name: str
    form: InspectionForm
    joint_team: str | None
    scheduled_on: date
    conducted_on: date | None
    inspectors: tuple[str, ...]
    plan: PlanReference
    decision: DecisionRecord | None
    communicated_on: date | None  # the minutes signed or the letter sent
    minutes_number: str | None
    team_leader_signatory: str | None
    unit_signatory: str | None
    letter_number: str | None
    letter_signer: str | None
    report_due_on: date | None
    assessments: tuple[Assessment, ...]
    findings: tuple[FindingLine, ...]
    recommendations: tuple[tuple[RecommendationSource, str], ...]
    notices: tuple[NoticeRecord, ...] = ()
    unit_id: UUID | None = None  # the inspected unit (its papers' issues name it)

    def missing(self, document_vi: str, document_en: str, missing_vi: str,
                missing_en: str) -> InspectionDocumentNotAvailableError:
        """The typed error saying this inspection cannot have the document yet, and why."""
        return InspectionDocumentNotAvailableError(document_vi=document_vi, document_en=document_en,
                                                   missing_vi=missing_vi, missing_en=missing_en,
                                                   inspection_id=self.inspection_id)
