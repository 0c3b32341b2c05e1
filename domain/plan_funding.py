"""What the plan (Mẫu 19, Circular 26/2014 Art. 34) says besides its units: kinh phí (its budget, an amount in
đồng, and nguồn kinh phí, where the money comes from) and đơn vị phối hợp (the unit it is carried out with).
Each is optional: plans drafted before they were recorded have none."""

from __future__ import annotations

from dataclasses import dataclass

from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.text import clean_optional_text

MAX_BUDGET_VND = 2**31 - 1  # what a GraphQL Int holds: some 2.1 billion đồng


@dataclass(frozen=True)
class PlanFunding:
    """The plan's budget and partner unit, cleaned; None where the plan says nothing."""

    budget_vnd: int | None = None
    budget_source: str | None = None
    partner_unit: str | None = None


def plan_funding(budget_vnd: int | None, budget_source: str | None, partner_unit: str | None) -> PlanFunding:
    """The amount is a positive number of đồng; a source names where an amount comes from, so it needs one."""
    if budget_vnd is not None and not 0 < budget_vnd <= MAX_BUDGET_VND:
        raise InvalidValueError(field_name="budget_vnd", reason_vi=f"phải từ 1 đến {MAX_BUDGET_VND:,} đồng",
                                reason_en=f"must be 1 to {MAX_BUDGET_VND:,} đồng")
    source = clean_optional_text(budget_source, "budget_source", max_length=300)
    if source is not None and budget_vnd is None:
        raise InvalidValueError(field_name="budget_source", reason_vi="nguồn kinh phí cần kèm số kinh phí",
                                reason_en="a budget source needs a budget amount")
    return PlanFunding(budget_vnd, source, clean_optional_text(partner_unit, "partner_unit", max_length=300))
