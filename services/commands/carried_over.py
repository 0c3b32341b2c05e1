"""Commands carrying a nonconformity over to a later programme (chuyển sang kỳ kiểm tra sau, Art. 37) — a
successor province's too, of its predecessor's inspections, to the agency that carries on the old one's duties —
and re-checking it in that programme's inspection (domain/carried_over.py); and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from isotrail.domain.carried_over import CarryOverTarget, RecheckOutcome
from isotrail.domain.described import described
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.services.commands.base import Command, changes
from isotrail.services.commands.corrective_action import INSPECTION_ID
from isotrail.services.commands.findings import NONCONFORMITY_ID

if TYPE_CHECKING:
    from isotrail.services.tenant_application import TenantApplication

MAX_SUCCESSORS = 1_000  # a unit's successors through every reorganisation: a handful in practice


@dataclass(frozen=True, kw_only=True)
class CarryOverNonconformity(Command):
    """Carry an open nonconformity over to a later programme (chuyển sang kỳ kiểm tra sau), a merged province's too."""

    inspection_id: UUID = described(INSPECTION_ID + " An inspection of a province merged into yours too; its findings "
                                    "communicated (FINDINGS_NOT_COMMUNICATED).")
    nonconformity_id: UUID = described(NONCONFORMITY_ID + " Not closed (NONCONFORMITY_NOT_OPEN).")
    to_programme_id: UUID = described(
        "The uuid of your later programme that will re-check it (PROGRAMME_NOT_FOUND): not the inspection's own "
        "(INVALID_VALUE), not of an earlier year (PROGRAMME_EARLIER) and, for a merged province's inspection, of a "
        "year the merger has begun (PROGRAMME_BEFORE_MERGER).")
    to_unit_id: UUID | None = described(
        "Đơn vị kế thừa: the uuid of the unit that carries on the inspected unit's duties and is re-checked in its "
        "place (UNIT_NOT_FOUND), one of its successors (NOT_A_SUCCESSOR_UNIT) not dissolved by then "
        "(UNIT_DISSOLVED: name its successor). Null: the unit inspected itself, "
        "which must not have been dissolved (INVALID_VALUE).", default=None)
    occurred_on: date = described("The business date of the decision; not before the findings were communicated "
                                  "nor, for a merged province's inspection, before the merger took effect "
                                  "(DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecheckCarriedOverNonconformity(Command):
    """Re-check, during an inspection, a nonconformity carried over to it (kiểm tra lại): resolved or not."""

    inspection_id: UUID = described("The later inspection's uuid (INSPECTION_NOT_FOUND): conducted "
                                    "(INSPECTION_NOT_CONDUCTED), its findings not yet communicated "
                                    "(FINDINGS_ALREADY_COMMUNICATED).")
    origin_inspection_id: UUID = described("The uuid of the inspection that raised it, a merged province's too "
                                           "(INSPECTION_NOT_FOUND).")
    origin_nonconformity_id: UUID = described(
        "The carried-over nonconformity's uuid (NONCONFORMITY_NOT_FOUND), carried over to this inspection's programme "
        "and unit (NOT_CARRIED_HERE), not re-checked here before (ALREADY_RECHECKED).")
    outcome: RecheckOutcome = described("Kết quả kiểm tra lại: resolved, or still nonconforming (a new "
                                        "nonconformity on this inspection, naming its origin; its id is the "
                                        "payload's entityId).")
    note: str = described("What the team found (the new nonconformity's description when still nonconforming); "
                          "1–2,000 characters, line breaks allowed.")
    occurred_on: date = described("The business date of the re-check; not before the inspection was conducted "
                                  "(DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


def _target(app: TenantApplication, command: CarryOverNonconformity, inspection: Inspection) -> list[CarryOverTarget]:
    """What the carry-over is checked against, as stored: the later programme, the origin's and the units."""
    origin = app.load(Programme, inspection.programme_id, fresh=True)
    programme = app.load(Programme, command.to_programme_id, fresh=True)
    unit = app.load(Unit, inspection.unit_id, fresh=True)
    to_unit = None if command.to_unit_id is None else app.load(Unit, command.to_unit_id, fresh=True)
    return [CarryOverTarget(programme_year=programme.year, origin_year=origin.year,
                            merged_on=app.merged_on(inspection.tenant), unit=unit, to_unit=to_unit,
                            successor_ids=_successors(app, unit))]


def _successors(app: TenantApplication, unit: Unit) -> frozenset[UUID]:
    """The units that succeed ``unit``, through every later reorganisation (a Sóc Trăng department merged into
    another in March 2025, that one into Cần Thơ's in July), as stored."""
    found: set[UUID] = set()
    waiting = list(unit.successor_ids)
    while waiting and len(found) < MAX_SUCCESSORS:
        if (unit_id := waiting.pop()) not in found:
            found.add(unit_id)
            waiting.extend(app.load(Unit, unit_id, fresh=True).successor_ids)
    return frozenset(found)


def _origin(app: TenantApplication, command: RecheckCarriedOverNonconformity, _inspection: Inspection,
            ) -> list[Inspection]:
    return [app.load(Inspection, command.origin_inspection_id, fresh=True)]


change = changes(Inspection, "inspection_id")

HANDLERS = {
    CarryOverNonconformity: change(
        lambda i, c, target: i.carry_over(c.nonconformity_id, to_programme_id=c.to_programme_id,
                                          occurred_on=c.occurred_on, target=target),
        references=lambda c: [(Programme, c.to_programme_id), *([(Unit, c.to_unit_id)] if c.to_unit_id else [])],
        reads=_target),
    RecheckCarriedOverNonconformity: change(
        lambda i, c, origin: i.recheck_carried_over(origin, c.origin_nonconformity_id, outcome=c.outcome,
                                                    note=c.note, occurred_on=c.occurred_on),
        references=lambda c: [(Inspection, c.origin_inspection_id)], reads=_origin),
}
