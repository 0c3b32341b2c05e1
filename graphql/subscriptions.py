"""Live events of the token's tenant (optionally one unit), over graphql-transport-ws.

Entries come from the timeline read model, so they carry the unit and the Vietnamese sentence; the
subscription polls it briefly after each look (the projector follows NOTIFY within milliseconds).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.graphql.permissions import TenantReader
from isotrail.graphql.units import TimelineEntry, own_unit
from isotrail.projections import queries

POLL_SECONDS = 0.2


@strawberry.type
class Subscription:
    @strawberry.subscription(permission_classes=[TenantReader],
                             description="New events of your tenant (or of one unit), as they are recorded.")
    async def events(self, info: Info, unit_id: UUID | None = None) -> AsyncGenerator[TimelineEntry, None]:
        context = info.context
        scoped = own_unit(info)
        if scoped is not None:
            unit_id = scoped
        async with context.pool.acquire() as conn:
            last = await queries.timeline_head(conn, context.storage)
        while True:
            async with context.pool.acquire() as conn:
                rows = await queries.timeline_after(conn, context.storage, last, unit_id=unit_id)
            for row in rows:
                last = row["notification_id"]
                yield TimelineEntry.from_row(row)
            if not rows:
                await asyncio.sleep(POLL_SECONDS)
