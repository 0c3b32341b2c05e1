"""Nonconformity (điểm chưa phù hợp): an entity inside an :class:`Inspection`, followed to its close."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from isotrail.domain.values import NonconformityStatus


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

    def is_overdue(self, on: date) -> bool:
        """Still awaiting a corrective-action report after its due date."""
        return self.status.awaits_report and self.report_due_on is not None and on > self.report_due_on
