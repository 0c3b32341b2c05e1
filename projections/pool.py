"""The read side's connections (driver.py's port), made by asyncpg: the pool, created once per process and
server, and the dedicated connections of lock holders and listeners, with the same settings."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg

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


_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # PostgreSQL sends timestamptz as microseconds since then, UTC
_MICROSECOND = timedelta(microseconds=1)
_INFINITY, _NEGATIVE_INFINITY = 2**63 - 1, -(2**63)


def _encode_timestamptz(value: datetime) -> tuple[int]:
    """As asyncpg's own encoder does, in half the time for a datetime with a time zone (most of the cost of
    COPYing a timeline row, measured): asyncpg compares every value with ±infinity and converts it to UTC
    first. Anything else takes asyncpg's way: a naive datetime or a date is local time, ``datetime.max``
    and ``min`` are ±infinity."""
    try:
        return ((value - _PG_EPOCH) // _MICROSECOND,)
    except TypeError:  # naive, a date, a zone without an offset, or not a date at all
        pass
    if not isinstance(value, date):
        raise TypeError(f"expected a datetime.date or datetime.datetime instance, got {type(value).__name__!r}")
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None and value in (datetime.max, datetime.min):
        return (_INFINITY if value == datetime.max else _NEGATIVE_INFINITY,)
    return ((value.replace(tzinfo=None).astimezone() - _PG_EPOCH) // _MICROSECOND,)


def _decode_timestamptz(value: tuple[int]) -> datetime:
    (microseconds,) = value
    if microseconds in (_INFINITY, _NEGATIVE_INFINITY):
        return datetime.max if microseconds == _INFINITY else datetime.min
    return _PG_EPOCH + timedelta(microseconds=microseconds)


async def _init_connection(conn: asyncpg.Connection) -> None:
    """jsonb columns read as Python values (writes pass JSON text, cast in SQL); timestamptz through
    :func:`_encode_timestamptz`."""
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads)
    await conn.set_type_codec("timestamptz", schema="pg_catalog", encoder=_encode_timestamptz,
                              decoder=_decode_timestamptz, format="tuple")


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 4, application_name: str = "isotrail",
                      on_query: Callable[[Any], None] | None = None) -> Pool:
    """A small pool; statements are prepared and cached per connection by asyncpg. ``on_query`` sees
    every statement the pool's connections run (for metrics)."""

    async def init(conn: asyncpg.Connection) -> None:
        await _init_connection(conn)
        if on_query is not None:
            conn.add_query_logger(on_query)

    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, command_timeout=120,
                                     init=init, server_settings={"application_name": application_name},
                                     connection_class=PooledConnection)


async def connect(dsn: str, *, application_name: str, timeout: float = 10) -> Dedicated:
    """A connection of its own, outside the pool: for session advisory locks and LISTEN, whose state must
    not go back to a pool. Statements that read rows run on pooled connections."""
    return await asyncpg.connect(dsn, timeout=timeout, server_settings={"application_name": application_name})
