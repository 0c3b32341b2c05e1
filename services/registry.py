"""The registry's one owner: it reads and changes the registry's tables (services/registry_tables.py), sends
the NOTIFY every change sends, and keeps the one cache of them (services/registry_cache.py).

One driver reads and changes them, for administration, for opening Applications and for the read side
alike (projections/servers.py's ``Registry`` is this class): psycopg, on a connection of
services/database.py's :class:`Database` per call. Its async reads answer from the cache on the event loop,
and read in a worker thread only when the cache holds nothing. A local change forgets the tenant at once;
so does the NOTIFY on :data:`REGISTRY_CHANNEL` that every change sends, in every process that listens
(projections/servers.py calls :meth:`Registry.changed`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from isotrail.domain.identifiers import quoted
from isotrail.domain.lineage import LogSource
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services import registry_tables
from isotrail.services.availability_errors import TenantMergedError, TenantMovingError
from isotrail.services.conflict_errors import AlreadyExistsError
from isotrail.services.database import UNAVAILABLE, Database
from isotrail.services.merge_errors import SuccessorMoveError
from isotrail.services.not_found_errors import TenantNotFoundError
from isotrail.services.registry_cache import RecentTenants
from isotrail.services.registry_tables import TenantRecord, find, record, require

# NOTIFY'd with the slug whenever a tenant's row or placement changes (created, suspended, resumed, moving,
# moved, merged, deleted), so that every process forgets what it cached of that tenant at once
REGISTRY_CHANNEL = "isotrail_registry"


class Registry:
    """Reads and changes ``isotrail.tenants`` and ``isotrail.placements``; keeps the one cache of them."""

    channel = REGISTRY_CHANNEL
    unavailable = UNAVAILABLE  # what a read raises when PostgreSQL does not answer

    def __init__(self, database: Database) -> None:
        self._database = database
        self._recent = RecentTenants()
        with database.connect() as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.registry'))")
            try:
                conn.execute(registry_tables.CREATE)
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('isotrail.registry'))")

    @property
    def database(self) -> Database:
        return self._database

    def get(self, tenant: Tenant) -> TenantRecord:
        """The tenant's row, read now; raises :class:`TenantNotFoundError`."""
        with self._database.connect() as conn:
            return require(conn, tenant)

    def list(self) -> list[TenantRecord]:
        with self._database.connect() as conn:
            return [record(row) for row in conn.execute(registry_tables.SELECT_ALL).fetchall()]

    def recent(self, tenant: Tenant) -> TenantRecord:
        """The tenant's row as read at most ``CACHE_SECONDS`` ago; raises :class:`TenantNotFoundError`."""
        recent = self._cached(tenant)
        if recent is None:
            raise TenantNotFoundError(slug=tenant.slug)
        return recent

    async def registered(self, tenant: Tenant) -> TenantRecord | None:
        """The tenant's row, cached like :meth:`recent`; None: no such tenant. A cached answer (every API
        request's) costs no thread; a row read afresh is read in a worker thread."""
        found, recent = self._recent.get(tenant.slug)
        if found:
            return recent
        return await asyncio.to_thread(self._cached, tenant)

    async def placements(self, *, active_only: bool = False) -> dict[str, str | None]:
        """Every tenant's slug (or every active one's) with its server, read now in a worker thread."""
        return {tenant.slug: tenant.server for tenant in await asyncio.to_thread(self.list)
                if not active_only or tenant.status is TenantStatus.ACTIVE}

    async def lineages(self) -> dict[str, tuple[LogSource, ...]]:
        """Each successor's predecessors (through every merge) as the logs its read models fold beside its own,
        read now in a worker thread; a tenant that was merged into none is left out."""
        def read() -> dict[str, tuple[LogSource, ...]]:
            with self._database.connect() as conn:
                rows = conn.execute(registry_tables.LINEAGES).fetchall()
            lineages: dict[str, tuple[LogSource, ...]] = {}
            for successor, predecessor, number, display_name in rows:
                source = LogSource(Tenant(predecessor), number, display_name)
                lineages[successor] = (*lineages.get(successor, ()), source)
            return lineages
        return await asyncio.to_thread(read)

    @contextmanager
    def creating(self, tenant: Tenant) -> Iterator[None]:
        """Hold the tenant's creation lock (across processes) for the block; raises :class:`AlreadyExistsError`
        if it is registered already."""
        with self._database.connect() as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.tenant'), hashtext(%s))", (tenant.slug,))
            try:
                if find(conn, tenant) is not None:
                    raise AlreadyExistsError(what_vi="Tỉnh/thành phố", what_en="Tenant", key=tenant.slug)
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('isotrail.tenant'), hashtext(%s))", (tenant.slug,))

    def insert(self, tenant: Tenant, display_name: str) -> TenantRecord:
        with self._changing(tenant) as conn:
            conn.execute(registry_tables.INSERT, (tenant.slug, display_name, tenant.schema))
        return self.get(tenant)

    def update(self, tenant: Tenant, status: TenantStatus, *, refuse_moving: bool = False,
               server: str | None = None, moved_at: datetime | None = None) -> tuple[TenantRecord, TenantRecord]:
        """Set the tenant's status (and, with ``moved_at``, place it on ``server``); returns its row before and
        after. Raises :class:`TenantMovingError` if ``refuse_moving`` and it is moving, and
        :class:`SuccessorMoveError` if ``refuse_moving`` and tenants were merged into it (their stores stay on its
        server: a merge committed since the mover read the registry is seen here)."""
        with self._changing(tenant) as conn:
            before = require(conn, tenant, lock=True)
            if before.status is TenantStatus.MERGED:
                raise merged(before)
            if refuse_moving and before.status is TenantStatus.MOVING:
                raise TenantMovingError(slug=tenant.slug)
            if refuse_moving and before.predecessors:  # a move begins: checked under the lock, whatever was cached
                raise SuccessorMoveError(slug=tenant.slug)
            if moved_at is not None:
                conn.execute(registry_tables.PLACE, (tenant.slug, server, moved_at))
            conn.execute(registry_tables.SET_STATUS, (TenantStatus(status).value, tenant.slug))
            after = require(conn, tenant)
        return before, after

    def merge(self, successor: Tenant, predecessors: Sequence[Tenant], effective_on: date,
              decision: tuple[str | None, date | None], *,
              check: Callable[[dict[str, TenantRecord]], list[Tenant]],
              freeze: Callable[[Any, Tenant, Tenant], None],
              display_name: str | None = None) -> tuple[bool, list[TenantRecord]]:
        """Record the ``predecessors`` as merged into ``successor`` from ``effective_on`` by ``decision`` (number,
        date), in one transaction that also announces it: the successor registered first, named ``display_name``,
        if given and it is not registered (under its creation lock, its schema made in the same transaction, so
        a merge refused or rolled back leaves neither), then every row locked (in slug order), ``check`` is given
        them and names the predecessors still to merge (raising if the merge may not happen), ``freeze`` makes
        each one's event store refuse writes on this transaction's connection, then each gets its merge row and
        the status ``merged``. Returns whether this transaction registered the successor, and the rows after it,
        the successor's first. The successor's tables are made by opening its Application, after the commit."""
        slugs = sorted({successor.slug, *(predecessor.slug for predecessor in predecessors)})
        with self._changing(*[Tenant(slug) for slug in slugs]) as conn:
            created = display_name is not None and self._register(conn, successor, display_name)
            rows = {slug: require(conn, Tenant(slug), lock=True) for slug in slugs}
            for predecessor in check(rows):
                freeze(conn, predecessor, successor)
                conn.execute(registry_tables.MERGE, (predecessor.slug, successor.slug, effective_on, *decision))
                conn.execute(registry_tables.SET_STATUS, (TenantStatus.MERGED.value, predecessor.slug))
            return created, [require(conn, successor), *(require(conn, predecessor) for predecessor in predecessors)]

    @staticmethod
    def _register(conn: Any, tenant: Tenant, display_name: str) -> bool:
        """Register the tenant and make its schema in the caller's transaction, unless it is registered; whether it
        was. Holds the tenant's creation lock (:meth:`creating`'s) until the transaction ends."""
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('isotrail.tenant'), hashtext(%s))", (tenant.slug,))
        if find(conn, tenant) is not None:
            return False
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted(tenant.schema)}")
        conn.execute(registry_tables.INSERT, (tenant.slug, display_name, tenant.schema))
        return True

    def delete(self, tenant: Tenant) -> None:
        with self._changing(tenant) as conn:
            conn.execute(registry_tables.DELETE, (tenant.slug,))

    def changed(self, slug: str) -> None:
        """Read the tenant's row afresh next time: it changed (here, or in another process: its NOTIFY)."""
        self._recent.forget(slug)

    def forget_all(self) -> list[str]:
        """Read every row afresh (a listener reconnected: changes may have been missed); returns the slugs
        it forgot."""
        return self._recent.forget_all()

    def _cached(self, tenant: Tenant) -> TenantRecord | None:
        """The tenant's row from the cache, else read now (and kept unless a change overtook the read); None:
        no such tenant. Looks again in the thread: readers queued behind the first miss find its answer."""
        found, recent = self._recent.get(tenant.slug)
        if found:
            return recent
        stamp = self._recent.stamp()
        with self._database.connect() as conn:  # a fresh connection: refused at once while PostgreSQL is down
            return self._recent.keep(tenant.slug, find(conn, tenant), stamp)

    @contextmanager
    def _changing(self, *tenants: Tenant) -> Iterator[Any]:
        """A transaction that changes the tenants' rows and announces it; the cache forgets them afterwards."""
        try:
            with self._database.connect() as conn, conn.transaction():
                yield conn
                for tenant in tenants:
                    conn.execute("SELECT pg_notify(%s, %s)", (REGISTRY_CHANNEL, tenant.slug))
        finally:
            for tenant in tenants:
                self.changed(tenant.slug)


def merged(record: TenantRecord) -> TenantMergedError:
    """The refusal of a merged tenant's writes (and of its own tokens), naming its successor."""
    return TenantMergedError(slug=record.slug, successor=record.merged_into or "?", effective_on=record.merged_on)
