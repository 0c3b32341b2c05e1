"""The asyncpg pool the read side uses (projectors and queries), created once per process."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import asyncpg


class PooledConnection(asyncpg.Connection):
    """A read-side connection goes back to the pool without asyncpg's reset statement.

    Nothing run on a pooled connection changes session state (no SET, LISTEN, session advisory lock or
    cursor outside a transaction: those live on the runner's own connections), so the ``RESET ALL; UNLISTEN
    *; …`` round trip at every release only cost time (15–20 % of an API request, measured). asyncpg still
    rolls back a transaction left open.
    """

    def get_reset_query(self) -> str:
        return ""


async def _init_connection(conn: asyncpg.Connection) -> None:
    """jsonb columns read as Python values (writes pass JSON text, cast in SQL)."""
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads)


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 4, application_name: str = "isotrail",
                      on_query: Callable[[Any], None] | None = None) -> asyncpg.Pool:
    """A small pool; statements are prepared and cached per connection by asyncpg. ``on_query`` sees
    every statement the pool's connections run (for metrics)."""

    async def init(conn: asyncpg.Connection) -> None:
        await _init_connection(conn)
        if on_query is not None:
            conn.add_query_logger(on_query)

    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, command_timeout=120,
                                     init=init, server_settings={"application_name": application_name},
                                     connection_class=PooledConnection)
