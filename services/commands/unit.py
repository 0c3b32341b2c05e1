"""Commands on units (đơn vị được kiểm tra: the inspected agencies) and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import QmsFacts, UnitKind
from isotrail.services.commands.base import Command, Create, changes


@dataclass(frozen=True, kw_only=True)
class RegisterUnit(Command):
    """Register an inspected agency (đơn vị), optionally formed from predecessors (sáp nhập, chia tách)."""

    code: str
    name: str
    kind: UnitKind
    occurred_on: date
    predecessor_ids: list[UUID] | None = None


@dataclass(frozen=True, kw_only=True)
class RenameUnit(Command):
    """Rename a unit from a date on (đổi tên); earlier inspections keep the name it had then."""

    unit_id: UUID
    name: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ReclassifyUnit(Command):
    """Change the kind of agency a unit is (loại hình cơ quan)."""

    unit_id: UUID
    kind: UnitKind
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecordQmsFacts(Command):
    """Record what a unit declares about its quality management system (hệ thống quản lý chất lượng)."""

    unit_id: UUID
    facts: QmsFacts
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class DissolveUnit(Command):
    """Dissolve a unit (giải thể), naming the units that take over its duties."""

    unit_id: UUID
    reason: str
    occurred_on: date
    successor_ids: list[UUID] | None = None
    expected_version: int | None = None


change = changes(Unit, "unit_id")

HANDLERS = {
    RegisterUnit: Create(
        Unit,
        lambda app, c: Unit.register(tenant=app.tenant, code=c.code, name=c.name, kind=c.kind,
                                     occurred_on=c.occurred_on, predecessor_ids=c.predecessor_ids),
        what_vi="Đơn vị", what_en="Unit", key=lambda unit: unit.code,
        references=lambda c: [(Unit, unit_id) for unit_id in c.predecessor_ids or ()]),
    RenameUnit: change(lambda unit, c: unit.rename(c.name, occurred_on=c.occurred_on)),
    ReclassifyUnit: change(lambda unit, c: unit.reclassify(c.kind, occurred_on=c.occurred_on)),
    RecordQmsFacts: change(lambda unit, c: unit.record_qms_facts(c.facts, occurred_on=c.occurred_on)),
    DissolveUnit: change(
        lambda unit, c: unit.dissolve(occurred_on=c.occurred_on, reason=c.reason, successor_ids=c.successor_ids),
        references=lambda c: [(Unit, unit_id) for unit_id in c.successor_ids or ()]),
}
