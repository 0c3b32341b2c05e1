"""An aggregate's history: every stored event of it the caller may read, oldest first, read from the tenant's
event store (services/history.py), never from the read models. A unit representative's reads are confined
to its unit by the request's reader (graphql/reading.py)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.graphql.enums import Role
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.event_types import EventType
from isotrail.graphql.permissions import allowed
from isotrail.services.permissions import Action


@strawberry.type
class HistoryEvent:
    """One stored event of an aggregate, with both its business date and its recorded time."""

    version: int
    event_type: EventType  # type: ignore[valid-type]
    occurred_on: date
    recorded_at: datetime
    actor_id: str
    role: Role
    correlation_id: str


@strawberry.type
class HistoryQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Every event of one aggregate, oldest first (error code aggregate_not_found: none in your reach)."))
    @typed_errors
    async def history(self, info: Info, aggregate_id: UUID) -> list[HistoryEvent]:
        events = await info.context.reader.history(aggregate_id)
        return [HistoryEvent(version=e.originator_version, event_type=type(e).__qualname__,  # "Unit.Registered"
                             occurred_on=e.occurred_on,
                             recorded_at=e.timestamp, actor_id=e.meta.actor_id, role=e.meta.role,
                             correlation_id=e.meta.correlation_id) for e in events]
