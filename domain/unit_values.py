"""Value types of a unit: its kind of agency, and the facts it declares about its quality management system.

Enums are ``StrEnum`` so that stored events hold readable strings; the aggregate turns the strings back
into members when it applies an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from isotrail.domain.described import describe_members, described
from isotrail.domain.inspection_decision import document_number


class UnitKind(StrEnum):
    """Loại hình cơ quan (kind of agency): which level of the province's administration an inspected unit
    belongs to, which decides whether it must apply a quality management system (Decision 19/2014, Art. 2)."""

    PROVINCIAL_COMMITTEE = "provincial_committee"  # UBND cấp tỉnh
    PROVINCIAL_COMMITTEE_OFFICE = "provincial_committee_office"  # Văn phòng UBND tỉnh
    PROVINCIAL_DEPARTMENT = "provincial_department"  # sở, ban, ngành tỉnh
    PROVINCIAL_SUB_DEPARTMENT = "provincial_sub_department"  # chi cục, ban thuộc sở
    DISTRICT_COMMITTEE = "district_committee"  # UBND cấp huyện (until 1 Jul 2025)
    DISTRICT_OFFICE = "district_office"  # văn phòng, phòng chuyên môn thuộc UBND cấp huyện (until 1 Jul 2025)
    COMMUNE_COMMITTEE = "commune_committee"  # UBND cấp xã
    PUBLIC_SERVICE_UNIT = "public_service_unit"  # đơn vị sự nghiệp công lập
    OTHER = "other"


describe_members(UnitKind, {
    UnitKind.PROVINCIAL_COMMITTEE: "UBND cấp tỉnh (provincial People's Committee); must apply a QMS (Decision "
                                   "19/2014 Art. 2).",
    UnitKind.PROVINCIAL_COMMITTEE_OFFICE: "Văn phòng UBND tỉnh (Office of the provincial People's Committee); must "
                                          "apply a QMS, often the Committee's own (Circular 26/2014 Art. 6).",
    UnitKind.PROVINCIAL_DEPARTMENT: "Sở, ban, ngành tỉnh (provincial department): a specialised agency of the "
                                    "provincial People's Committee; must apply a QMS.",
    UnitKind.PROVINCIAL_SUB_DEPARTMENT: "Chi cục, ban thuộc sở (sub-department of a provincial department); must "
                                        "apply a QMS.",
    UnitKind.DISTRICT_COMMITTEE: "UBND cấp huyện (district People's Committee); had to apply a QMS until the "
                                 "district level was abolished on 1 Jul 2025.",
    UnitKind.DISTRICT_OFFICE: "Văn phòng HĐND và UBND, phòng chuyên môn thuộc UBND cấp huyện (an office of a "
                              "district People's Committee); had to apply a QMS until 1 Jul 2025, like its Committee.",
    UnitKind.COMMUNE_COMMITTEE: "UBND cấp xã (commune People's Committee); encouraged, not required, to apply a "
                                "QMS.",
    UnitKind.PUBLIC_SERVICE_UNIT: "Đơn vị sự nghiệp công lập (public service unit), such as a land registration "
                                  "office (Văn phòng Đăng ký đất đai); encouraged, not required, to apply a QMS.",
    UnitKind.OTHER: "Cơ quan khác (any other agency the province inspects): encouraged, not required, to apply a "
                    "QMS (Decision 19/2014 Art. 2.2).",
})


@dataclass(frozen=True)
class QmsFacts:
    """What the unit declares about its quality management system (HTQLCL)."""

    standard: str = described('The standard the system follows, as the unit declares it ("TCVN ISO 9001:2015"); '
                              "1–100 characters.")
    announced_on: date | None = described(
        "Ngày công bố (announcement date): when the unit announced that its system conforms (Decision 19/2014, "
        "Phụ lục I); null: not announced. Not after occurredOn (DATES_OUT_OF_ORDER).")
    last_internal_audit_on: date | None = described(
        "Đánh giá nội bộ (internal audit): the date of the latest one, due at least once a year; null: none yet. "
        "Not after occurredOn (DATES_OUT_OF_ORDER).")
    last_management_review_on: date | None = described(
        "Xem xét của lãnh đạo (management review): the date of the latest one, due at least once a year; null: "
        "none yet. Not after occurredOn (DATES_OUT_OF_ORDER).")


@dataclass(frozen=True)
class Decision:
    """The decision that ordered a unit's founding, merger, split, renaming or dissolution (quyết định): its
    số/ký hiệu and the date it was signed; the date it takes effect is the event's business date."""

    number: str = described('Số/ký hiệu of the decision ("1234/QĐ-UBND"), as the paper gives it; 1–100 characters.')
    signed_on: date = described("Ngày ký (the date the decision was signed); it may precede the date it takes effect.")


def ordering(decision: Decision | None) -> Decision | None:
    """The decision as recorded: its số/ký hiệu cleaned (domain/inspection_decision.py)."""
    if decision is None:
        return None
    return Decision(document_number(decision.number, "decision_number"), decision.signed_on)
