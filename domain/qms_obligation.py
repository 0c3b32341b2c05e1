"""Who must apply a quality management system (đối tượng áp dụng, Decision 19/2014/QĐ-TTg Art. 2): a unit's
obligation (bắt buộc or khuyến khích) follows from its kind of agency and the business date.

The obligation is derived, never stored: the law decides it by the kind of agency, so a flag a user sets
could only disagree with the law. Its one date is the district level's abolition (Law on Local Government
72/2025/QH15): district People's Committees and their offices were bound until 30 Jun 2025 and exist no
more from 1 Jul 2025, when the law names no such agency (no obligation at all). ``OTHER`` is an agency
that Art. 2.1 does not list, which Art. 2.2 encourages like the commune level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from isotrail.domain.described import describe_members
from isotrail.domain.unit_values import UnitKind

DISTRICT_LEVEL_ABOLISHED_ON = date(2025, 7, 1)


class QmsObligation(StrEnum):
    """Whether Decision 19/2014 Art. 2 binds an agency to apply a QMS (HTQLCL) or encourages it to."""

    MANDATORY = "mandatory"  # bắt buộc (Art. 2.1)
    ENCOURAGED = "encouraged"  # khuyến khích (Art. 2.2)


describe_members(QmsObligation, {
    QmsObligation.MANDATORY: "Bắt buộc (mandatory): Decision 19/2014 Art. 2.1 binds the agency to apply a QMS; "
                             "the yearly inspection covers it.",
    QmsObligation.ENCOURAGED: "Khuyến khích (encouraged): Decision 19/2014 Art. 2.2 encourages the agency to apply "
                              "a QMS (the commune level, public service units, other agencies).",
})


@dataclass(frozen=True)
class ObligationPeriod:
    """One line of the law's table: agencies of ``kind`` have ``obligation`` on the days in [since, until)."""

    kind: UnitKind
    obligation: QmsObligation
    since: date | None = None  # None: since Decision 19 (and before: the table does not go back further)
    until: date | None = None  # None: still in force


MANDATORY, ENCOURAGED = QmsObligation.MANDATORY, QmsObligation.ENCOURAGED
OBLIGATIONS: tuple[ObligationPeriod, ...] = (
    ObligationPeriod(UnitKind.PROVINCIAL_COMMITTEE, MANDATORY),
    ObligationPeriod(UnitKind.PROVINCIAL_COMMITTEE_OFFICE, MANDATORY),
    ObligationPeriod(UnitKind.PROVINCIAL_DEPARTMENT, MANDATORY),
    ObligationPeriod(UnitKind.PROVINCIAL_SUB_DEPARTMENT, MANDATORY),
    ObligationPeriod(UnitKind.DISTRICT_COMMITTEE, MANDATORY, until=DISTRICT_LEVEL_ABOLISHED_ON),
    ObligationPeriod(UnitKind.DISTRICT_OFFICE, MANDATORY, until=DISTRICT_LEVEL_ABOLISHED_ON),
    ObligationPeriod(UnitKind.COMMUNE_COMMITTEE, ENCOURAGED),
    ObligationPeriod(UnitKind.PUBLIC_SERVICE_UNIT, ENCOURAGED),
    ObligationPeriod(UnitKind.OTHER, ENCOURAGED),
)


def qms_obligation(kind: UnitKind, on: date) -> QmsObligation | None:
    """The obligation of an agency of ``kind`` on the business date ``on``; None when the law names no agency
    of that kind on that day (a district People's Committee from 1 Jul 2025)."""
    for period in OBLIGATIONS:
        if period.kind == kind and (period.since is None or period.since <= on) and (
                period.until is None or on < period.until):
            return period.obligation
    return None
