"""Commands recording what an inspection finds: each check item's result (nội dung kiểm tra), the
nonconformities (điểm chưa phù hợp) and the recommendations (kiến nghị); and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.services.catalogues import load_catalogue
from isotrail.services.commands.base import Command, changes


@dataclass(frozen=True, kw_only=True)
class AssessItem(Command):
    """Record the result for one check item (nội dung kiểm tra); a second result names the one it corrects."""

    inspection_id: UUID
    item_code: str
    result: AssessmentResult
    occurred_on: date
    note: str | None = None
    corrects_version: int | None = None
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RaiseNonconformity(Command):
    """Record a nonconformity (điểm chưa phù hợp) against a check item; the result carries its id."""

    inspection_id: UUID
    item_code: str
    description: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class WithdrawNonconformity(Command):
    """Withdraw a nonconformity raised by mistake, saying why."""

    inspection_id: UUID
    nonconformity_id: UUID
    reason: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecordRecommendation(Command):
    """Record a recommendation (kiến nghị) from the unit or from the inspection team."""

    inspection_id: UUID
    source: RecommendationSource
    text: str
    occurred_on: date
    expected_version: int | None = None


def _assess(inspection: Inspection, c: AssessItem) -> None:
    inspection.assess(load_catalogue(inspection.catalogue_version), c.item_code, c.result,
                      occurred_on=c.occurred_on, note=c.note, corrects_version=c.corrects_version)


def _raise(inspection: Inspection, c: RaiseNonconformity) -> UUID:
    return inspection.raise_nonconformity(load_catalogue(inspection.catalogue_version), c.item_code,
                                          c.description, occurred_on=c.occurred_on)


change = changes(Inspection, "inspection_id")

HANDLERS = {
    AssessItem: change(_assess),
    RaiseNonconformity: change(_raise),
    WithdrawNonconformity: change(lambda i, c: i.withdraw_nonconformity(
        c.nonconformity_id, reason=c.reason, occurred_on=c.occurred_on)),
    RecordRecommendation: change(lambda i, c: i.record_recommendation(c.source, c.text, occurred_on=c.occurred_on)),
}
