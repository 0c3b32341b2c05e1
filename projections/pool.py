"""The asyncpg pool the read side uses (projectors and queries), created once per process."""

from __future__ import annotations

import asyncpg


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 4) -> asyncpg.Pool:
    """A small pool; statements are prepared and cached per connection by asyncpg."""
    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, command_timeout=120)
