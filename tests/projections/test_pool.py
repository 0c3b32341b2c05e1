"""The read-side pool: connections go back without a reset statement, but never inside a transaction."""

from __future__ import annotations

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
