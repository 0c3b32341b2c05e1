"""Value types of a unit: its kind of agency, and the facts it declares about its quality management system.

Enums are ``StrEnum`` so that stored events hold readable strings; the aggregate turns the strings back
into members when it applies an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class UnitKind(StrEnum):
    """The kind of state agency inspected (đơn vị, cơ quan hành chính nhà nước)."""

    PROVINCIAL_DEPARTMENT = "provincial_department"  # sở, ban, ngành tỉnh
    PROVINCIAL_SUB_DEPARTMENT = "provincial_sub_department"  # chi cục, ban thuộc sở
    DISTRICT_COMMITTEE = "district_committee"  # UBND cấp huyện (until 1 Jul 2025)
    COMMUNE_COMMITTEE = "commune_committee"  # UBND cấp xã
    OTHER = "other"


@dataclass(frozen=True)
class QmsFacts:
    """What the unit declares about its quality management system (HTQLCL)."""

    standard: str  # e.g. "TCVN ISO 9001:2015"
    announced_on: date | None  # công bố
    last_internal_audit_on: date | None  # đánh giá nội bộ
    last_management_review_on: date | None  # xem xét của lãnh đạo
