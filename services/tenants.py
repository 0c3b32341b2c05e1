"""The tenant registry: one row per province DOST in ``isotrail.tenants``, one schema per tenant.

Schema names are built only from validated slugs (``tenant_<slug>``), and always quoted as SQL
identifiers, so no identifier is ever built from unchecked input.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from psycopg import sql

from isotrail.domain.tenancy import REGISTRY_SCHEMA, REGISTRY_TABLE, TenantStorage, validate_tenant_slug
from isotrail.domain.text import clean_text
from isotrail.services.application_pool import ApplicationPool
from isotrail.services.database import UNAVAILABLE, Database
from isotrail.services.errors import (
    AlreadyExistsError,
    DatabaseUnavailableError,
    TenantInactiveError,
    TenantNotFoundError,
)
from isotrail.services.settings import TenantSettings
from isotrail.services.tenant_application import TenantApplication

STATUS_CACHE_SECONDS = 5.0
_TENANTS = sql.Identifier(REGISTRY_SCHEMA, REGISTRY_TABLE)
_INSERT = sql.SQL("INSERT INTO {} (slug, display_name, schema_name) VALUES (%s, %s, %s)").format(_TENANTS)
_SELECT_ALL = sql.SQL("SELECT * FROM {} ORDER BY slug").format(_TENANTS)
_SELECT_ONE = sql.SQL("SELECT * FROM {} WHERE slug = %s").format(_TENANTS)
_SET_STATUS = sql.SQL("UPDATE {} SET status = %s, updated_at = now() WHERE slug = %s").format(_TENANTS)
_DELETE = sql.SQL("DELETE FROM {} WHERE slug = %s").format(_TENANTS)

_CREATE_REGISTRY = f"""
CREATE SCHEMA IF NOT EXISTS {REGISTRY_SCHEMA};
CREATE TABLE IF NOT EXISTS {REGISTRY_SCHEMA}.tenants (
    slug text PRIMARY KEY,
    display_name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    schema_name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
"""


class TenantStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


@dataclass(frozen=True)
class Tenant:
    slug: str
    display_name: str
    status: TenantStatus
    schema_name: str
    created_at: datetime
    updated_at: datetime


class TenantRegistry:
    """Creates tenants and hands out their Applications from a bounded pool."""

    def __init__(self, database: Database, settings: TenantSettings) -> None:
        self._database = database
        self._settings = settings
        self._applications = ApplicationPool(self._open_application, settings.max_open)
        self._seen: dict[str, tuple[float, Tenant]] = {}
        self._seen_lock = threading.Lock()
        self._database_lost = False  # a command found PostgreSQL gone: probe it before the next one
        with self._database.connect() as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.registry'))")
            try:
                conn.execute(_CREATE_REGISTRY)
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('isotrail.registry'))")

    @property
    def database(self) -> Database:
        return self._database

    @property
    def settings(self) -> TenantSettings:
        return self._settings

    def create(self, slug: str, display_name: str) -> Tenant:
        """Register a tenant, create its schema and event tables; raises if the slug is taken.

        Runs under an advisory lock on the slug, so two processes creating the same tenant at once
        get one tenant and one typed :class:`AlreadyExistsError`, never a half-made schema.
        """
        schema = TenantStorage(slug).schema
        name = clean_text(unicodedata.normalize("NFC", display_name), "display_name", max_length=200)
        with self._database.connect() as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.tenant'), hashtext(%s))", (slug,))
            try:
                if self._find(conn, slug) is not None:
                    raise AlreadyExistsError(what_vi="Tỉnh/thành phố", what_en="Tenant", key=slug)
                conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
                with self._applications.lease(slug):
                    pass  # opening the Application creates the event table
                conn.execute(_INSERT, (slug, name, schema))
                return self._require(conn, slug)
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('isotrail.tenant'), hashtext(%s))", (slug,))

    def ensure(self, slug: str, display_name: str) -> Tenant:
        """The tenant, created first if it does not exist yet."""
        try:
            return self.get(slug)
        except TenantNotFoundError:
            return self.create(slug, display_name)

    def get(self, slug: str) -> Tenant:
        validate_tenant_slug(slug)
        with self._database.connect() as conn:
            return self._require(conn, slug)

    def list(self) -> list[Tenant]:
        with self._database.connect() as conn:
            rows = conn.execute(_SELECT_ALL).fetchall()
        return [_tenant(row) for row in rows]

    @contextmanager
    def application(self, slug: str) -> Iterator[TenantApplication]:
        """The tenant's Application for the duration of the block; refuses unknown or inactive tenants.

        Raises:
            DatabaseUnavailableError: PostgreSQL did not answer, here or in the block. eventsourcing retries
                a statement 10 times, waiting up to ``pool_timeout_seconds`` for a connection each time;
                after that, commands probe the registry first and fail at once while PostgreSQL stays away.
        """
        try:
            tenant = self._recently_seen(slug)
            if tenant.status is not TenantStatus.ACTIVE:
                raise TenantInactiveError(slug=slug, status=tenant.status.value)
            with self._applications.lease(slug) as app:
                yield app
        except UNAVAILABLE as error:
            self._database_lost = True
            self._applications.discard(slug)
            raise DatabaseUnavailableError() from error

    def set_status(self, slug: str, status: TenantStatus) -> Tenant:
        """Suspend or resume a tenant; a suspended tenant's Application is refused to every command.

        Other processes notice within ``STATUS_CACHE_SECONDS``.
        """
        with self._database.connect() as conn:
            self._require(conn, slug)
            conn.execute(_SET_STATUS, (TenantStatus(status).value, slug))
            tenant = self._require(conn, slug)
        with self._seen_lock:
            self._seen.pop(slug, None)
        return tenant

    def _recently_seen(self, slug: str) -> Tenant:
        """The tenant as read at most a few seconds ago, so that commands don't each query the registry."""
        now = time.monotonic()
        with self._seen_lock:
            seen = self._seen.get(slug)
        if seen is not None and now - seen[0] < STATUS_CACHE_SECONDS and not self._database_lost:
            return seen[1]
        tenant = self.get(slug)  # a fresh connection: refused at once while PostgreSQL is down
        self._database_lost = False
        with self._seen_lock:
            self._seen[slug] = (now, tenant)
        return tenant

    def purge(self, slug: str) -> None:
        """Drop the tenant's schema and registry row: for tests and offboarding, never routine."""
        schema = TenantStorage(slug).schema
        self._applications.evict(slug)
        with self._seen_lock:
            self._seen.pop(slug, None)
        with self._database.connect() as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            conn.execute(_DELETE, (slug,))

    def close(self) -> None:
        self._applications.close()

    @property
    def open_applications(self) -> int:
        return self._applications.open_count

    def _open_application(self, slug: str) -> TenantApplication:
        env = self._database.eventsourcing_env(TenantStorage(slug).schema, self._settings)
        return TenantApplication(slug, env)

    def _find(self, conn, slug: str) -> Tenant | None:
        row = conn.execute(_SELECT_ONE, (slug,)).fetchone()
        return None if row is None else _tenant(row)

    def _require(self, conn, slug: str) -> Tenant:
        tenant = self._find(conn, slug)
        if tenant is None:
            raise TenantNotFoundError(slug=slug)
        return tenant


def _tenant(row: tuple) -> Tenant:
    slug, display_name, status, schema_name, created_at, updated_at = row
    return Tenant(slug, display_name, TenantStatus(status), schema_name, created_at, updated_at)
