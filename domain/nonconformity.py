"""Nonconformity (điểm không phù hợp): an entity inside an :class:`Inspection`, followed to its close.

Its methods hold the rules of its own lifecycle; the inspection records the events and calls the
mutators from its event bodies, so replaying old events never re-checks today's rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from isotrail.domain.input_errors import DatesOutOfOrderError
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.nonconformity_errors import CorrectiveActionReportMissingError, NonconformityNotOpenError


@dataclass
class Nonconformity:
    """A finding against one check item, with the corrective-action trail that follows it."""

    id: UUID
    item_code: str
    description: str
    raised_on: date
    raised_in_version: int
    status: NonconformityStatus = NonconformityStatus.OPEN
    report_due_on: date | None = None
    reports_received_on: list[date] = field(default_factory=list)
    closed_on: date | None = None
    not_accepted_notices: list[str] = field(default_factory=list)
    carried_to_programme_id: UUID | None = None
    carried_to_unit_id: UUID | None = None  # the successor unit that re-checks it (None: the unit inspected)
    origin_nonconformity_id: UUID | None = None  # the carried-over one it continues (domain/carried_over.py)

    def is_overdue(self, on: date) -> bool:
        """Still awaiting a corrective-action report after its due date."""
        return self.status.awaits_report and self.report_due_on is not None and on > self.report_due_on

    # Rules --------------------------------------------------------------------------------

    def require_open(self) -> None:
        if self.status.is_closed:
            raise NonconformityNotOpenError(nonconformity_id=self.id, status=self.status)

    def require_awaiting_report(self) -> None:
        if not self.status.awaits_report:
            raise NonconformityNotOpenError(nonconformity_id=self.id, status=self.status)

    def require_reported(self, on: date) -> None:
        """Verification and non-acceptance judge a received report, on or after it arrived."""
        self.require_open()
        if self.status is not NonconformityStatus.REPORTED:
            raise CorrectiveActionReportMissingError(nonconformity_id=self.id)
        last_report = self.reports_received_on[-1]
        if on < last_report:
            raise DatesOutOfOrderError(earlier_name="report_received_on", earlier=last_report,
                                       later_name="occurred_on", later=on)

    # Mutators, called from event bodies -----------------------------------------------------

    def report_received(self, on: date) -> None:
        self.status = NonconformityStatus.REPORTED
        self.reports_received_on.append(on)

    def not_accepted(self, notice_number: str) -> None:
        """No new deadline: the law sets none; a later inspection re-checks it (Art. 37), or it is carried over."""
        self.status = NonconformityStatus.NOT_ACCEPTED
        self.not_accepted_notices.append(notice_number)
        self.report_due_on = None

    def close(self, status: NonconformityStatus, on: date) -> None:
        self.status = status
        self.closed_on = on


def forget_rejection_deadlines(state: dict[str, Any]) -> None:
    """Upcast an inspection's snapshot taken when a fix not accepted got a fresh two-month deadline."""
    for nonconformity in state.get("nonconformities", {}).values():
        if nonconformity.status == NonconformityStatus.NOT_ACCEPTED:
            nonconformity.report_due_on = None
