"""Reorganising units by a decision's list, old → new, as a whole (issue 17; domain/reorganisation.py says how the
rows read): one command, the rows checked together, all its events saved in one transaction or none."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.codes import clean_code
from isotrail.domain.described import described
from isotrail.domain.errors import IsotrailError
from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.reorganisation import ReorganisationRow, reorganise
from isotrail.domain.reorganisation_errors import ReorganisationRejectedError
from isotrail.domain.roles import Role
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import Decision
from isotrail.services.commands.base import Command, Several, taken_effect
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.tenant_application import TenantApplication


@dataclass(frozen=True, kw_only=True)
class ReorganiseUnits(Command):
    """Apply a reorganisation decision's list of units, old → new (sáp nhập, chia tách, đổi tên, giải thể) at once."""

    decision: Decision = described("The decision that orders the reorganisation (quyết định: số/ký hiệu, date signed).")
    occurred_on: date = described("Ngày hiệu lực (the date the reorganisation takes effect): every lineage event's "
                                  "business date; not after today (INVALID_VALUE), not before any listed unit's "
                                  "last change nor, for a merged province's unit, the day the merger took effect "
                                  "(DATES_OUT_OF_ORDER).")
    rows: list[ReorganisationRow] = described(
        "The list, one row per old unit and unit carrying on its duties (1–5,000 rows): several rows to one new code "
        "are a merger, one old unit to several codes a split, its own code with another name a rename, no new code "
        "a dissolution. Refused as a whole (REORGANISATION_REJECTED) with each faulty row's errors at their paths "
        "(rows[3].oldCode): UNIT_NOT_FOUND, UNIT_DISSOLVED, INVALID_VALUE, REORGANISATION_ROW_CONFLICT, "
        "DATES_OUT_OF_ORDER (a merged province's unit before the merger took effect too), UNIT_ALREADY_PREDECESSOR; "
        "a list that changes nothing is INVALID_VALUE. Over the API a request's variables hold at most 1,000 items, "
        "each row's fields counted (150–250 rows): a longer list goes through `isotrail units reorganise`.")


def _old_id(app: TenantApplication, row: ReorganisationRow) -> UUID | None:
    """The id of the old unit ``row`` names (its code's in the province named: a province out of the tenant's reach
    holds none the tenant's stores can read, so it is not found, as any id); None when it names none."""
    if row.old_unit_id is not None:
        return row.old_unit_id
    if row.old_code is None:
        return None
    try:
        return Unit.create_id(row.old_tenant or app.tenant, clean_code(row.old_code, "old_code"))
    except IsotrailError:
        return None


def effective(day: date, field_name: str = "occurred_on") -> date:
    """The day a reorganisation takes effect, refused (``InvalidValueError``) when after Vietnam's today: one
    dated in 9999 would stand before every later change of its units."""
    return taken_effect(day, field_name, what_vi="sắp xếp lại đơn vị", what_en="a reorganisation")


def _decide(app: TenantApplication, command: ReorganiseUnits) -> list[Unit]:
    """Read every unit the rows may name as stored (the tenant's own, and those begun in a tenant merged into it),
    then decide on them all."""
    effective(command.occurred_on)
    old_ids = [_old_id(app, row) for row in command.rows]
    named = [*old_ids]
    for row in command.rows:
        with suppress(IsotrailError):  # a faulty code is the row's fault, reported by the rules
            named.append(Unit.create_id(app.tenant, clean_code(row.new_code, "new_code")) if row.new_code else None)
    units: dict[UUID, Unit] = {}
    for unit_id in dict.fromkeys(unit_id for unit_id in named if unit_id is not None):
        with suppress(UnitNotFoundError):  # one the rows name as new, or a row's fault
            units[unit_id] = app.load(Unit, unit_id, fresh=True)
    return reorganise(command.rows, tenant=app.tenant, old_ids=old_ids, units=units, decision=command.decision,
                      occurred_on=command.occurred_on, merged_on=app.merged_on,
                      missing=lambda unit_id: UnitNotFoundError(unit_id=unit_id or UUID(int=0)))


def rule_faults(app: TenantApplication, command: ReorganiseUnits) -> list[IsotrailError]:
    """The faults the rules find in the rows, nothing stored: a list read from a file whose cells were faulty is
    refused with both at once (services/entrypoints/units.py)."""
    with recording_as(EventMeta("isotrail:check", Role.SYSTEM, app.tenant, "check")):
        try:
            _decide(app, command)
        except ReorganisationRejectedError as refused:
            return refused.row_errors
        except IsotrailError as refused:
            return [refused]
    return []


HANDLERS = {ReorganiseUnits: Several(Unit, _decide)}
