"""The reads of a tenant's records, made once per request from its principal (graphql/context.py).

Every read of a tenant's records goes through the request's :class:`Reader`: the read models, the event
store's time travel and history, and the live events. It is the one place a unit representative is
confined to its unit (services/scoping.py says what that means): resolvers pass the client's filters
and never the caller's unit. Whether the caller may read at all was decided before, by the field's
permission (graphql/permissions.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar
from uuid import UUID

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.programme_values import ScopeEntry
from isotrail.graphql.request_connection import Lender
from isotrail.projections import finding_queries, programme_queries, timeline_queries, unit_queries
from isotrail.projections.fanout import TimelineFanout
from isotrail.projections.pages import Page
from isotrail.projections.timeline_subscriber import Subscriber
from isotrail.services import history
from isotrail.services.scoping import UnitScope
from isotrail.services.tenants import TenantRegistry
from isotrail.services.token_claims import Principal

A = TypeVar("A", bound=IsotrailAggregate)


class Reader:
    """What ``principal`` reads of its tenant: the read models through ``pool``, the event store through
    ``tenants`` (the registry's read-only Applications)."""

    def __init__(self, principal: Principal, pool: Lender, tenants: TenantRegistry) -> None:
        self._scope = UnitScope.of(principal.role, principal.unit_id)
        self._tenant, self._pool, self._tenants = principal.tenant, pool, tenants

    async def units(self, **filters: Any) -> Page:
        """Units (a unit representative's own only)."""
        return await self._query(unit_queries.units, **filters, unit_id=self._scope.unit_id)

    async def findings(self, *, unit_id: UUID | None = None, **filters: Any) -> Page:
        """Nonconformities (of ``unit_id``; a unit representative's own unit's whatever it asks)."""
        return await self._query(finding_queries.findings, unit_id=self._scope.unit_id or unit_id, **filters)

    async def timeline(self, *, unit_id: UUID, **filters: Any) -> Page:
        """A unit's events; none for a unit representative asking for another unit's."""
        if not self._scope.sees_unit(unit_id):
            return Page([], has_next_page=False, end_cursor=None)
        return await self._query(timeline_queries.timeline, unit_id=unit_id, **filters)

    async def programmes(self, **filters: Any) -> Page:
        """Programmes: they belong to no unit, so every role reads their headers."""
        return await self._query(programme_queries.programmes, **filters)

    def follow(self, fanout: TimelineFanout, *, unit_id: UUID | None, **limits: Any,
               ) -> AbstractAsyncContextManager[Subscriber]:
        """A subscriber to the tenant's new events (of ``unit_id``; a unit representative's own unit's).

        Raises:
            PermissionDeniedError: a unit representative named another unit.
        """
        if unit_id is not None:  # another unit's events are refused, as its timeline is
            self._scope.require_unit(unit_id)
        return fanout.subscribe(self._tenant, unit_id=self._scope.unit_id or unit_id, **limits)

    async def history(self, aggregate_id: UUID) -> list[Any]:
        """Every event of one aggregate the caller may read, oldest first (services/history.py)."""
        return await self._in_store(lambda app: history.history(app, aggregate_id, self._scope))

    async def as_of(self, cls: type[A], aggregate_id: UUID, not_found: Callable[[], Exception],
                    **selector: Any) -> A:
        """The aggregate as it stood at ``selector`` (services/history.py); another unit's stream is
        refused before anything is folded."""
        return await self._in_store(lambda app: history.as_of(app, cls, aggregate_id, not_found, scope=self._scope,
                                                              **selector))

    def scope(self, entries: Iterable[ScopeEntry]) -> list[ScopeEntry]:
        """Of a programme's scope, the entries the caller may read."""
        return self._scope.scope(entries)

    async def _query(self, query: Callable[..., Any], **filters: Any) -> Page:
        async with self._pool.acquire() as conn:
            return await query(conn, self._tenant, **filters)

    async def _in_store(self, load: Callable[[Any], Any]) -> Any:
        def in_thread() -> Any:  # reads only: a suspended tenant is readable here as on every other path
            with self._tenants.application(self._tenant, read_only=True) as app:
                return load(app)

        return await asyncio.to_thread(in_thread)
