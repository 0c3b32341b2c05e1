"""How values travel between PostgreSQL and the read side's pooled connections (pool.py), where asyncpg's
own codecs do not suit: jsonb as Python values, timestamptz in half asyncpg's time."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import asyncpg

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


async def install_codecs(conn: asyncpg.Connection) -> None:
    """jsonb columns read as Python values (writes pass JSON text, cast in SQL); timestamptz through
    :func:`_encode_timestamptz`."""
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads)
    await conn.set_type_codec("timestamptz", schema="pg_catalog", encoder=_encode_timestamptz,
                              decoder=_decode_timestamptz, format="tuple")
