"""Commands recording what an inspection finds: each check item's result (nội dung kiểm tra), the
nonconformities (điểm không phù hợp) and the recommendations (kiến nghị); and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.described import described
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.services.catalogues import load_catalogue
from isotrail.services.commands.base import Command, changes

FIELDWORK = ("The inspection's uuid (INSPECTION_NOT_FOUND: none in your reach); conducted (INSPECTION_NOT_CONDUCTED) "
             "and its findings not yet communicated (FINDINGS_ALREADY_COMMUNICATED).")
ITEM_CODE = ("The check item's code in the inspection's catalogue (`catalogue(version)` lists them: \"6.2\", "
             "\"art36.scope\"); UNKNOWN_CATALOGUE_ITEM otherwise.")
NOT_BEFORE_CONDUCTED = ("The business date the team made it, not when it is recorded; not before the inspection "
                        "was conducted (DATES_OUT_OF_ORDER).")
NONCONFORMITY_ID = "The nonconformity's uuid (a payload's entityId); NONCONFORMITY_NOT_FOUND in that inspection."


@dataclass(frozen=True, kw_only=True)
class AssessItem(Command):
    """Record the result for one check item (nội dung kiểm tra); a second result names the one it corrects."""

    inspection_id: UUID = described(FIELDWORK)
    item_code: str = described(ITEM_CODE)
    result: AssessmentResult = described("Kết quả (the result) for the item.")
    occurred_on: date = described(NOT_BEFORE_CONDUCTED)
    note: str | None = described("Ghi chú (what was seen); 1–2,000 characters, line breaks allowed. Null or blank: "
                                 "none.", default=None)
    corrects_version: int | None = described(
        "For a second result of the same item: the inspection's version that recorded the result it corrects (the "
        "`version` its assessItem answered; ITEM_ALREADY_ASSESSED otherwise). Null for an item's first result "
        "(INVALID_VALUE otherwise).", default=None)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RaiseNonconformity(Command):
    """Record a nonconformity (điểm không phù hợp) against a check item; the payload carries its id (entityId)."""

    inspection_id: UUID = described(FIELDWORK)
    item_code: str = described(ITEM_CODE)
    description: str = described("What does not conform, as the minutes or letter will say it; 1–2,000 characters, "
                                 "line breaks allowed.")
    occurred_on: date = described(NOT_BEFORE_CONDUCTED)
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class WithdrawNonconformity(Command):
    """Withdraw a nonconformity raised by mistake, saying why."""

    inspection_id: UUID = described("The uuid of the inspection that raised it (INSPECTION_NOT_FOUND: none in your "
                                    "reach).")
    nonconformity_id: UUID = described(NONCONFORMITY_ID + " Not closed (NONCONFORMITY_NOT_OPEN).")
    reason: str = described("Lý do (why it was a mistake); 1–2,000 characters, line breaks allowed.")
    occurred_on: date = described("The business date of the withdrawal; not before it was raised "
                                  "(DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecordRecommendation(Command):
    """Record a recommendation (kiến nghị) from the unit or from the inspection team."""

    inspection_id: UUID = described("The inspection's uuid (INSPECTION_NOT_FOUND: none in your reach); conducted "
                                    "(INSPECTION_NOT_CONDUCTED), before or after its findings are communicated.")
    source: RecommendationSource = described("Who made it: the unit or the team.")
    text: str = described("Nội dung kiến nghị (what is recommended); 1–2,000 characters, line breaks allowed.")
    occurred_on: date = described(NOT_BEFORE_CONDUCTED)
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
