"""The one way the read side reaches PostgreSQL: a narrow port over asyncpg (janbjorge/pgqueuer's
``pgqueuer/ports/driver.py`` idea), so that projectors, queries and waits read apart from the driver.

asyncpg's own pool and connections satisfy these Protocols as they are (pool.py makes them): no wrapper
stands between a batch and its statements. Code below here takes a :class:`Pool` or a :class:`Connection`,
never ``Any``; a connection of its own (session advisory locks, LISTEN) is a :class:`Dedicated` one,
made by :func:`~isotrail.projections.pool.connect` with the pool's settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

import asyncpg


class RegistryUnavailableError(Exception):
    """The tenant registry's database did not answer a read (projections/servers.py raises it for whatever
    its registry's own driver raised)."""


# What asyncpg raises when PostgreSQL is gone or going: refused or dropped connections (OSError, class 08),
# a connection closed or left mid-operation under its user (InterfaceError, InternalClientError: seen when
# the server's shutdown notice lands between statements) and the server shutting down, starting up or
# cancelling (class 57); and the registry's read failing so. Callers may retry later; the API answers them
# with DatabaseUnavailableError (graphql/unavailable.py, the one translation of either side's list).
UNAVAILABLE: tuple[type[BaseException], ...] = (
    OSError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError, asyncpg.InternalClientError,
    asyncpg.OperatorInterventionError, RegistryUnavailableError)

Row = asyncpg.Record  # read by column name (``row["position"]``) or position


class Connection(Protocol):
    """What the read side asks of one connection: read, write, a transaction, and COPY of many rows."""

    async def fetch(self, query: str, *args: Any) -> list[Row]: ...

    async def fetchrow(self, query: str, *args: Any) -> Row | None: ...

    async def fetchval(self, query: str, *args: Any) -> Any: ...

    async def execute(self, query: str, *args: Any) -> str: ...

    async def executemany(self, command: str, args: Iterable[Sequence[Any]]) -> None: ...

    def transaction(self) -> AbstractAsyncContextManager[Any]: ...

    async def copy_records_to_table(self, table_name: str, *, records: Iterable[Sequence[Any]],
                                    columns: Sequence[str] | None = None, schema_name: str | None = None) -> str: ...


class Pool(Protocol):
    """Connections lent for a block (``async with pool.acquire() as conn``), and one-statement reads."""

    def acquire(self) -> AbstractAsyncContextManager[Connection]: ...

    async def fetch(self, query: str, *args: Any) -> list[Row]: ...

    async def fetchrow(self, query: str, *args: Any) -> Row | None: ...

    async def fetchval(self, query: str, *args: Any) -> Any: ...

    async def execute(self, query: str, *args: Any) -> str: ...


Notified = Callable[[Any, int, str, str], None]  # (connection, pid, channel, payload), on the event loop


class Dedicated(Connection, Protocol):
    """A connection held for its session: advisory locks owned for as long as it lives, LISTEN."""

    async def add_listener(self, channel: str, callback: Notified) -> None: ...

    def add_termination_listener(self, callback: Callable[[Any], None]) -> None: ...

    def is_closed(self) -> bool: ...

    async def close(self, *, timeout: float | None = None) -> None: ...

    def terminate(self) -> None: ...
