"""The read-side pool: connections go back without a reset statement, but never inside a transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import asyncpg
import pytest

from isotrail.projections.pool import create_pool


async def test_a_connection_released_inside_a_transaction_comes_back_rolled_back(database_url: str) -> None:
    statements: list[str] = []
    pool = await create_pool(database_url, max_size=1, on_query=lambda record: statements.append(record.query))
    try:
        async with pool.acquire() as conn:
            await conn.execute("CREATE TEMP TABLE IF NOT EXISTS released (n int)")
            await conn.execute("BEGIN")
            await conn.execute("INSERT INTO released VALUES (1)")
            backend = await conn.fetchval("SELECT pg_backend_pid()")
        async with pool.acquire() as conn:  # the same connection: the pool holds one
            assert await conn.fetchval("SELECT pg_backend_pid()") == backend
            assert not conn.is_in_transaction()
            assert await conn.fetchval("SELECT count(*) FROM released") == 0
    finally:
        await pool.close()
    assert "ROLLBACK" in statements
    assert not any("RESET ALL" in statement for statement in statements)


async def test_timestamps_travel_as_asyncpg_sends_and_reads_them(database_url: str, pool) -> None:
    """The pool's own timestamptz codec (faster for COPY) agrees with asyncpg's in both directions."""
    hanoi = timezone(timedelta(hours=7))
    values = [datetime(2026, 12, 1, 17, 24, 49, 314634, tzinfo=UTC), datetime(2020, 6, 2, 8, 0, tzinfo=hanoi),
              datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), datetime(2020, 6, 2, 8, 0),  # naive: local
              datetime.max, datetime.min, date(2020, 6, 2)]  # a date: local midnight
    plain = await asyncpg.connect(database_url)  # asyncpg's own codecs
    try:
        async with pool.acquire() as conn:
            await conn.execute("CREATE TEMP TABLE stamps (n int, at timestamptz)")
            await conn.copy_records_to_table("stamps", records=list(enumerate(values)), columns=["n", "at"])
            sent = await conn.fetch("SELECT at::text FROM stamps ORDER BY n")
            read = [row["at"] for row in await conn.fetch("SELECT at FROM stamps ORDER BY n")]
            texts = [row["at"] for row in sent]
            assert texts == [(await plain.fetchval("SELECT $1::timestamptz::text", value)) for value in values]
            assert read == [await plain.fetchval("SELECT $1::text::timestamptz", text) for text in texts]
    finally:
        await plain.close()
    assert read[:3] == values[:3] and read[4:6] == [datetime.max, datetime.min]
    async with pool.acquire() as conn:
        with pytest.raises(asyncpg.DataError, match="expected a datetime"):  # as asyncpg says it
            await conn.fetchval("SELECT $1::timestamptz", "2020-06-02")
