"""The reads of a tenant's records, made once per request from its principal (graphql/context.py).

Every read of a tenant's records goes through the request's :class:`Reader`: the read models (pages, and
objects by id or under a parent, batched by the request's DataLoaders, graphql/loaders.py), the event
store's time travel and history, and the live events. It is the one place a unit representative is
confined to its unit (services/scoping.py says what that means): resolvers pass the client's filters
and never the caller's unit. Whether the caller may read at all was decided before, by the field's
permission (graphql/permissions.py).

An object asked for by id that is not there, is another tenant's (whose schema is not the token's) or,
for a unit representative, is another unit's, gets the same not-found error of its kind: nothing tells
them apart.

A successor's read models hold its predecessors' records too (services/tenant_merge.py), so every read of
them goes as for its own; time travel and history read a stream begun in a predecessor through the token
tenant's own event store, which reads its first versions from the predecessor's (services/lineage_store.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar
from uuid import UUID

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.graphql.loaders import Loaders
from isotrail.graphql.request_connection import Lender
from isotrail.projections import (
    candidate_queries,
    document_queries,
    finding_queries,
    programme_queries,
    timeline_queries,
    unit_queries,
)
from isotrail.projections.fanout import TimelineFanout
from isotrail.projections.json_pages import JsonPage
from isotrail.projections.pages import Page
from isotrail.projections.timeline_subscriber import Subscriber
from isotrail.services import history
from isotrail.services.not_found_errors import (
    AggregateIdNotFoundError,
    FindingNotFoundError,
    InspectionNotFoundError,
    ProgrammeNotFoundError,
    UnitNotFoundError,
)
from isotrail.services.scoping import E, UnitScope
from isotrail.services.tenants import TenantRegistry
from isotrail.services.token_claims import Principal

A = TypeVar("A", bound=IsotrailAggregate)
Row = dict[str, Any]
UNIT_KEY = ("unit_id",)  # the columns read to tell whether a unit is there


class Reader:
    """What ``principal`` reads of its tenant: the read models through ``pool``, the event store through
    ``tenants`` (the registry's read-only Applications)."""

    def __init__(self, principal: Principal, pool: Lender, tenants: TenantRegistry) -> None:
        self._scope = UnitScope.of(principal.role, principal.unit_id)
        self._tenant, self._pool, self._tenants = principal.tenant, pool, tenants
        self._loaders = Loaders(pool, principal.tenant)

    async def units(self, *, columns: Sequence[str], **filters: Any) -> Page | JsonPage:
        """Units (a unit representative's own only), ``columns`` of their state; read by id again (an
        inspection's unit), they need no other statement."""
        page = await self._query(unit_queries.units, **filters, columns=columns, unit_id=self._scope.unit_id)
        if isinstance(page, Page):
            self._loaders.seen_units(columns, page.items)
        return page

    async def findings(self, *, unit_id: UUID | None = None, programme_id: UUID | None = None,
                       **filters: Any) -> Page:
        """Nonconformities (of ``unit_id``, of ``programme_id``; a unit representative's own unit's); raises
        the not-found error of a unit or programme out of reach."""
        if unit_id is not None:
            self._scope.require_unit(unit_id, lambda: UnitNotFoundError(unit_id=unit_id))
        page = await self._query(finding_queries.findings, unit_id=self._scope.unit_id or unit_id,
                                 programme_id=programme_id, **filters)
        if not page.items:  # told from a filter that matched nothing only then: no statement more otherwise
            if unit_id is not None:
                await self.unit(unit_id, UNIT_KEY)
            if programme_id is not None:
                await self.programme(programme_id)
        return page

    async def timeline(self, *, unit_id: UUID, **filters: Any) -> Page:
        """A unit's events; raises :class:`UnitNotFoundError` for a unit out of reach."""
        self._scope.require_unit(unit_id, lambda: UnitNotFoundError(unit_id=unit_id))
        page = await self._query(timeline_queries.timeline, unit_id=unit_id, **filters)
        if not page.items:
            await self.unit(unit_id, UNIT_KEY)
        return page

    async def timeline_of(self, unit_id: UUID, *, first: int | None, after: str | None) -> Page:
        """A page of the events of a unit read through this reader, batched with every other unit's page asked
        for alike; raises :class:`UnitNotFoundError` for a unit out of reach."""
        self._scope.require_unit(unit_id, lambda: UnitNotFoundError(unit_id=unit_id))
        return await self._loaders.timelines(first, after).load(unit_id)

    async def programmes(self, **filters: Any) -> Page:
        """Programmes: they belong to no unit, so every role reads their headers."""
        return await self._query(programme_queries.programmes, **filters)

    async def on_site_candidates(self, **filters: Any) -> Page:
        """Units ranked for the year's on-site inspections (a unit representative: its own, at its rank)."""
        return await self._query(candidate_queries.on_site_candidates, **filters, unit_id=self._scope.unit_id)

    async def total(self, page: Page) -> int:
        """How many rows the filters of one of this reader's pages match (a connection's ``totalCount``): one
        statement, sent only when a client asks for it; the pages under several parents, one for them all."""
        if page.count.under is not None:
            return await self._loaders.counts(page.count.under).load(page.count.parent)
        async with self._pool.acquire() as conn:
            return await page.total(conn)

    async def unit(self, unit_id: UUID, columns: Sequence[str]) -> Row:
        """One unit (``columns`` of its current state); raises :class:`UnitNotFoundError`."""
        [row] = await self.units_by_id([unit_id], columns) or [None]
        if row is None:
            raise UnitNotFoundError(unit_id=unit_id)
        return row

    async def units_by_id(self, ids: Sequence[UUID], columns: Sequence[str]) -> list[Row]:
        """Of the units of ``ids``, those found that the caller may read, in the order asked."""
        visible = [unit_id for unit_id in ids if self._scope.sees_unit(unit_id)]
        rows = await self._loaders.units(columns).load_many(visible)
        return [row for row in rows if row is not None]

    async def programme(self, programme_id: UUID) -> Row:
        """One programme (every role reads its header); raises :class:`ProgrammeNotFoundError`."""
        row = await self._loaders.programmes.load(programme_id)
        if row is None:
            raise ProgrammeNotFoundError(programme_id=programme_id)
        return row

    async def inspection(self, inspection_id: UUID) -> Row:
        """One inspection; raises :class:`InspectionNotFoundError`."""
        row = await self._loaders.inspections.load(inspection_id)
        if row is None or not self._scope.sees_unit(row["unit_id"]):
            raise InspectionNotFoundError(inspection_id=inspection_id)
        return row

    async def finding(self, nonconformity_id: UUID) -> Row:
        """One nonconformity; raises :class:`FindingNotFoundError`."""
        row = await self._loaders.findings.load(nonconformity_id)
        if row is None or not self._scope.sees_unit(row["unit_id"]):
            raise FindingNotFoundError(nonconformity_id=nonconformity_id)
        return row

    async def scope_of(self, programme_id: UUID) -> list[Row]:
        """A programme's scope entries the caller may read (a unit representative: its own)."""
        return self._visible(await self._loaders.scope_of_programme.load(programme_id))

    async def inspections_of(self, *, programme_id: UUID | None = None, unit_id: UUID | None = None) -> list[Row]:
        """The inspections of a programme or of a unit that the caller may read (then read by id without a
        statement, as a finding's inspection is)."""
        loaders = self._loaders
        rows = await (loaders.inspections_of_programme.load(programme_id) if programme_id is not None
                      else loaders.inspections_of_unit.load(unit_id))
        loaders.inspections.prime_many({row["inspection_id"]: row for row in rows})
        return self._visible(rows)

    async def findings_of(self, *, programme_id: UUID | None = None, unit_id: UUID | None = None,
                          inspection_id: UUID | None = None) -> list[Row]:
        """The nonconformities of a programme, a unit or an inspection that the caller may read."""
        if programme_id is not None:
            rows = await self._loaders.findings_of_programme.load(programme_id)
        elif unit_id is not None:
            rows = await self._loaders.findings_of_unit.load(unit_id)
        else:
            rows = await self._loaders.findings_of_inspection.load(inspection_id)
        self._loaders.findings.prime_many({row["nonconformity_id"]: row for row in rows})
        return self._visible(rows)

    async def assessments_of(self, inspection_id: UUID) -> list[Row]:
        """An inspection's assessment per check item (asked of an inspection read through this reader)."""
        return await self._loaders.assessments_of_inspection.load(inspection_id)

    async def recommendations_of(self, inspection_id: UUID) -> list[Row]:
        """An inspection's recommendations that the caller may read."""
        return self._visible(await self._loaders.recommendations_of_inspection.load(inspection_id))

    async def reports_of(self, *, inspection_id: UUID | None = None, nonconformity_id: UUID | None = None,
                         ) -> list[Row]:
        """The corrective-action reports of an inspection, or covering a nonconformity, that the caller may
        read."""
        rows = await (self._loaders.reports_of_inspection.load(inspection_id) if inspection_id is not None
                      else self._loaders.reports_of_finding.load(nonconformity_id))
        return self._visible(rows)

    async def records_of(self, *, programme_id: UUID | None = None, inspection_id: UUID | None = None) -> list[Row]:
        """The records kept (Art. 39) of a programme (its own and its inspections') or of an inspection that the
        caller may read: a programme's own belong to no unit, and every role reads them, as it reads the plan."""
        rows = await (self._loaders.records_of_programme.load(programme_id) if programme_id is not None
                      else self._loaders.records_of_inspection.load(inspection_id))
        return [row for row in rows if row["unit_id"] is None or self._scope.sees_unit(row["unit_id"])]

    async def documents_issued(self, object_id: UUID) -> list[Row]:
        """The files issued of a record, the latest first: a unit representative reads only those of its unit's
        records (a programme-wide paper is no unit's, and who printed it is not its business)."""
        async with self._pool.acquire() as conn:
            rows = (await document_queries.issued_by_object(conn, self._tenant, [object_id])).get(object_id, [])
        return [row for row in rows if self._scope.unit_id is None or row["unit_id"] == self._scope.unit_id]

    async def document_templates(self) -> list[Row]:
        """The province's own templates (every role may see which are in use), without their files."""
        async with self._pool.acquire() as conn:
            return await document_queries.tenant_templates(conn, self._tenant)

    async def document_template(self, kind: str, fmt: str) -> Row | None:
        """The province's own template of ``kind`` as ``fmt``, its file (base64) in ``content``; None: none."""
        async with self._pool.acquire() as conn:
            return await document_queries.tenant_template(conn, self._tenant, kind, fmt)

    async def findings_by_id(self, ids: Sequence[UUID]) -> list[Row]:
        """Of the nonconformities of ``ids``, those found that the caller may read, in the order asked."""
        return self._visible([row for row in await self._loaders.findings.load_many(ids) if row is not None])

    async def carried_over_to(self, programme_id: UUID, unit_id: UUID | None = None) -> list[Row]:
        """The nonconformities carried over to a programme (to be re-checked at ``unit_id``, if given) that the
        caller may read: a unit representative, those its own unit re-checks."""
        rows = await self._loaders.carried_over_to_programme.load(programme_id)
        return [row for row in rows if (unit_id is None or row["recheck_unit_id"] == unit_id)
                and self._scope.sees_unit(row["recheck_unit_id"])]

    async def summary(self, programme_id: UUID) -> Row | None:
        """A programme's figures: they count every unit, and a unit representative reads them too."""
        return await self._loaders.summary.load(programme_id)

    async def weaknesses(self, programme_id: UUID) -> list[Row]:
        """A programme's nonconformities counted by check item, the most widespread first."""
        return await self._loaders.weaknesses.load(programme_id)

    @asynccontextmanager
    async def follow(self, fanout: TimelineFanout, *, unit_id: UUID | None, **limits: Any,
                     ) -> AsyncIterator[Subscriber]:
        """A subscriber to the tenant's new events (of ``unit_id``; a unit representative's own unit's).

        Raises:
            UnitNotFoundError: ``unit_id`` is out of reach, as its timeline is.
        """
        if unit_id is not None:  # read now: a socket's reader lives as long as the socket, its loaders too
            self._loaders.units(UNIT_KEY).clear_all()
            await self.unit(unit_id, UNIT_KEY)
        async with fanout.subscribe(self._tenant, unit_id=self._scope.unit_id or unit_id, **limits) as subscriber:
            yield subscriber

    async def history(self, aggregate_id: UUID) -> list[Any]:
        """Every event of one aggregate the caller may read, oldest first (services/history.py); raises
        :class:`AggregateIdNotFoundError` for one out of reach."""
        return await self._in_store(aggregate_id, lambda app: history.history(
            app, aggregate_id, self._scope, lambda: AggregateIdNotFoundError(aggregate_id=aggregate_id)))

    async def as_of(self, cls: type[A], aggregate_id: UUID, not_found: Callable[[], Exception],
                    **selector: Any) -> A:
        """The aggregate as it stood at ``selector`` (services/history.py); another unit's stream is
        refused before anything is folded."""
        return await self._in_store(aggregate_id, lambda app: history.as_of(
            app, cls, aggregate_id, not_found, scope=self._scope, **selector))

    def scope(self, entries: Iterable[E]) -> list[E]:
        """Of a programme's scope (or the units its approval left out), the entries the caller may read."""
        return self._scope.scope(entries)

    def _visible(self, rows: list[Row]) -> list[Row]:
        return [row for row in rows if self._scope.sees_unit(row["unit_id"])]

    async def _query(self, query: Callable[..., Any], **filters: Any) -> Page:
        async with self._pool.acquire() as conn:
            return await query(conn, self._tenant, **filters)

    async def _in_store(self, aggregate_id: UUID, load: Callable[[Any], Any]) -> Any:
        """``load`` run on the token tenant's Application, read-only: its event store reads a stream begun in a
        tenant merged into it from that one's store, and the versions recorded since from its own
        (services/lineage_store.py); a third tenant's store is never read."""
        def in_thread() -> Any:  # reads only: a suspended or merged tenant is readable here as on every other path
            with self._tenants.application(self._tenant, read_only=True) as app:
                return load(app)

        return await asyncio.to_thread(in_thread)
