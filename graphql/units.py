"""Units (inspected agencies) with their current audit state, what they went through (their inspections and
nonconformities, the units they came from or became), and their timelines."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.types import Info

from isotrail.graphql import findings, inspections
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.global_ids import NODE, UUID_FIELD, node_uuid
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.pagination import Before, Connection, Last
from isotrail.graphql.permissions import allowed
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.permissions import Action

if TYPE_CHECKING:
    from isotrail.graphql.findings import Finding
    from isotrail.graphql.inspections import Inspection

UNIT_INSPECTIONS = 10  # a unit is inspected about once a year
UNIT_FINDINGS = 20
UNIT_LINEAGE = 5  # the units merged into one, or one split into


@strawberry.type(description="Đơn vị (unit): an agency whose quality management system is inspected, with its "
                             "current audit state. " + NODE)
class Unit(relay.Node):
    uuid: UUID = strawberry.field(description=UUID_FIELD)
    version: int = strawberry.field(description="The unit's version: give it as expectedVersion to a command.")
    code: str
    name: str
    kind: str
    registered_on: date
    dissolved_on: date | None
    last_inspected_on: date | None
    open_nonconformities: int
    next_report_due_on: date | None
    overdue: bool
    predecessor_ids: strawberry.Private[list[UUID]]
    successor_ids: strawberry.Private[list[UUID]]

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "unit_id", "version", "code", "name", "kind", "registered_on", "dissolved_on", "last_inspected_on",
        "open_nonconformities", "next_report_due_on", "overdue", "predecessor_ids", "successor_ids")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Unit:
        return cls(uuid=row["unit_id"], version=row["version"], code=row["code"], name=row["name"], kind=row["kind"],
                   registered_on=row["registered_on"], dissolved_on=row["dissolved_on"],
                   last_inspected_on=row["last_inspected_on"], open_nonconformities=row["open_nonconformities"],
                   next_report_due_on=row["next_report_due_on"], overdue=row["overdue"],
                   predecessor_ids=row["predecessor_ids"] or [], successor_ids=row["successor_ids"] or [])

    @classmethod
    def resolve_id(cls, root: Unit, *, info: Info) -> str:
        return str(root.uuid)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Unit]:
        """The units of these global ids' node parts; raises :class:`UnitNotFoundError` for one out of reach."""
        ids = [node_uuid(node_id, lambda given: UnitNotFoundError(unit_id=given)) for node_id in node_ids]
        return list(await asyncio.gather(*(unit_by_id(info, unit_id) for unit_id in ids)))

    @strawberry.field(description="Its inspections (cuộc kiểm tra), of every programme, in the order scheduled.",
                      metadata=costed_at(UNIT_INSPECTIONS))
    async def inspections(
        self, info: Info
    ) -> list[Annotated[Inspection, strawberry.lazy("isotrail.graphql.inspections")]]:
        rows = await info.context.reader.inspections_of(unit_id=self.uuid)
        return [inspections.Inspection.from_row(row) for row in rows]

    @strawberry.field(description="Its nonconformities (điểm chưa phù hợp), of every inspection, in the order raised.",
                      metadata=costed_at(UNIT_FINDINGS))
    async def findings(self, info: Info) -> list[Annotated[Finding, strawberry.lazy("isotrail.graphql.findings")]]:
        rows = await info.context.reader.findings_of(unit_id=self.uuid)
        return [findings.Finding.from_row(row) for row in rows]

    @strawberry.field(description="The units it was formed from (by a merger or a split), as far as you may read.",
                      metadata=costed_at(UNIT_LINEAGE))
    async def predecessors(self, info: Info) -> list[Unit]:
        return await units_by_id(info, self.predecessor_ids)

    @strawberry.field(description="The units it became (when dissolved into others), as far as you may read.",
                      metadata=costed_at(UNIT_LINEAGE))
    async def successors(self, info: Info) -> list[Unit]:
        return await units_by_id(info, self.successor_ids)


async def unit_by_id(info: Info, unit_id: UUID) -> Unit:
    """The unit, through the request's reader; raises its not-found error."""
    return Unit.from_row(await info.context.reader.unit(unit_id, Unit.COLUMNS))


async def units_by_id(info: Info, ids: list[UUID]) -> list[Unit]:
    """The units of ``ids`` the caller may read, in that order."""
    return [Unit.from_row(row) for row in await info.context.reader.units_by_id(ids, Unit.COLUMNS)]


@strawberry.type
class TimelineEntry:
    notification_id: int
    aggregate_id: UUID
    aggregate_type: str
    event_type: str
    version: int
    actor_id: str
    role: str
    occurred_on: date
    recorded_at: datetime
    summary_vi: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TimelineEntry:
        return cls(**{name: row[name] for name in (
            "notification_id", "aggregate_id", "aggregate_type", "event_type", "version", "actor_id", "role",
            "occurred_on", "recorded_at", "summary_vi")})


@strawberry.type
class UnitQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="One unit by its uuid (error code unit_not_found: none in your reach).")
    @typed_errors
    async def unit(self, info: Info, id: UUID) -> Unit | None:  # noqa: A002 - the argument clients expect
        return await unit_by_id(info, id)

    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="Units; search ignores Vietnamese diacritics.")
    @typed_errors
    async def units(self, info: Info, search: str | None = None, kind: str | None = None,
                    overdue: bool | None = None, order_by: str = "name", first: int | None = None,
                    after: str | None = None, last: Last = None, before: Before = None) -> Connection[Unit]:
        page = await info.context.reader.units(search=search, kind=kind, overdue=overdue, order_by=order_by,
                                               first=first, after=after, last=last, before=before,
                                               columns=Unit.COLUMNS)
        return Connection.of(page, Unit.from_row)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Every event of a unit, in recorded order (error code unit_not_found: none in your reach)."))
    @typed_errors
    async def timeline(self, info: Info, unit_id: UUID, first: int | None = None, after: str | None = None,
                       last: Last = None, before: Before = None) -> Connection[TimelineEntry]:
        page = await info.context.reader.timeline(unit_id=unit_id, first=first, after=after, last=last,
                                                  before=before)
        return Connection.of(page, TimelineEntry.from_row)
