"""Carrying a nonconformity over to a later programme and re-checking it there (Circular 26/2014, Art. 37), across a
merger of provinces too (1 Jul 2025: Sóc Trăng and Hậu Giang into Cần Thơ).

The model, as a DOST keeps it on paper: a nonconformity still open when a programme ends is *carried over*
(chuyển sang kỳ kiểm tra sau) — closed in its own inspection, naming the later programme and, when the agency was
merged, split or renamed since, the agency that carries on its duties. The later programme's inspection of that
agency then *re-checks* it (kiểm tra lại) during its fieldwork, once, with one of two outcomes: resolved (đã khắc
phục), or still nonconforming (chưa khắc phục), which raises a new nonconformity on the new inspection, naming the
one it continues; that one follows the usual trail (minutes, report within two months, verification).

A successor province carries over its predecessor's nonconformities only into a programme of a year the merger
has begun, and only to the unit the old agency was or to one of its successors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import event

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.carried_over_errors import (
    AlreadyRecheckedError,
    NotASuccessorUnitError,
    NotCarriedHereError,
    ProgrammeBeforeMergerError,
    ProgrammeEarlierError,
)
from isotrail.domain.described import describe_members
from isotrail.domain.identity import natural_id
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection_records import InspectionRecords
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.nonconformity import Nonconformity
from isotrail.domain.nonconformity_errors import NonconformityNotFoundError
from isotrail.domain.text import clean_text
from isotrail.domain.unit import Unit
from isotrail.domain.unit_errors import UnitDissolvedError

if TYPE_CHECKING:
    from isotrail.domain.inspection import Inspection


class RecheckOutcome(StrEnum):
    """What the later inspection found of a carried-over nonconformity (kết quả kiểm tra lại)."""

    RESOLVED = "resolved"
    STILL_NONCONFORMING = "still_nonconforming"


describe_members(RecheckOutcome, {
    RecheckOutcome.RESOLVED: "Đã khắc phục (resolved): the later inspection found it corrected.",
    RecheckOutcome.STILL_NONCONFORMING: "Chưa khắc phục (still nonconforming): a new nonconformity is raised on the "
                                        "later inspection, naming the one it continues.",
})


@dataclass(frozen=True)
class CarryOverTarget:
    """Where a nonconformity is carried, as the handler reads it: the later programme's year, the year of the
    nonconformity's own programme, the day the inspection's province was merged into the one carrying it over (None:
    the same province), the unit inspected, the unit named to re-check it (None: that same unit) and the units that
    succeed the inspected one, directly or through later reorganisations (its successors' successors)."""

    programme_year: int
    origin_year: int
    merged_on: date | None
    unit: Unit
    to_unit: Unit | None = None
    successor_ids: frozenset[UUID] = frozenset()


def carried_to_unit(programme_id: UUID, to_programme_id: UUID, target: CarryOverTarget | None,
                    occurred_on: date) -> UUID | None:
    """The unit that re-checks a nonconformity of the programme ``programme_id`` carried to ``to_programme_id``
    (None: the unit inspected, continuing), checked against ``target`` when given.

    Raises:
        InvalidValueError: the same programme.
        ProgrammeEarlierError: the programme is of an earlier year.
        ProgrammeBeforeMergerError: across a merger, a programme of a year before it took effect.
        DatesOutOfOrderError: across a merger, decided before it took effect.
        NotASuccessorUnitError: the unit named is neither the unit nor one of its successors.
        UnitDissolvedError: the successor named was dissolved by then (its own successor carries on).
        InvalidValueError: the unit was dissolved and no successor is named.
    """
    if to_programme_id == programme_id:
        raise InvalidValueError(field_name="to_programme_id", reason_vi="phải là một kế hoạch khác",
                                reason_en="must be another programme")
    if target is None:
        return None
    if target.programme_year < target.origin_year:
        raise ProgrammeEarlierError(to_year=target.programme_year, from_year=target.origin_year)
    if target.merged_on is not None:
        if target.programme_year < target.merged_on.year:
            raise ProgrammeBeforeMergerError(to_year=target.programme_year, effective_on=target.merged_on)
        if occurred_on < target.merged_on:
            raise DatesOutOfOrderError(earlier_name="merged_on", earlier=target.merged_on,
                                       later_name="occurred_on", later=occurred_on)
    unit, to_unit = target.unit, target.to_unit
    if to_unit is None or to_unit.id == unit.id:
        if unit.dissolved_on is not None:
            raise InvalidValueError(field_name="to_unit_id", reason_vi="cơ quan đã giải thể: cần nêu cơ quan kế thừa",
                                    reason_en="the unit was dissolved: name its successor")
        return None
    if to_unit.id not in {*unit.successor_ids, *target.successor_ids} and unit.id not in to_unit.predecessor_ids:
        raise NotASuccessorUnitError(to_unit_id=to_unit.id, unit_id=unit.id)
    if to_unit.dissolved_on is not None and to_unit.dissolved_on <= occurred_on:
        raise UnitDissolvedError(unit_id=to_unit.id, dissolved_on=to_unit.dissolved_on)  # name its own successor
    return to_unit.id


class CarriedOverRechecks(InspectionRecords):
    """The re-checks, in an inspection, of the nonconformities carried over to it: the base that
    :class:`~isotrail.domain.inspection.Inspection` extends (its events' topics name this module and class)."""

    rechecks: dict[str, date] | None = None  # origin nonconformity id → the day it was re-checked here
    if TYPE_CHECKING:  # the inspection's own
        programme_id: UUID
        unit_id: UUID
        nonconformities: dict[UUID, Nonconformity]

    class CarriedOverNonconformityRechecked(IsotrailAggregate.Event):
        origin_inspection_id: UUID
        origin_nonconformity_id: UUID
        item_code: str
        outcome: str
        note: str
        nonconformity_id: UUID | None

    def recheck_carried_over(self, origin: Inspection, origin_nonconformity_id: UUID, *, outcome: RecheckOutcome,
                             note: str, occurred_on: date) -> UUID | None:
        """Record the re-check of a nonconformity carried over to this inspection's programme and unit, during its
        fieldwork; returns the new nonconformity's id when it is still nonconforming."""
        carried = origin.nonconformities.get(origin_nonconformity_id)
        if carried is None:
            raise NonconformityNotFoundError(inspection_id=origin.id, nonconformity_id=origin_nonconformity_id)
        here = (carried.carried_to_programme_id, carried.carried_to_unit_id or origin.unit_id)
        if carried.status is not NonconformityStatus.CARRIED_OVER or here != (self.programme_id, self.unit_id):
            raise NotCarriedHereError(nonconformity_id=origin_nonconformity_id, inspection_id=self.id)
        if (rechecked_on := (self.rechecks or {}).get(str(origin_nonconformity_id))) is not None:
            raise AlreadyRecheckedError(nonconformity_id=origin_nonconformity_id, rechecked_on=rechecked_on)
        self._require_findings_still_open(occurred_on)
        outcome = RecheckOutcome(outcome)
        new_id = (natural_id("nonconformity", self.id, len(self.nonconformities) + 1)
                  if outcome is RecheckOutcome.STILL_NONCONFORMING else None)
        self._carried_over_rechecked(
            origin_inspection_id=origin.id, origin_nonconformity_id=origin_nonconformity_id,
            item_code=carried.item_code, outcome=outcome.value, note=clean_text(note, "note", multiline=True),
            nonconformity_id=new_id, occurred_on=occurred_on)
        return new_id

    @event(CarriedOverNonconformityRechecked)
    def _carried_over_rechecked(self, origin_inspection_id: UUID, origin_nonconformity_id: UUID, item_code: str,
                                outcome: str, note: str, nonconformity_id: UUID | None, occurred_on: date) -> None:
        self.rechecks = {**(self.rechecks or {}), str(origin_nonconformity_id): occurred_on}
        if nonconformity_id is not None:
            self.nonconformities[nonconformity_id] = Nonconformity(
                id=nonconformity_id, item_code=item_code, description=note, raised_on=occurred_on,
                raised_in_version=self.version + 1, origin_nonconformity_id=origin_nonconformity_id)

    def _require_findings_still_open(self, on: date) -> None:
        raise NotImplementedError  # the inspection's: conducted, its findings not yet communicated
