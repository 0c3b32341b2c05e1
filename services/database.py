"""Where PostgreSQL is, and the connection settings each tenant's Application gets from it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from psycopg.conninfo import conninfo_to_dict

from isotrail.services.availability_errors import DatabaseUnavailableError
from isotrail.services.database_settings import TenantSettings
from isotrail.services.embedded_postgres import start_embedded_postgres
from isotrail.services.placement import server_label
from isotrail.services.placement_errors import ServerUnreachableError
from isotrail.services.settings import Settings

# What the write side raises when PostgreSQL is gone: psycopg (the registry and moves, typed by `connected`
# below), eventsourcing's wrapping of it (after its own retries), and the typed errors made of them. The read
# side's list is projections/driver.py's; graphql/unavailable.py translates either into one typed error.
UNAVAILABLE: tuple[type[BaseException], ...] = (
    DatabaseUnavailableError, ServerUnreachableError, psycopg.OperationalError, StoreOperationalError,
    StoreInterfaceError)


def resolve_database_url(settings: Settings) -> str:
    """``DATABASE_URL`` when set; otherwise the embedded server under ``ISOTRAIL_HOME``."""
    return settings.database_url or start_embedded_postgres(settings.home)


@dataclass(frozen=True)
class Database:
    """One PostgreSQL server and database, given by a libpq DSN (URI or key=value; TCP or socket)."""

    url: str
    connect_timeout_seconds: int = 10

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout_seconds)

    def holding(self, server: str | None) -> Database:
        """The database a tenant placed on ``server`` lives in (None: this one, the registry's)."""
        return self if server is None else Database(server, self.connect_timeout_seconds)

    def eventsourcing_env(self, schema: str, tenants: TenantSettings) -> dict[str, str]:
        """The explicit env of one tenant's Application: its schema and a small, bounded pool."""
        info = conninfo_to_dict(self.url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": str(info.get("dbname") or "postgres"),
            "POSTGRES_HOST": str(info.get("host") or "localhost"),
            "POSTGRES_PORT": str(info.get("port") or "5432"),
            "POSTGRES_USER": str(info.get("user") or "postgres"),
            "POSTGRES_PASSWORD": str(info.get("password") or ""),
            "POSTGRES_SCHEMA": schema,
            "POSTGRES_POOL_SIZE": str(tenants.pool_size),
            "POSTGRES_MAX_OVERFLOW": str(tenants.pool_max_overflow),
            "POSTGRES_CONNECT_TIMEOUT": str(tenants.pool_timeout_seconds),
            "POSTGRES_PRE_PING": "n",
            "AGGREGATE_CACHE_FASTFORWARD": "n",
            "AGGREGATE_CACHE_MAXSIZE": str(tenants.aggregate_cache_size),
        }


@contextmanager
def connected(database: Database) -> Iterator[psycopg.Connection]:
    """An autocommit connection to ``database``; a server that does not answer is a typed error."""
    try:
        conn = database.connect()
    except psycopg.OperationalError as error:
        raise ServerUnreachableError(server=server_label(database.url), reason=str(error).strip()) from None
    with conn:
        yield conn
