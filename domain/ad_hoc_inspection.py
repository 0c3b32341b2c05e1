"""Kiểm tra đột xuất (an ad-hoc inspection, Circular 26/2014 Art. 34.1.c): an inspection of a unit outside the
yearly plan's scope, ordered by a decision for a stated reason (a complaint, signs that the QMS is not kept
up). It is recorded under the year's approved programme — whose catalogue version and team it uses — but is
no part of its plan: the plan's figures (inspected x/y) count the units in scope only."""

from __future__ import annotations

from dataclasses import dataclass

from isotrail.domain.text import clean_text


@dataclass(frozen=True)
class AdHocGround:
    """Why an ad-hoc inspection takes place and the decision that orders it, cleaned."""

    ad_hoc_reason: str  # lý do kiểm tra đột xuất
    ad_hoc_decision: str  # số/ký hiệu of the decision ordering it (quyết định kiểm tra đột xuất)


def ad_hoc_ground(reason: str, decision_number: str) -> AdHocGround:
    return AdHocGround(clean_text(reason, "reason", multiline=True),
                       clean_text(decision_number, "decision_number", max_length=100))
