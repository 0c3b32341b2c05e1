"""Time travel: a unit, programme or inspection as it stood at a recorded time, a version or a business date.

Each is rebuilt from the tenant's event store (from the nearest snapshot, see services/history.py), never
from the read models, and shown as its past state (graphql/past_units.py, past_programmes.py,
past_inspections.py); the tenant is the token's, so another tenant's id is simply not found. A unit
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
from isotrail.graphql.past_inspections import InspectionState
from isotrail.graphql.past_programmes import ProgrammeState
from isotrail.graphql.past_units import UnitState
from isotrail.graphql.permissions import allowed
from isotrail.services.not_found_errors import InspectionNotFoundError, ProgrammeNotFoundError, UnitNotFoundError
from isotrail.services.permissions import Action

AS_OF = "Recorded time: the events recorded up to this instant (with a time zone)."
AS_OF_VERSION = "Version: the events up to this version."
AS_OF_OCCURRED_ON = ("Business date: the events before the first one whose occurredOn is after this date "
                     "(a later, back-dated event is not reached).")
AsOf = Annotated[datetime | None, strawberry.argument(description=AS_OF)]
AsOfVersion = Annotated[int | None, strawberry.argument(description=AS_OF_VERSION)]
AsOfOccurredOn = Annotated[date | None, strawberry.argument(description=AS_OF_OCCURRED_ON)]
ONE_SELECTOR = " Give exactly one of asOf, asOfVersion and asOfOccurredOn (error code as_of_selector)."


def _as_of_field(aggregate: type, state: type, what: str, not_found: Callable[[UUID], Exception]) -> Any:
    """The field answering ``…AsOf(id, …)`` with ``what`` (the aggregate) rebuilt at the one selector given,
    shown as ``state``."""

    async def resolve(
        self: Any, info: Info, id: UUID,  # noqa: A002
        as_of: AsOf = None, as_of_version: AsOfVersion = None, as_of_occurred_on: AsOfOccurredOn = None,
    ) -> Any:
        reader = info.context.reader
        found = await reader.as_of(aggregate, id, lambda: not_found(id), at=as_of, version=as_of_version,
                                   occurred_on=as_of_occurred_on)
        return state.of(found, reader)

    resolve.__annotations__["id"] = Annotated[UUID, strawberry.argument(
        description=f"The uuid of {what[0].lower()}{what[1:]} (its `uuid`, not its global `id`).")]
    resolve.__annotations__["return"] = state
    return strawberry.field(resolver=typed_errors(resolve), extensions=allowed(Action.READ_TENANT),
                            description=f"{what} as it stood then." + ONE_SELECTOR)


@strawberry.type
class TimeTravelQueries:
    unit_as_of = _as_of_field(Unit, UnitState, "A unit", lambda key: UnitNotFoundError(unit_id=key))
    programme_as_of = _as_of_field(Programme, ProgrammeState, "A programme",
                                   lambda key: ProgrammeNotFoundError(programme_id=key))
    inspection_as_of = _as_of_field(Inspection, InspectionState, "An inspection",
                                    lambda key: InspectionNotFoundError(inspection_id=key))
