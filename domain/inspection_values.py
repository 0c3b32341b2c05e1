"""Value types of an inspection: its stage, an item's assessment, a nonconformity's stage and who made a
recommendation.

Enums are ``StrEnum`` so that stored events hold readable strings; the aggregate turns the strings back
into members when it applies an event.
"""

from __future__ import annotations

from enum import StrEnum


class InspectionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CONDUCTED = "conducted"
    FINDINGS_COMMUNICATED = "findings_communicated"


class AssessmentResult(StrEnum):
    CONFORMS = "conforms"  # phù hợp
    NONCONFORMS = "nonconforms"  # chưa phù hợp
    NOT_APPLICABLE = "not_applicable"  # không áp dụng


class NonconformityStatus(StrEnum):
    """Open until a report is received; closed when verified, withdrawn or carried over."""

    OPEN = "open"
    REPORTED = "reported"  # corrective-action report received, awaiting verification
    NOT_ACCEPTED = "not_accepted"  # the fix was inadequate: a new report is due
    VERIFIED = "verified"  # effective: closed
    WITHDRAWN = "withdrawn"  # recorded by mistake: closed
    CARRIED_OVER = "carried_over"  # to be verified in a later programme: closed here

    @property
    def is_closed(self) -> bool:
        return self in (self.VERIFIED, self.WITHDRAWN, self.CARRIED_OVER)

    @property
    def awaits_report(self) -> bool:
        return self in (self.OPEN, self.NOT_ACCEPTED)


class RecommendationSource(StrEnum):
    """Who made a recommendation (kiến nghị): the inspected unit or the team."""

    UNIT = "unit"
    TEAM = "team"
