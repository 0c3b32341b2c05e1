"""The asyncpg pool the read side uses (projectors and queries), created once per process."""

from __future__ import annotations

import json

import asyncpg


async def _init_connection(conn: asyncpg.Connection) -> None:
    """jsonb columns read as Python values (writes pass JSON text, cast in SQL)."""
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads)


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 4,
                      application_name: str = "isotrail") -> asyncpg.Pool:
    """A small pool; statements are prepared and cached per connection by asyncpg."""
    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, command_timeout=120,
                                     init=_init_connection, server_settings={"application_name": application_name})
