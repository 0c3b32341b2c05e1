"""Live events of the token's tenant (optionally one unit), over graphql-transport-ws.

Entries come from the timeline read model, so they carry the unit and the Vietnamese sentence. Each
subscription is one subscriber of its tenant's feed in this process (projections/fanout.py), woken by the
timeline's position notification: no statement per subscriber. Who may open a socket, and for how long, is
decided in graphql/sockets.py; a subscription ends with a typed error when its tenant is suspended or gone,
when it falls too far behind, or beyond the number a token's subject may hold.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.permissions import allowed
from isotrail.graphql.unavailable import UNAVAILABLE
from isotrail.graphql.units import TimelineEntry
from isotrail.projections.servers import ServerPools
from isotrail.services.availability_errors import TenantInactiveError
from isotrail.services.not_found_errors import TokenTenantNotFoundError
from isotrail.services.permissions import Action

log = logging.getLogger(__name__)


class TenantNotFollowedError(TenantInactiveError):
    """The tenant is suspended: its events are not followed live (its read models stay readable)."""

    template_vi = "Tỉnh/thành phố «{slug}» đang ở trạng thái {status}: không theo dõi sự kiện trực tiếp được."
    template_en = "Tenant '{slug}' is {status}: its events cannot be followed live."


async def subscription_refusal(pools: ServerPools, tenant: Tenant) -> IsotrailError | None:
    """Why the tenant's events may not be followed now (deleted or suspended), or None, as the registry
    says (cached, forgotten on its NOTIFY). A registry that does not answer refuses nothing: the
    subscriptions wait for the database rather than end."""
    try:
        placed = await pools.registered(tenant)
    except UNAVAILABLE as error:
        log.warning("could not read the status of tenant %s (%s)", tenant.slug, error)
        return None
    if placed is None:
        return TokenTenantNotFoundError()
    if placed.status is TenantStatus.SUSPENDED:
        return TenantNotFollowedError(slug=tenant.slug, status=placed.status.value)
    return None


@strawberry.type
class Subscription:
    @strawberry.subscription(extensions=allowed(Action.FOLLOW_EVENTS),
                             description="New events of your tenant (or of one unit), as they are recorded.")
    async def events(self, info: Info, unit_id: UUID | None = None) -> AsyncGenerator[TimelineEntry, None]:
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
