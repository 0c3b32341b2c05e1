"""The registry's one owner: its tables, their SQL, the NOTIFY every change sends, and the one cache of them.

``isotrail.tenants`` holds one row per province DOST; ``isotrail.placements`` says which server holds a
moved tenant's schema (no row, or a NULL server: the registry's own). It is a table of its own so that the
``tenants`` rows keep their shape.

Two drivers read them: psycopg for administration and for opening Applications, and the home server's
asyncpg pool for requests, handed to each async read as an :class:`AsyncDriver` (services never build one).
Both go through one cache of each tenant's row (or that there is none), kept :data:`CACHE_SECONDS`; a moving
tenant is read afresh each time, so that its commands are accepted as soon as the move ends. A local change
forgets it at once; so does the NOTIFY on :data:`REGISTRY_CHANNEL` that every change sends, in every process
that listens (projections/servers.py calls :meth:`Registry.changed`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services.availability_errors import TenantMovingError
from isotrail.services.conflict_errors import AlreadyExistsError
from isotrail.services.database import Database
from isotrail.services.not_found_errors import TenantNotFoundError

REGISTRY_SCHEMA = "isotrail"
# NOTIFY'd with the slug whenever a tenant's row or placement changes (created, suspended, resumed, moving,
# moved, deleted), so that every process forgets what it cached of that tenant at once
REGISTRY_CHANNEL = "isotrail_registry"
CACHE_SECONDS = 5.0  # how long a tenant's row is kept when no NOTIFY forgets it first
MAX_CACHED = 10_000  # tenants remembered (known or not); past it the cache starts afresh

_TENANTS = quoted(REGISTRY_SCHEMA, "tenants")
_PLACEMENTS = quoted(REGISTRY_SCHEMA, "placements")
_SELECT = ("SELECT t.slug, t.display_name, t.status, t.schema_name, t.created_at, t.updated_at, "
           f"p.server, p.moved_at FROM {_TENANTS} t LEFT JOIN {_PLACEMENTS} p USING (slug)")
_SELECT_ALL = f"{_SELECT} ORDER BY slug"
_SELECT_ONE = f"{_SELECT} WHERE slug = %s"
_LOCK_ONE = f"{_SELECT_ONE} FOR UPDATE OF t"
_INSERT = f"INSERT INTO {_TENANTS} (slug, display_name, schema_name) VALUES (%s, %s, %s)"
_SET_STATUS = f"UPDATE {_TENANTS} SET status = %s, updated_at = now() WHERE slug = %s"
_PLACE = (f"INSERT INTO {_PLACEMENTS} (slug, server, moved_at) VALUES (%s, %s, %s) ON CONFLICT (slug) "
          "DO UPDATE SET server = EXCLUDED.server, moved_at = EXCLUDED.moved_at")
_DELETE = f"DELETE FROM {_TENANTS} WHERE slug = %s"
_NOTIFY = "SELECT pg_notify(%s, %s)"
_CREATE = f"""
CREATE SCHEMA IF NOT EXISTS {quoted(REGISTRY_SCHEMA)};
CREATE TABLE IF NOT EXISTS {_TENANTS} (
    slug text PRIMARY KEY,
    display_name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    schema_name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {_PLACEMENTS} (
    slug text PRIMARY KEY REFERENCES {_TENANTS} (slug) ON DELETE CASCADE,
    server text,  -- a libpq URL without password; NULL: the registry's own server
    moved_at timestamptz NOT NULL
);
"""
# the async driver's statements: the same text, with asyncpg's placeholders
_ASYNC_ONE = _SELECT + " WHERE slug = $1"
_ASYNC_ALL = _SELECT_ALL


class AsyncDriver(Protocol):
    """What the registry needs of an async driver: an asyncpg pool of the home server has it."""

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...


@dataclass(frozen=True)
class TenantRecord:
    slug: str
    display_name: str
    status: TenantStatus
    schema_name: str
    created_at: datetime
    updated_at: datetime
    server: str | None = None  # the server holding its schema; None: the registry's own
    moved_at: datetime | None = None  # when it last moved; None: never

    @property
    def accepts_commands(self) -> bool:
        return self.status is TenantStatus.ACTIVE


class Registry:
    """Reads and changes ``isotrail.tenants`` and ``isotrail.placements``; keeps the one cache of them."""

    channel = REGISTRY_CHANNEL

    def __init__(self, database: Database, *, cache_seconds: float | None = None) -> None:
        self._database = database
        self._cache_seconds = cache_seconds  # None: CACHE_SECONDS, as it is when read
        self._seen: dict[str, tuple[float, TenantRecord | None]] = {}
        self._lock = threading.Lock()  # the sync readers run in worker threads, the async ones on the loop
        with database.connect() as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.registry'))")
            try:
                conn.execute(_CREATE)
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('isotrail.registry'))")

    @property
    def database(self) -> Database:
        return self._database

    def get(self, tenant: Tenant) -> TenantRecord:
        """The tenant's row, read now; raises :class:`TenantNotFoundError`."""
        with self._database.connect() as conn:
            return _require(conn, tenant)

    def list(self) -> list[TenantRecord]:
        with self._database.connect() as conn:
            return [_record(row) for row in conn.execute(_SELECT_ALL).fetchall()]

    def recent(self, tenant: Tenant) -> TenantRecord:
        """The tenant's row as read at most :data:`CACHE_SECONDS` ago; raises :class:`TenantNotFoundError`."""
        found, record = self._cached(tenant)
        if not found:
            with self._database.connect() as conn:  # a fresh connection: refused at once while PostgreSQL is down
                record = self._keep(tenant, _find(conn, tenant))
        if record is None:
            raise TenantNotFoundError(slug=tenant.slug)
        return record

    async def registered(self, tenant: Tenant, driver: AsyncDriver) -> TenantRecord | None:
        """The tenant's row (cached like :meth:`recent`) read through ``driver``; None: no such tenant."""
        found, record = self._cached(tenant)
        if found:
            return record
        rows = await driver.fetch(_ASYNC_ONE, tenant.slug)
        return self._keep(tenant, _record(rows[0]) if rows else None)

    async def placements(self, driver: AsyncDriver, *, active_only: bool = False) -> dict[str, str | None]:
        """Every tenant's slug (or every active one's) with its server, read now through ``driver``."""
        return {row["slug"]: row["server"] for row in await driver.fetch(_ASYNC_ALL)
                if not active_only or row["status"] == TenantStatus.ACTIVE.value}

    @contextmanager
    def creating(self, tenant: Tenant) -> Iterator[None]:
        """Hold the tenant's creation lock (across processes) for the block; raises :class:`AlreadyExistsError`
        if it is registered already."""
        with self._database.connect() as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.tenant'), hashtext(%s))", (tenant.slug,))
            try:
                if _find(conn, tenant) is not None:
                    raise AlreadyExistsError(what_vi="Tỉnh/thành phố", what_en="Tenant", key=tenant.slug)
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('isotrail.tenant'), hashtext(%s))", (tenant.slug,))

    def insert(self, tenant: Tenant, display_name: str) -> TenantRecord:
        with self._changing(tenant) as conn:
            conn.execute(_INSERT, (tenant.slug, display_name, tenant.schema))
        return self.get(tenant)

    def update(self, tenant: Tenant, status: TenantStatus, *, refuse_moving: bool = False,
               server: str | None = None, moved_at: datetime | None = None) -> tuple[TenantRecord, TenantRecord]:
        """Set the tenant's status (and, with ``moved_at``, place it on ``server``); returns its row before and
        after. Raises :class:`TenantMovingError` if ``refuse_moving`` and it is moving."""
        with self._changing(tenant) as conn:
            before = _require(conn, tenant, lock=True)
            if refuse_moving and before.status is TenantStatus.MOVING:
                raise TenantMovingError(slug=tenant.slug)
            if moved_at is not None:
                conn.execute(_PLACE, (tenant.slug, server, moved_at))
            conn.execute(_SET_STATUS, (TenantStatus(status).value, tenant.slug))
            after = _require(conn, tenant)
        return before, after

    def delete(self, tenant: Tenant) -> None:
        with self._changing(tenant) as conn:
            conn.execute(_DELETE, (tenant.slug,))

    def changed(self, slug: str) -> None:
        """Read the tenant's row afresh next time: it changed (here, or in another process: its NOTIFY)."""
        with self._lock:
            self._seen.pop(slug, None)

    def forget_all(self) -> list[str]:
        """Read every row afresh (a listener reconnected: changes may have been missed); returns the slugs
        it forgot."""
        with self._lock:
            forgotten, self._seen = list(self._seen), {}
        return forgotten

    @contextmanager
    def _changing(self, tenant: Tenant) -> Iterator[Any]:
        """A transaction that changes the tenant's rows and announces it; the cache forgets them afterwards."""
        try:
            with self._database.connect() as conn, conn.transaction():
                yield conn
                conn.execute(_NOTIFY, (REGISTRY_CHANNEL, tenant.slug))
        finally:
            self.changed(tenant.slug)

    def _cached(self, tenant: Tenant) -> tuple[bool, TenantRecord | None]:
        with self._lock:
            seen = self._seen.get(tenant.slug)
        keep = CACHE_SECONDS if self._cache_seconds is None else self._cache_seconds
        if seen is not None and time.monotonic() - seen[0] < keep:
            return True, seen[1]
        return False, None

    def _keep(self, tenant: Tenant, record: TenantRecord | None) -> TenantRecord | None:
        if record is None or record.status is not TenantStatus.MOVING:
            with self._lock:
                if len(self._seen) >= MAX_CACHED:
                    self._seen.clear()
                self._seen[tenant.slug] = (time.monotonic(), record)
        return record


def _find(conn: Any, tenant: Tenant, *, lock: bool = False) -> TenantRecord | None:
    row = conn.execute(_LOCK_ONE if lock else _SELECT_ONE, (tenant.slug,)).fetchone()
    return None if row is None else _record(row)


def _require(conn: Any, tenant: Tenant, *, lock: bool = False) -> TenantRecord:
    record = _find(conn, tenant, lock=lock)
    if record is None:
        raise TenantNotFoundError(slug=tenant.slug)
    return record


def _record(row: Any) -> TenantRecord:
    slug, display_name, status, schema_name, created_at, updated_at, server, moved_at = tuple(row)
    return TenantRecord(slug, display_name, TenantStatus(status), schema_name, created_at, updated_at, server, moved_at)
