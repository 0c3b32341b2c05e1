"""A unit, programme or inspection as it stood at some point of its history, as the API shows it.

Each is built by ``of`` from the aggregate folded from the event store (graphql/history.py); ``reader`` is the
request's, which confines a unit representative to its unit (a programme's scope shows its unit only).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

if TYPE_CHECKING:
    from isotrail.domain.inspection import Inspection
    from isotrail.domain.nonconformity import Nonconformity
    from isotrail.domain.programme import Programme
    from isotrail.domain.unit import Unit
    from isotrail.graphql.reading import Reader


@strawberry.type
class NameSince:
    name: str
    since: date


@strawberry.type
class UnitState:
    id: UUID
    version: int
    recorded_at: datetime
    code: str
    name: str
    kind: str
    dissolved_on: date | None
    all_names: strawberry.Private[list[tuple[str, date]]]

    @strawberry.field
    def names(self) -> list[NameSince]:
        """Every name with the date it was taken (built only when asked for: a long stream has many)."""
        return [NameSince(name=name, since=since) for name, since in self.all_names]

    @classmethod
    def of(cls, unit: Unit, reader: Reader) -> UnitState:
        return cls(id=unit.id, version=unit.version, recorded_at=unit.modified_on, code=unit.code, name=unit.name,
                   kind=unit.kind.value, dissolved_on=unit.dissolved_on, all_names=unit.names)


@strawberry.type
class NonconformityState:
    id: UUID
    item_code: str
    description: str
    status: str
    raised_on: date
    report_due_on: date | None

    @classmethod
    def of(cls, nc: Nonconformity) -> NonconformityState:
        return cls(id=nc.id, item_code=nc.item_code, description=nc.description, status=nc.status.value,
                   raised_on=nc.raised_on, report_due_on=nc.report_due_on)


@strawberry.type
class InspectionState:
    id: UUID
    version: int
    recorded_at: datetime
    unit_id: UUID
    programme_id: UUID
    form: str
    status: str
    scheduled_on: date
    conducted_on: date | None
    nonconformities: list[NonconformityState]

    @classmethod
    def of(cls, inspection: Inspection, reader: Reader) -> InspectionState:
        return cls(
            id=inspection.id, version=inspection.version, recorded_at=inspection.modified_on,
            unit_id=inspection.unit_id, programme_id=inspection.programme_id, form=inspection.form.value,
            status=inspection.status.value, scheduled_on=inspection.scheduled_on, conducted_on=inspection.conducted_on,
            nonconformities=[NonconformityState.of(nc) for nc in inspection.nonconformities.values()])


@strawberry.type
class ScopeEntryState:
    unit_id: UUID
    form: str
    joint_team: str | None


@strawberry.type
class ProgrammeState:
    id: UUID
    version: int
    recorded_at: datetime
    code: str
    year: int
    title: str
    plan_number: str
    plan_date: date
    status: str
    scope: list[ScopeEntryState]
    starts_on: date | None
    ends_on: date | None
    approved_on: date | None
    reported_on: date | None

    @classmethod
    def of(cls, programme: Programme, reader: Reader) -> ProgrammeState:
        """Its scope as far as the reader may see it (a unit representative: its own unit only)."""
        return cls(
            id=programme.id, version=programme.version, recorded_at=programme.modified_on, code=programme.code,
            year=programme.year, title=programme.title, plan_number=programme.plan_number,
            plan_date=programme.plan_date, status=programme.status.value,
            scope=[ScopeEntryState(unit_id=entry.unit_id, form=entry.form.value, joint_team=entry.joint_team)
                   for entry in reader.scope(programme.scope.values())],
            starts_on=programme.starts_on, ends_on=programme.ends_on, approved_on=programme.approved_on,
            reported_on=programme.reported_on)
