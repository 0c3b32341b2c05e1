"""Time travel: a unit, programme or inspection as it stood at a recorded time, a version or a business date.

Each is rebuilt from the tenant's event store (from the nearest snapshot, see services/history.py), never
from the read models; the tenant is the token's, so another tenant's id is simply not found. A unit
representative's reads are confined to its unit by the request's reader (graphql/reading.py; refused
before any fold).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.permissions import allowed
from isotrail.services.errors import InspectionNotFoundError, ProgrammeNotFoundError, UnitNotFoundError
from isotrail.services.permissions import Action


@strawberry.type
class HistoryEvent:
    """One stored event of an aggregate, with both its business date and its recorded time."""

    version: int
    event_type: str
    occurred_on: date
    recorded_at: datetime
    actor_id: str
    role: str
    correlation_id: str


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


@strawberry.type
class NonconformityState:
    id: UUID
    item_code: str
    description: str
    status: str
    raised_on: date
    report_due_on: date | None


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


AS_OF = "Recorded time: the events recorded up to this instant (with a time zone)."
AS_OF_VERSION = "Version: the events up to this version."
AS_OF_OCCURRED_ON = ("Business date: the events before the first one whose occurredOn is after this date "
                     "(a later, back-dated event is not reached).")
AsOf = Annotated[datetime | None, strawberry.argument(description=AS_OF)]
AsOfVersion = Annotated[int | None, strawberry.argument(description=AS_OF_VERSION)]
AsOfOccurredOn = Annotated[date | None, strawberry.argument(description=AS_OF_OCCURRED_ON)]
ONE_SELECTOR = " Give exactly one of asOf, asOfVersion and asOfOccurredOn (error code as_of_selector)."


async def _as_of(
    info: Info, cls: type, aggregate_id: UUID, not_found: Callable[[], Exception],
    at: datetime | None, version: int | None, occurred_on: date | None,
) -> Any:
    return await info.context.reader.as_of(cls, aggregate_id, not_found, at=at, version=version,
                                           occurred_on=occurred_on)


@strawberry.type
class HistoryQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT), description="Every event of one aggregate, oldest first.")
    @typed_errors
    async def history(self, info: Info, aggregate_id: UUID) -> list[HistoryEvent]:
        events = await info.context.reader.history(aggregate_id)
        return [HistoryEvent(version=e.originator_version, event_type=type(e).__name__, occurred_on=e.occurred_on,
                             recorded_at=e.timestamp, actor_id=e.meta.actor_id, role=e.meta.role.value,
                             correlation_id=e.meta.correlation_id) for e in events]

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description="A unit as it stood then." + ONE_SELECTOR)
    @typed_errors
    async def unit_as_of(
        self, info: Info, id: UUID,  # noqa: A002
        as_of: AsOf = None, as_of_version: AsOfVersion = None, as_of_occurred_on: AsOfOccurredOn = None,
    ) -> UnitState:
        unit: Unit = await _as_of(info, Unit, id, lambda: UnitNotFoundError(unit_id=id),
                                  as_of, as_of_version, as_of_occurred_on)
        return UnitState(id=unit.id, version=unit.version, recorded_at=unit.modified_on, code=unit.code,
                         name=unit.name, kind=unit.kind.value, dissolved_on=unit.dissolved_on,
                         all_names=unit.names)

    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="A programme as it stood then." + ONE_SELECTOR)
    @typed_errors
    async def programme_as_of(
        self, info: Info, id: UUID,  # noqa: A002
        as_of: AsOf = None, as_of_version: AsOfVersion = None, as_of_occurred_on: AsOfOccurredOn = None,
    ) -> ProgrammeState:
        programme: Programme = await _as_of(info, Programme, id, lambda: ProgrammeNotFoundError(programme_id=id),
                                            as_of, as_of_version, as_of_occurred_on)
        return ProgrammeState(
            id=programme.id, version=programme.version, recorded_at=programme.modified_on, code=programme.code,
            year=programme.year, title=programme.title, plan_number=programme.plan_number,
            plan_date=programme.plan_date, status=programme.status.value,
            scope=[ScopeEntryState(unit_id=entry.unit_id, form=entry.form.value, joint_team=entry.joint_team)
                   for entry in info.context.reader.scope(programme.scope.values())],
            starts_on=programme.starts_on, ends_on=programme.ends_on, approved_on=programme.approved_on,
            reported_on=programme.reported_on)

    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="An inspection as it stood then." + ONE_SELECTOR)
    @typed_errors
    async def inspection_as_of(
        self, info: Info, id: UUID,  # noqa: A002
        as_of: AsOf = None, as_of_version: AsOfVersion = None, as_of_occurred_on: AsOfOccurredOn = None,
    ) -> InspectionState:
        inspection: Inspection = await _as_of(info, Inspection, id, lambda: InspectionNotFoundError(inspection_id=id),
                                              as_of, as_of_version, as_of_occurred_on)
        return InspectionState(
            id=inspection.id, version=inspection.version, recorded_at=inspection.modified_on,
            unit_id=inspection.unit_id, programme_id=inspection.programme_id, form=inspection.form.value,
            status=inspection.status.value, scheduled_on=inspection.scheduled_on, conducted_on=inspection.conducted_on,
            nonconformities=[NonconformityState(id=nc.id, item_code=nc.item_code, description=nc.description,
                                                status=nc.status.value, raised_on=nc.raised_on,
                                                report_due_on=nc.report_due_on)
                             for nc in inspection.nonconformities.values()])
