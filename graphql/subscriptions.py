"""Live events of the token's tenant (optionally one unit), over graphql-transport-ws.

Entries come from the timeline read model, so they carry the unit and the Vietnamese sentence. Each
subscription is one subscriber of its tenant's feed in this process (projections/fanout.py), woken by the
timeline's position notification: no statement per subscriber. Who may open a socket, and for how long, is
decided in graphql/socket_admission.py and sockets.py; a subscription ends with a typed error when its
tenant is suspended or gone (graphql/registered_tenants.py), when it falls too far behind, or beyond the
number a token's subject may hold.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.permissions import allowed
from isotrail.graphql.units import TimelineEntry
from isotrail.services.permissions import Action


@strawberry.type(description=("What a client may follow live, over graphql-transport-ws on the same /graphql "
                              "(WebSocket); never over HTTP."))
class Subscription:
    @strawberry.subscription(extensions=allowed(Action.FOLLOW_EVENTS), description=(
        "New events of your tenant (or of one unit), as they are recorded. It ends with the error code "
        "tenant_inactive when the tenant is suspended, or subscriber_too_slow when it falls 256 events behind."))
    async def events(self, info: Info, unit_id: Annotated[UUID | None, strawberry.argument(description=(
            "Only this unit's events (error code unit_not_found: none in your reach); null: every event you may "
            "read (a unit representative: its unit's)."))] = None) -> AsyncGenerator[TimelineEntry, None]:
        context = info.context
        principal = context.principal
        state = (context.request or context.websocket).app.state
        try:
            async with context.reader.follow(
                state.fanout, unit_id=unit_id, owner=f"{principal.tenant}/{principal.subject}",
                max_per_owner=state.sockets.max_subscriptions_per_token,
            ) as subscriber:
                async for row in subscriber:
                    yield TimelineEntry.from_row(row)
        except IsotrailError as error:
            raise as_graphql_error(error) from error
