"""An aggregate's history: every stored event of it the caller may read, oldest first, read from the tenant's
event store (services/history.py), never from the read models. A unit representative's reads are confined
to its unit by the request's reader (graphql/reading.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.graphql.enums import Role
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.event_types import EventType
from isotrail.graphql.permissions import allowed
from isotrail.projections.event_kinds import kind_of_event
from isotrail.services.permissions import Action


@strawberry.type(description=("One stored event of a unit, programme or inspection, with both its business date and "
                              "its recorded time, and who recorded it."))
class HistoryEvent:
    """One stored event of an aggregate, with both its business date and its recorded time."""

    version: int = strawberry.field(description="The aggregate's version this event made (1: the one creating it).")
    event_type: EventType = strawberry.field(  # type: ignore[valid-type]
        description="What happened: the kind of event (UNIT_REGISTERED, INSPECTION_MINUTES_SIGNED, …).")
    occurred_on: date = strawberry.field(description="The business date on which it happened (the paper's date).")
    recorded_at: datetime = strawberry.field(
        description="When it was recorded (with a time zone); it may be long after occurredOn.")
    actor_id: str = strawberry.field(description="Who recorded it: the subject of the token that issued the command.")
    role: Role = strawberry.field(description="The role it was recorded in (SYSTEM: the server's own).")
    correlation_id: str = strawberry.field(description=(
        "The id of the request that recorded it (the client's X-Correlation-Id, or one the server made): the "
        "events of one request share it."))


@strawberry.type
class HistoryQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Every event of one aggregate, oldest first (error code aggregate_not_found: none in your reach)."))
    @typed_errors
    async def history(self, info: Info, aggregate_id: Annotated[UUID, strawberry.argument(
            description="The uuid of a unit, programme or inspection.")]) -> list[HistoryEvent]:
        events = await info.context.reader.history(aggregate_id)
        return [HistoryEvent(version=e.originator_version, event_type=kind_of_event(e),  # "Unit.Registered"
                             occurred_on=e.occurred_on,
                             recorded_at=e.timestamp, actor_id=e.meta.actor_id, role=e.meta.role,
                             correlation_id=e.meta.correlation_id) for e in events]
