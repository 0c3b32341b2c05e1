"""The read side's connections (driver.py's port), made by asyncpg: the pool, created once per process and
server, and the dedicated connections of lock holders and listeners, with the same settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import asyncpg

from isotrail.projections.codecs import install_codecs
from isotrail.projections.driver import Dedicated, Pool


class PooledConnection(asyncpg.Connection):
    """A read-side connection goes back to the pool without asyncpg's reset statement.

    Nothing run on a pooled connection changes session state (no SET, LISTEN, session advisory lock or
    cursor outside a transaction: those live on the runner's own connections), so the ``RESET ALL; UNLISTEN
    *; …`` round trip at every release only cost time (15–20 % of an API request, measured). asyncpg still
    rolls back a transaction left open.
    """

    def get_reset_query(self) -> str:
        return ""


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 4, application_name: str = "isotrail",
                      on_query: Callable[[Any], None] | None = None) -> Pool:
    """A small pool; statements are prepared and cached per connection by asyncpg. ``on_query`` sees
    every statement the pool's connections run (for metrics)."""

    async def init(conn: asyncpg.Connection) -> None:
        await install_codecs(conn)
        if on_query is not None:
            conn.add_query_logger(on_query)

    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, command_timeout=120,
                                     init=init, server_settings={"application_name": application_name},
                                     connection_class=PooledConnection)


async def connect(dsn: str, *, application_name: str, timeout: float = 10) -> Dedicated:
    """A connection of its own, outside the pool: for session advisory locks and LISTEN, whose state must
    not go back to a pool. Statements that read rows run on pooled connections."""
    return await asyncpg.connect(dsn, timeout=timeout, server_settings={"application_name": application_name})
