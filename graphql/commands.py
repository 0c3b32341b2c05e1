"""Running a command from a mutation: the caller from the token, the tenant's Application in a
worker thread (eventsourcing 9 is synchronous), typed errors kept as the :class:`Outcome`'s (the payload's
``userErrors``, graphql/command_payloads.py), then read-your-writes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from strawberry.types import Info

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.metrics import COMMANDS, READ_YOUR_WRITE
from isotrail.graphql.permissions import caller
from isotrail.graphql.unavailable import UNAVAILABLE, database_unavailable
from isotrail.projections.recorded_failures import ProjectionFailedError, projection_failure
from isotrail.projections.waiting import Positions, ProjectionTimeoutError
from isotrail.services.availability_errors import DatabaseUnavailableError
from isotrail.services.commands import Command, Recorded
from isotrail.services.permissions import Caller


@dataclass
class Outcome:
    """What running a command gave: what it stored (None: nothing), and its expected failures — a stored
    command may still carry a ``projection_timeout``, ``projection_failed`` (a failed fold stops the read
    model: answered at once) or ``database_unavailable`` error when the read models cannot show it yet. When
    PostgreSQL is lost before the store answers, the outcome is unknown: the mutation fails as a whole with
    a top-level ``database_unavailable`` error instead."""

    recorded: Recorded | None
    errors: list[IsotrailError] = field(default_factory=list)


def caller_of(info: Info) -> Caller:
    """The token's principal, under the request's correlation id (see correlation.py)."""
    request = info.context.request
    correlation = request.scope.get("state", {}).get("correlation_id") if request else None
    return caller(info.context.principal, correlation or None)


async def run_command(info: Info, command: Command) -> Outcome:
    """Handle ``command`` on the token's tenant; wait until the read models show it (at most a few seconds),
    holding no database connection while waiting."""
    context = info.context
    caller = caller_of(info)

    try:
        recorded = await asyncio.to_thread(context.tenants.handle, context.principal.tenant, caller, command)
    except DatabaseUnavailableError:
        COMMANDS.labels(outcome=DatabaseUnavailableError.code).inc()
        raise  # as a query's would: graphql/unexpected_errors.py types it
    except IsotrailError as error:
        COMMANDS.labels(outcome=error.code).inc()
        return Outcome(None, [error, *getattr(error, "row_errors", ())])  # a list refused: each row's errors too
    COMMANDS.labels(outcome="ok").inc()
    result = Outcome(recorded)
    if recorded.notification_id is not None:
        try:
            state = (context.request or context.websocket).app.state
            pool = await state.read_pools.pool_for(context.storage)  # a connection for one statement
            failure = await projection_failure(pool, context.storage, "audit")
            if failure is not None:  # the write cannot show before the fold is fixed: say so now
                raise ProjectionFailedError(projection="audit", notification_id=failure.notification_id)
            positions: Positions = state.positions  # one per process: see lifespan.py
            with READ_YOUR_WRITE.time():
                await positions.wait_for(context.storage, "audit", recorded.notification_id)
        except (ProjectionTimeoutError, ProjectionFailedError) as error:  # stored all the same: reads may lag
            result.errors.append(error)
        except UNAVAILABLE as error:
            result.errors.append(database_unavailable(error))
    return result
