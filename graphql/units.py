"""Units (inspected agencies) with their current audit state, and their timelines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.graphql.errors import typed_errors
from isotrail.graphql.pagination import Connection
from isotrail.graphql.permissions import allowed
from isotrail.services.permissions import Action


@strawberry.type
class Unit:
    id: UUID
    code: str
    name: str
    kind: str
    registered_on: date
    dissolved_on: date | None
    last_inspected_on: date | None
    open_nonconformities: int
    next_report_due_on: date | None
    overdue: bool

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "unit_id", "code", "name", "kind", "registered_on", "dissolved_on", "last_inspected_on",
        "open_nonconformities", "next_report_due_on", "overdue")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Unit:
        return cls(id=row["unit_id"], code=row["code"], name=row["name"], kind=row["kind"],
                   registered_on=row["registered_on"], dissolved_on=row["dissolved_on"],
                   last_inspected_on=row["last_inspected_on"], open_nonconformities=row["open_nonconformities"],
                   next_report_due_on=row["next_report_due_on"], overdue=row["overdue"])


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
                      description="Units; search ignores Vietnamese diacritics.")
    @typed_errors
    async def units(self, info: Info, search: str | None = None, kind: str | None = None,
                    overdue: bool | None = None, order_by: str = "name", first: int | None = None,
                    after: str | None = None) -> Connection[Unit]:
        page = await info.context.reader.units(search=search, kind=kind, overdue=overdue, order_by=order_by,
                                               first=first, after=after, columns=Unit.COLUMNS)
        return Connection.of(page, Unit.from_row)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description="Every event of a unit, in recorded order.")
    @typed_errors
    async def timeline(self, info: Info, unit_id: UUID, first: int | None = None,
                       after: str | None = None) -> Connection[TimelineEntry]:
        page = await info.context.reader.timeline(unit_id=unit_id, first=first, after=after)
        return Connection.of(page, TimelineEntry.from_row)
