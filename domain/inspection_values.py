"""Value types of an inspection: its stage, an item's assessment, a nonconformity's stage and who made a
recommendation.

Enums are ``StrEnum`` so that stored events hold readable strings; the aggregate turns the strings back
into members when it applies an event.
"""

from __future__ import annotations

from enum import StrEnum

from isotrail.domain.described import describe_members


class InspectionStatus(StrEnum):
    """Where an inspection (cuộc kiểm tra) stands: scheduled, carried out, or its findings made known."""

    SCHEDULED = "scheduled"
    CONDUCTED = "conducted"
    FINDINGS_COMMUNICATED = "findings_communicated"


describe_members(InspectionStatus, {
    InspectionStatus.SCHEDULED: "Đã lên lịch (scheduled): not carried out yet; it may be rescheduled.",
    InspectionStatus.CONDUCTED: "Đã tiến hành (conducted): items are assessed and nonconformities raised until the "
                                "findings are communicated.",
    InspectionStatus.FINDINGS_COMMUNICATED: "Đã thông báo kết quả (findings communicated): the minutes signed (on "
                                            "site) or the letter sent (dossier); corrective action follows.",
})


class AssessmentResult(StrEnum):
    """Kết quả đánh giá (assessment result) of one check item."""

    CONFORMS = "conforms"  # phù hợp
    NONCONFORMS = "nonconforms"  # không phù hợp
    NOT_APPLICABLE = "not_applicable"  # không áp dụng


describe_members(AssessmentResult, {
    AssessmentResult.CONFORMS: "Phù hợp (conforms).",
    AssessmentResult.NONCONFORMS: "Không phù hợp (does not conform); the nonconformity itself is recorded with "
                                  "raiseNonconformity.",
    AssessmentResult.NOT_APPLICABLE: "Không áp dụng (not applicable to this unit).",
})


class NonconformityStatus(StrEnum):
    """Where a nonconformity (điểm không phù hợp) stands: open until a report is received; closed when verified,
    withdrawn or carried over."""

    OPEN = "open"
    REPORTED = "reported"  # corrective-action report received, awaiting verification
    NOT_ACCEPTED = "not_accepted"  # the fix was inadequate: awaits a new report, with no deadline
    VERIFIED = "verified"  # effective: closed
    WITHDRAWN = "withdrawn"  # recorded by mistake: closed
    CARRIED_OVER = "carried_over"  # to be verified in a later programme: closed here

    @property
    def is_closed(self) -> bool:
        return self in (self.VERIFIED, self.WITHDRAWN, self.CARRIED_OVER)

    @property
    def awaits_report(self) -> bool:
        return self in (self.OPEN, self.NOT_ACCEPTED)


describe_members(NonconformityStatus, {
    NonconformityStatus.OPEN: "Chưa khắc phục (open): awaiting the unit's corrective-action report (báo cáo khắc "
                              "phục).",
    NonconformityStatus.REPORTED: "Đã báo cáo khắc phục (reported): a corrective-action report was received; "
                                  "awaiting verification.",
    NonconformityStatus.NOT_ACCEPTED: "Không chấp nhận (not accepted): the fix was found inadequate by formal "
                                      "notice; it awaits a new report with no deadline (never overdue) and is "
                                      "re-checked at a later inspection (Art. 37).",
    NonconformityStatus.VERIFIED: "Đã xác nhận hiệu quả (verified): the corrective action is effective; closed.",
    NonconformityStatus.WITHDRAWN: "Đã rút (withdrawn): recorded by mistake; closed.",
    NonconformityStatus.CARRIED_OVER: "Chuyển kỳ sau (carried over): to be verified by a later programme; closed "
                                      "here.",
})


class RecommendationSource(StrEnum):
    """Who made a recommendation (kiến nghị): the inspected unit or the team."""

    UNIT = "unit"
    TEAM = "team"


describe_members(RecommendationSource, {
    RecommendationSource.UNIT: "Đơn vị (the inspected unit), e.g. to the team or the province's authorities.",
    RecommendationSource.TEAM: "Đoàn kiểm tra (the inspection team), to the unit or the People's Committee.",
})
