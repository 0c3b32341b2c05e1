"""Tenants and their Applications: one schema per province DOST, one Application per tenant, opened on the
server the registry (services/registry.py) places it on, from a bounded pool (services/application_leases.py).

Every method takes the tenant as a validated :class:`Tenant`, never a slug: it was checked once, where it
came in (a token, a CLI option), and schema names are built from it only.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.domain.text import clean_text
from isotrail.services.application_leases import ApplicationLeases
from isotrail.services.availability_errors import TenantMovingError
from isotrail.services.commands.base import Command, Recorded
from isotrail.services.commands.handle import handle
from isotrail.services.database import Database, connected
from isotrail.services.database_settings import TenantSettings
from isotrail.services.not_found_errors import TenantNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.registry import Registry
from isotrail.services.registry_tables import TenantRecord
from isotrail.services.tenant_application import TenantApplication

_BACKUPS = ("SELECT nspname FROM pg_namespace WHERE nspname ~ ('^' || %s || '_m[0-9]{14}$') "
            "AND NOT nspname = ANY(%s)")


class TenantRegistry:
    """Creates tenants and hands out their Applications from a bounded pool; the registry's rows are
    :attr:`registry`'s (one per process, made by the composition root and shared with the read side's
    pools), on whose database the tenants live unless placed elsewhere."""

    def __init__(self, registry: Registry, settings: TenantSettings) -> None:
        self._database = registry.database
        self._settings = settings
        self.registry = registry
        self._applications = ApplicationLeases(self._database, settings, registry)

    @property
    def database(self) -> Database:
        return self._database

    @property
    def settings(self) -> TenantSettings:
        return self._settings

    def create(self, tenant: Tenant, display_name: str) -> TenantRecord:
        """Register a tenant, create its schema and event tables; raises if the slug is taken.

        Runs under an advisory lock on the slug, so two processes creating the same tenant at once
        get one tenant and one typed :class:`AlreadyExistsError`, never a half-made schema.
        """
        name = clean_text(display_name, "display_name", max_length=200)
        with self.registry.creating(tenant):
            self.create_schema(self._database, tenant, if_not_exists=True)
            return self.registry.insert(tenant, name)

    def ensure(self, tenant: Tenant, display_name: str) -> TenantRecord:
        """The tenant, created first if it does not exist yet."""
        try:
            return self.get(tenant)
        except TenantNotFoundError:
            return self.create(tenant, display_name)

    def get(self, tenant: Tenant) -> TenantRecord:
        return self.registry.get(tenant)

    def list(self) -> list[TenantRecord]:
        return self.registry.list()

    def create_schema(self, database: Database, tenant: Tenant, *, if_not_exists: bool = False) -> None:
        """Create the tenant's schema on ``database`` with its event and snapshot tables and indexes."""
        create = "CREATE SCHEMA IF NOT EXISTS" if if_not_exists else "CREATE SCHEMA"
        with database.connect() as conn:
            conn.execute(f"{create} {quoted(tenant.schema)}")
        self._applications.construct(database, tenant).close()  # opening an Application creates them

    def database_of(self, tenant: TenantRecord) -> Database:
        """The database holding the tenant's schema."""
        return self._database.holding(tenant.server)

    def application(self, tenant: Tenant, *, read_only: bool = False) -> AbstractContextManager[TenantApplication]:
        """The tenant's Application for the duration of the block, refused unless the tenant accepts what the
        block does; services/application_leases.py says when and how."""
        return self._applications.lease(tenant, read_only=read_only)

    def handle(self, tenant: Tenant, caller: Caller, command: Command) -> Recorded:
        """Run ``command`` for ``caller`` on ``tenant``: the entry point of every writer (GraphQL's
        mutations, the CLI); services/commands/handle.py says what happens inside."""
        with self.application(tenant) as app:
            return handle(app, caller, command)

    def set_status(self, tenant: Tenant, status: TenantStatus) -> TenantRecord:
        """Suspend or resume a tenant; a suspended tenant refuses every command and stays readable.

        Processes that listen on the registry's channel (every API process) notice at once, others within
        the registry's ``CACHE_SECONDS`` (services/registry_cache.py). A moving tenant's status is the move's.
        """
        if TenantStatus(status) is TenantStatus.MOVING:
            raise TenantMovingError(slug=tenant.slug)
        return self.registry.update(tenant, status, refuse_moving=True)[1]

    def begin_move(self, tenant: Tenant) -> TenantRecord:
        """Refuse the tenant's commands from now on (status ``moving``); returns the tenant as it was."""
        return self.registry.update(tenant, TenantStatus.MOVING, refuse_moving=True)[0]

    def end_move(self, tenant: Tenant, status: TenantStatus, *, server: str | None = None,
                 moved_at: datetime | None = None) -> TenantRecord:
        """Give the tenant back its ``status``; with ``moved_at``, place it on ``server`` (None: this one).

        Other processes' open Applications fail on the old schema and reopen on the new server; their
        read pools are told on the registry's channel.
        """
        record = self.registry.update(tenant, status, server=server, moved_at=moved_at)[1]
        if moved_at is not None:
            self._applications.evict(tenant)
        return record

    def purge(self, tenant: Tenant) -> None:
        """Drop the tenant's registry row, its schema and the schemas its moves left behind: for tests and
        offboarding, never routine. The row goes first (with its NOTIFY), so every process refuses the
        tenant before its tables disappear."""
        records = self.list()
        registered = [record.schema_name for record in records]
        servers = {self._database} | {self.database_of(r) for r in records if r.slug == tenant.slug}
        self.registry.delete(tenant)
        self._applications.evict(tenant)
        for database in servers:
            with connected(database) as conn:
                backups = conn.execute(_BACKUPS, (tenant.schema, registered)).fetchall()
                for name in [tenant.schema] + [row[0] for row in backups]:
                    conn.execute(f"DROP SCHEMA IF EXISTS {quoted(name)} CASCADE")

    def close(self) -> None:
        self._applications.close()

    @property
    def open_applications(self) -> int:
        return self._applications.open_count
