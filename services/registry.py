"""The registry's one owner: it reads and changes the registry's tables (services/registry_tables.py), sends
the NOTIFY every change sends, and keeps the one cache of them (services/registry_cache.py).

Two drivers read them: psycopg for administration and for opening Applications, and the home server's
asyncpg pool for requests, handed to each async read as an :class:`AsyncDriver` (services never build one).
Both go through the one cache. A local change forgets the tenant at once; so does the NOTIFY on
:data:`REGISTRY_CHANNEL` that every change sends, in every process that listens (projections/servers.py
calls :meth:`Registry.changed`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Protocol

from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services import registry_tables
from isotrail.services.availability_errors import TenantMovingError
from isotrail.services.conflict_errors import AlreadyExistsError
from isotrail.services.database import Database
from isotrail.services.not_found_errors import TenantNotFoundError
from isotrail.services.registry_cache import RecentTenants
from isotrail.services.registry_tables import TenantRecord, find, record, require

# NOTIFY'd with the slug whenever a tenant's row or placement changes (created, suspended, resumed, moving,
# moved, deleted), so that every process forgets what it cached of that tenant at once
REGISTRY_CHANNEL = "isotrail_registry"


class AsyncDriver(Protocol):
    """What the registry needs of an async driver: an asyncpg pool of the home server has it."""

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...


class Registry:
    """Reads and changes ``isotrail.tenants`` and ``isotrail.placements``; keeps the one cache of them."""

    channel = REGISTRY_CHANNEL

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
        found, recent = self._recent.get(tenant.slug)
        if not found:
            stamp = self._recent.stamp()
            with self._database.connect() as conn:  # a fresh connection: refused at once while PostgreSQL is down
                recent = self._recent.keep(tenant.slug, find(conn, tenant), stamp)
        if recent is None:
            raise TenantNotFoundError(slug=tenant.slug)
        return recent

    async def registered(self, tenant: Tenant, driver: AsyncDriver) -> TenantRecord | None:
        """The tenant's row (cached like :meth:`recent`) read through ``driver``; None: no such tenant."""
        found, recent = self._recent.get(tenant.slug)
        if found:
            return recent
        stamp = self._recent.stamp()
        rows = await driver.fetch(registry_tables.ASYNC_SELECT_ONE, tenant.slug)
        return self._recent.keep(tenant.slug, record(rows[0]) if rows else None, stamp)

    async def placements(self, driver: AsyncDriver, *, active_only: bool = False) -> dict[str, str | None]:
        """Every tenant's slug (or every active one's) with its server, read now through ``driver``."""
        return {row["slug"]: row["server"] for row in await driver.fetch(registry_tables.SELECT_ALL)
                if not active_only or row["status"] == TenantStatus.ACTIVE.value}

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
        after. Raises :class:`TenantMovingError` if ``refuse_moving`` and it is moving."""
        with self._changing(tenant) as conn:
            before = require(conn, tenant, lock=True)
            if refuse_moving and before.status is TenantStatus.MOVING:
                raise TenantMovingError(slug=tenant.slug)
            if moved_at is not None:
                conn.execute(registry_tables.PLACE, (tenant.slug, server, moved_at))
            conn.execute(registry_tables.SET_STATUS, (TenantStatus(status).value, tenant.slug))
            after = require(conn, tenant)
        return before, after

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

    @contextmanager
    def _changing(self, tenant: Tenant) -> Iterator[Any]:
        """A transaction that changes the tenant's rows and announces it; the cache forgets them afterwards."""
        try:
            with self._database.connect() as conn, conn.transaction():
                yield conn
                conn.execute("SELECT pg_notify(%s, %s)", (REGISTRY_CHANNEL, tenant.slug))
        finally:
            self.changed(tenant.slug)
