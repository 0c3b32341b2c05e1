"""The tenant registry: one row per province DOST in ``isotrail.tenants``, one schema per tenant.

Over 300 lines until issue 13 ("the tenant, typed once") gives the registry, its placement and its
cache one owner of their own; splitting it before that would only move the seams twice.

Schema names are built only from validated slugs (``tenant_<slug>``), and always quoted as SQL
identifiers, so no identifier is ever built from unchecked input. ``isotrail.placements`` says which
server holds a moved tenant's schema (no row, or a NULL server: the registry's own); every opening of
a tenant's data goes through it. It is a table of its own so that the ``tenants`` rows keep their shape.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from eventsourcing.persistence import PersistenceError
from psycopg import sql

from isotrail.domain.tenancy import (
    PLACEMENT_TABLE,
    REGISTRY_CHANNEL,
    REGISTRY_SCHEMA,
    REGISTRY_TABLE,
    Tenant,
    TenantStatus,
    validate_tenant_slug,
)
from isotrail.domain.text import clean_text
from isotrail.services.application_pool import ApplicationPool
from isotrail.services.database import UNAVAILABLE, Database, connected
from isotrail.services.errors import (
    AlreadyExistsError,
    DatabaseUnavailableError,
    TenantInactiveError,
    TenantMovingError,
    TenantNotFoundError,
)
from isotrail.services.settings import TenantSettings
from isotrail.services.tenant_application import TenantApplication

STATUS_CACHE_SECONDS = 5.0
_TENANTS = sql.Identifier(REGISTRY_SCHEMA, REGISTRY_TABLE)
_PLACEMENTS = sql.Identifier(REGISTRY_SCHEMA, PLACEMENT_TABLE)
_INSERT = sql.SQL("INSERT INTO {} (slug, display_name, schema_name) VALUES (%s, %s, %s)").format(_TENANTS)
_SELECT = sql.SQL("SELECT t.slug, t.display_name, t.status, t.schema_name, t.created_at, t.updated_at, "
                  "p.server, p.moved_at FROM {} t LEFT JOIN {} p USING (slug)").format(_TENANTS, _PLACEMENTS)
_SELECT_ALL = sql.SQL("{} ORDER BY slug").format(_SELECT)
_SELECT_ONE = sql.SQL("{} WHERE slug = %s").format(_SELECT)
_SET_STATUS = sql.SQL("UPDATE {} SET status = %s, updated_at = now() WHERE slug = %s").format(_TENANTS)
_PLACE = sql.SQL("INSERT INTO {} (slug, server, moved_at) VALUES (%s, %s, %s) ON CONFLICT (slug) "
                 "DO UPDATE SET server = EXCLUDED.server, moved_at = EXCLUDED.moved_at").format(_PLACEMENTS)
_DELETE = sql.SQL("DELETE FROM {} WHERE slug = %s").format(_TENANTS)
_NOTIFY = "SELECT pg_notify(%s, %s)"
_BACKUPS = ("SELECT nspname FROM pg_namespace WHERE nspname ~ ('^' || %s || '_m[0-9]{14}$') "
            "AND NOT nspname = ANY(%s)")

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
CREATE TABLE IF NOT EXISTS {REGISTRY_SCHEMA}.{PLACEMENT_TABLE} (
    slug text PRIMARY KEY REFERENCES {REGISTRY_SCHEMA}.tenants (slug) ON DELETE CASCADE,
    server text,  -- a libpq URL without password; NULL: the registry's own server
    moved_at timestamptz NOT NULL
);
"""


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


class TenantRegistry:
    """Creates tenants and hands out their Applications from a bounded pool."""

    def __init__(self, database: Database, settings: TenantSettings) -> None:
        self._database = database
        self._settings = settings
        self._applications = ApplicationPool(self._open_application, settings.max_open)
        self._seen: dict[str, tuple[float, TenantRecord]] = {}
        self._opened: dict[str, datetime | None] = {}  # slug → the moved_at its open Application was built for
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

    def create(self, slug: str, display_name: str) -> TenantRecord:
        """Register a tenant, create its schema and event tables; raises if the slug is taken.

        Runs under an advisory lock on the slug, so two processes creating the same tenant at once
        get one tenant and one typed :class:`AlreadyExistsError`, never a half-made schema.
        """
        schema = Tenant(slug).schema
        name = clean_text(display_name, "display_name", max_length=200)
        with self._database.connect() as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.tenant'), hashtext(%s))", (slug,))
            try:
                if self._find(conn, slug) is not None:
                    raise AlreadyExistsError(what_vi="Tỉnh/thành phố", what_en="Tenant", key=slug)
                self.create_schema(self._database, slug, if_not_exists=True)
                with conn.transaction():
                    conn.execute(_INSERT, (slug, name, schema))
                    conn.execute(_NOTIFY, (REGISTRY_CHANNEL, slug))
                self.forget(slug)
                return self._require(conn, slug)
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('isotrail.tenant'), hashtext(%s))", (slug,))

    def ensure(self, slug: str, display_name: str) -> TenantRecord:
        """The tenant, created first if it does not exist yet."""
        try:
            return self.get(slug)
        except TenantNotFoundError:
            return self.create(slug, display_name)

    def get(self, slug: str) -> TenantRecord:
        validate_tenant_slug(slug)
        with self._database.connect() as conn:
            return self._require(conn, slug)

    def list(self) -> list[TenantRecord]:
        with self._database.connect() as conn:
            rows = conn.execute(_SELECT_ALL).fetchall()
        return [_tenant(row) for row in rows]

    def create_schema(self, database: Database, slug: str, *, if_not_exists: bool = False) -> None:
        """Create the tenant's schema on ``database`` with its event and snapshot tables and indexes."""
        schema = Tenant(slug).schema
        create = "CREATE SCHEMA IF NOT EXISTS {}" if if_not_exists else "CREATE SCHEMA {}"
        with database.connect() as conn:
            conn.execute(sql.SQL(create).format(sql.Identifier(schema)))
        self._construct(database, slug).close()  # opening an Application creates them

    def database_of(self, tenant: TenantRecord) -> Database:
        """The database holding the tenant's schema."""
        if tenant.server is None:
            return self._database
        return Database(tenant.server, self._database.connect_timeout_seconds)

    @contextmanager
    def application(self, slug: str, *, read_only: bool = False) -> Iterator[TenantApplication]:
        """The tenant's Application for the duration of the block; refuses unknown tenants, and inactive or
        moving ones unless the block only reads (``read_only``: time travel), since a suspended tenant stays
        readable on every path and refuses writes only.

        A block that fails on the database because the tenant moved meanwhile (its old schema is
        renamed, so nothing can be written there) raises :class:`TenantMovingError`; the Application
        is closed, and the next block opens one on the tenant's new server.

        Raises:
            DatabaseUnavailableError: PostgreSQL did not answer, here or in the block. eventsourcing retries
                a statement 10 times, waiting up to ``pool_timeout_seconds`` for a connection each time;
                after that, commands probe the registry first and fail at once while PostgreSQL stays away.
                The tenant's Application is replaced, so the next command connects afresh.
        """
        moved: PersistenceError | None = None
        try:
            tenant = self._recently_seen(slug)
            if tenant.status is TenantStatus.MOVING and not read_only:
                raise TenantMovingError(slug=slug)
            if tenant.status is not TenantStatus.ACTIVE and not read_only:
                raise TenantInactiveError(slug=slug, status=tenant.status.value)
            with self._applications.lease(slug) as app:
                try:
                    yield app
                except PersistenceError as error:
                    if not self._moved_since_opened(slug):
                        raise
                    moved = error
        except UNAVAILABLE as error:
            self._database_lost = True
            self._applications.discard(slug)
            raise DatabaseUnavailableError() from error
        if moved is not None:
            self._applications.evict(slug)
            raise TenantMovingError(slug=slug) from moved

    def set_status(self, slug: str, status: TenantStatus) -> TenantRecord:
        """Suspend or resume a tenant; a suspended tenant refuses every command and stays readable.

        Processes that listen on ``REGISTRY_CHANNEL`` (every API process) notice at once, others within
        ``STATUS_CACHE_SECONDS``. A moving tenant's status is the move's.
        """
        if TenantStatus(status) is TenantStatus.MOVING or self.get(slug).status is TenantStatus.MOVING:
            raise TenantMovingError(slug=slug)
        return self._set_status(slug, status)

    def begin_move(self, slug: str) -> TenantRecord:
        """Refuse the tenant's commands from now on (status ``moving``); returns the tenant as it was."""
        with self._database.connect() as conn, conn.transaction():
            tenant = self._require(conn, slug, lock=True)
            if tenant.status is TenantStatus.MOVING:
                raise TenantMovingError(slug=slug)
            conn.execute(_SET_STATUS, (TenantStatus.MOVING.value, slug))
            conn.execute(_NOTIFY, (REGISTRY_CHANNEL, slug))
        self.forget(slug)
        return tenant

    def end_move(self, slug: str, status: TenantStatus, *, server: str | None = None,
                 moved_at: datetime | None = None) -> TenantRecord:
        """Give the tenant back its ``status``; with ``moved_at``, place it on ``server`` (None: this one).

        Other processes' open Applications fail on the old schema and reopen on the new server; their
        read pools are told on ``REGISTRY_CHANNEL``.
        """
        with self._database.connect() as conn, conn.transaction():
            self._require(conn, slug, lock=True)
            if moved_at is not None:
                conn.execute(_PLACE, (slug, server, moved_at))
            conn.execute(_SET_STATUS, (TenantStatus(status).value, slug))
            conn.execute(_NOTIFY, (REGISTRY_CHANNEL, slug))
            tenant = self._require(conn, slug)
        self.forget(slug)
        if moved_at is not None:
            self._applications.evict(slug)
        return tenant

    def _set_status(self, slug: str, status: TenantStatus) -> TenantRecord:
        with self._database.connect() as conn, conn.transaction():
            self._require(conn, slug)
            conn.execute(_SET_STATUS, (TenantStatus(status).value, slug))
            conn.execute(_NOTIFY, (REGISTRY_CHANNEL, slug))
            tenant = self._require(conn, slug)
        self.forget(slug)
        return tenant

    def forget(self, slug: str) -> None:
        """Read the tenant's row afresh next time: another process changed it (its NOTIFY on
        ``REGISTRY_CHANNEL`` says so; the API's read pools hear it and tell the registry)."""
        with self._seen_lock:
            self._seen.pop(slug, None)

    def _moved_since_opened(self, slug: str) -> bool:
        """Whether the tenant is moving, or has moved since its open Application was built."""
        self.forget(slug)
        tenant = self.get(slug)
        return tenant.status is TenantStatus.MOVING or tenant.moved_at != self._opened.get(slug)

    def _recently_seen(self, slug: str) -> TenantRecord:
        """The tenant as read at most a few seconds ago (or until a NOTIFY makes the API forget it, see
        :meth:`forget`), so that commands don't each query the registry. A moving tenant is read again each
        time: its commands are accepted as soon as the move ends."""
        now = time.monotonic()
        with self._seen_lock:
            seen = self._seen.get(slug)
        if seen is not None and now - seen[0] < STATUS_CACHE_SECONDS and not self._database_lost:
            return seen[1]
        tenant = self.get(slug)  # a fresh connection: refused at once while PostgreSQL is down
        self._database_lost = False
        if tenant.status is not TenantStatus.MOVING:
            with self._seen_lock:
                self._seen[slug] = (now, tenant)
        return tenant

    def purge(self, slug: str) -> None:
        """Drop the tenant's registry row, its schema and the schemas its moves left behind: for tests and
        offboarding, never routine. The row goes first (with its NOTIFY), so every process refuses the
        tenant before its tables disappear."""
        schema = Tenant(slug).schema
        tenants = self.list()
        registered = [t.schema_name for t in tenants]
        servers = {self._database} | {self.database_of(t) for t in tenants if t.slug == slug}
        with self._database.connect() as conn, conn.transaction():
            conn.execute(_DELETE, (slug,))
            conn.execute(_NOTIFY, (REGISTRY_CHANNEL, slug))
        self._applications.evict(slug)
        self.forget(slug)
        for database in servers:
            with connected(database) as conn:
                doomed = [schema] + [row[0] for row in conn.execute(_BACKUPS, (schema, registered)).fetchall()]
                for name in doomed:
                    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))

    def close(self) -> None:
        self._applications.close()

    @property
    def open_applications(self) -> int:
        return self._applications.open_count

    def _open_application(self, slug: str) -> TenantApplication:
        """An Application on the server the registry places the tenant on, read afresh."""
        tenant = self.get(slug)
        app = self._construct(self.database_of(tenant), slug)
        self._opened[slug] = tenant.moved_at
        return app

    def _construct(self, database: Database, slug: str) -> TenantApplication:
        """A new Application of the tenant on ``database``. Each one made runs eventsourcing's CREATE … IF
        NOT EXISTS and CREATE OR REPLACE FUNCTION statements, and two processes doing so at once for one
        tenant (as every process does after a move) fail with "tuple concurrently updated": they take
        turns under an advisory lock, released when its connection closes."""
        with connected(database) as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('isotrail.open'), hashtext(%s))", (slug,))
            return TenantApplication(slug, database.eventsourcing_env(Tenant(slug).schema, self._settings))

    def _find(self, conn, slug: str, *, lock: bool = False) -> TenantRecord | None:
        statement = sql.SQL("{} FOR UPDATE OF t").format(_SELECT_ONE) if lock else _SELECT_ONE
        row = conn.execute(statement, (slug,)).fetchone()
        return None if row is None else _tenant(row)

    def _require(self, conn, slug: str, *, lock: bool = False) -> TenantRecord:
        tenant = self._find(conn, slug, lock=lock)
        if tenant is None:
            raise TenantNotFoundError(slug=slug)
        return tenant


def _tenant(row: tuple) -> TenantRecord:
    slug, display_name, status, schema_name, created_at, updated_at, server, moved_at = row
    return TenantRecord(slug, display_name, TenantStatus(status), schema_name, created_at, updated_at, server, moved_at)
