"""The figures of the November compilation (tổng hợp kết quả kiểm tra, Circular 26/2014 Art. 38.1), counted from
the programme and its planned inspections as they stand on the compilation's date, never typed by hand.

Counted as the yearly summary counts them (graphql's ``ProgrammeSummary``): withdrawn nonconformities left out,
ad-hoc inspections outside the plan left out; and only what is dated on or before the compilation's date
(an inspection conducted, a nonconformity raised, a report received, a verification after it is not counted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.programme_values import InspectionForm, ScopeEntry

if TYPE_CHECKING:
    from isotrail.domain.inspection import Inspection
    from isotrail.domain.nonconformity import Nonconformity


@dataclass(frozen=True)
class ResultFigures:
    """Số liệu tổng hợp as compiled: the plan's scope, how many inspected, and the nonconformities' course."""

    units_in_scope: int
    on_site: int
    joint: int
    inspected: int
    units_with_nonconformities: int
    units_reported: int
    nonconformities: int
    verified: int


def result_figures(programme_id: UUID, scope: Mapping[UUID, ScopeEntry], inspections: Iterable[Inspection],
                   on: date) -> ResultFigures:
    """The figures of the plan's ``scope`` on ``on``, from ``inspections`` (the programme's: others are ignored,
    as are ad-hoc ones and those of units not in scope)."""
    planned = [i for i in inspections
               if i.programme_id == programme_id and i.unit_id in scope and i.ad_hoc_decision is None]
    raised = {i.unit_id: [nc for nc in i.nonconformities.values() if _standing(nc, on)] for i in planned}
    with_findings = {unit_id: found for unit_id, found in raised.items() if found}
    return ResultFigures(
        units_in_scope=len(scope),
        on_site=sum(entry.form is InspectionForm.ON_SITE for entry in scope.values()),
        joint=sum(entry.is_joint for entry in scope.values()),
        inspected=sum(i.conducted_on is not None and i.conducted_on <= on for i in planned),
        units_with_nonconformities=len(with_findings),
        units_reported=sum(all(_reported(nc, on) for nc in found) for found in with_findings.values()),
        nonconformities=sum(len(found) for found in with_findings.values()),
        verified=sum(nc.status is NonconformityStatus.VERIFIED and nc.closed_on is not None and nc.closed_on <= on
                     for found in with_findings.values() for nc in found),
    )


def _standing(nc: Nonconformity, on: date) -> bool:
    """Raised by ``on`` and not withdrawn by then."""
    withdrawn = nc.status is NonconformityStatus.WITHDRAWN and nc.closed_on is not None and nc.closed_on <= on
    return nc.raised_on <= on and not withdrawn


def _reported(nc: Nonconformity, on: date) -> bool:
    return any(received <= on for received in nc.reports_received_on)
