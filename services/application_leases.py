"""Leasing a tenant's Application for a block: refused for unknown tenants, and for inactive, moving or merged
ones unless the block only reads; opened on the server the registry places the tenant on, from the bounded
pool (services/application_pool.py); replaced when the tenant moved or PostgreSQL went away."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from eventsourcing.persistence import PersistenceError

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services.application_pool import ApplicationPool
from isotrail.services.availability_errors import DatabaseUnavailableError, TenantInactiveError, TenantMovingError
from isotrail.services.database import UNAVAILABLE, Database, connected
from isotrail.services.database_settings import TenantSettings
from isotrail.services.not_found_errors import TenantNotFoundError
from isotrail.services.registry import Registry, merged
from isotrail.services.tenant_application import TenantApplication


class ApplicationLeases:
    """The open Applications of one process's tenants, and the moved_at each was opened for."""

    def __init__(self, database: Database, settings: TenantSettings, registry: Registry) -> None:
        self._database = database
        self._settings = settings
        self._registry = registry
        self._pool = ApplicationPool(self._open, settings.max_open)
        self._opened: dict[Tenant, datetime | None] = {}  # the moved_at its open Application was built for
        self._database_lost = False  # a command found PostgreSQL gone: probe it before the next one

    @contextmanager
    def lease(self, tenant: Tenant, *, read_only: bool = False) -> Iterator[TenantApplication]:
        """The tenant's Application for the duration of the block; refuses unknown tenants, and inactive or
        moving ones unless the block only reads (``read_only``: time travel), since a suspended tenant stays
        readable on every path and refuses writes only. Its status is the registry's cached one (see
        services/registry.py), so that commands don't each query the registry.

        A block that fails on the database because the tenant moved meanwhile (its old schema is
        renamed, so nothing can be written there) raises :class:`TenantMovingError`; the Application
        is closed, and the next block opens one on the tenant's new server. One that fails because the
        tenant was merged meanwhile (its event table refuses writes: services/write_barrier.py) raises
        :class:`TenantMergedError`, naming the successor.

        Raises:
            DatabaseUnavailableError: PostgreSQL did not answer, here or in the block. eventsourcing retries
                a statement 10 times, waiting up to ``pool_timeout_seconds`` for a connection each time;
                after that, commands probe the registry first and fail at once while PostgreSQL stays away.
                The tenant's Application is replaced, so the next command connects afresh.
        """
        refused: tuple[PersistenceError, IsotrailError] | None = None
        try:
            if self._database_lost:
                self._registry.changed(tenant.slug)
            record = self._registry.recent(tenant)
            self._database_lost = False
            if record.status is TenantStatus.MOVING and not read_only:
                raise TenantMovingError(slug=tenant.slug)
            if record.status is TenantStatus.MERGED and not read_only:
                raise merged(record)
            if record.status is not TenantStatus.ACTIVE and not read_only:
                raise TenantInactiveError(slug=tenant.slug, status=record.status)
            with self._pool.lease(tenant) as app:
                try:
                    yield app
                except PersistenceError as error:
                    refusal = self._refusal_since_opened(tenant)
                    if refusal is None:
                        raise
                    refused = error, refusal
        except UNAVAILABLE as error:
            self._database_lost = True
            self._pool.discard(tenant)
            raise DatabaseUnavailableError() from error
        if refused is not None:
            self._pool.evict(tenant)
            raise refused[1] from refused[0]

    def evict(self, tenant: Tenant) -> None:
        """Close the tenant's Application once nobody holds it (it moved, or its schema is being dropped)."""
        self._pool.evict(tenant)

    def close(self) -> None:
        self._pool.close()

    @property
    def open_count(self) -> int:
        return self._pool.open_count

    def construct(self, database: Database, tenant: Tenant) -> TenantApplication:
        """A new Application of the tenant on ``database``. Each one made runs eventsourcing's CREATE … IF
        NOT EXISTS and CREATE OR REPLACE FUNCTION statements, and two processes doing so at once for one
        tenant (as every process does after a move) fail with "tuple concurrently updated": they take
        turns under an advisory lock, released when its connection closes."""
        with connected(database) as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.open'), hashtext(%s))", (tenant.slug,))
            return TenantApplication(tenant, database.eventsourcing_env(tenant.schema, self._settings),
                                     lambda: self._predecessors(tenant), lambda merged: self._merged_on(tenant, merged))

    def _predecessors(self, tenant: Tenant) -> list[Tenant]:
        """The tenants merged into ``tenant`` (through every merge), as the registry's cache says."""
        try:
            return [Tenant(slug) for slug in self._registry.recent(tenant).predecessors]
        except TenantNotFoundError:  # being created, or purged: it has none
            return []

    def _merged_on(self, successor: Tenant, tenant: Tenant) -> date | None:
        """The day ``tenant``'s records came to ``successor``, as the registry's cache says: the latest effective
        date of the merges between (Sóc Trăng into Cần Thơ on 1 Jul 2025, Cần Thơ into a later one after)."""
        latest: date | None = None
        slug, seen = tenant.slug, set()
        try:
            while slug != successor.slug and slug not in seen:
                seen.add(slug)
                record = self._registry.recent(Tenant(slug))
                if record.merged_into is None or record.merged_on is None:
                    break
                latest = record.merged_on if latest is None else max(latest, record.merged_on)
                slug = record.merged_into
        except TenantNotFoundError:
            pass
        return latest

    def _refusal_since_opened(self, tenant: Tenant) -> IsotrailError | None:
        """Why a block failed on the database, if the registry, read afresh, tells: the tenant was merged, is
        moving or has moved since its open Application was built."""
        self._registry.changed(tenant.slug)
        record = self._registry.get(tenant)
        if record.status is TenantStatus.MERGED:
            return merged(record)
        if record.status is TenantStatus.MOVING or record.moved_at != self._opened.get(tenant):
            return TenantMovingError(slug=tenant.slug)
        return None

    def _open(self, tenant: Tenant) -> TenantApplication:
        """An Application on the server the registry places the tenant on, read afresh."""
        record = self._registry.get(tenant)
        app = self.construct(self._database.holding(record.server), tenant)
        self._opened[tenant] = record.moved_at
        return app
