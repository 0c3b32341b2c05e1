"""One read connection for a whole HTTP request, lent in place of the pool: taken on first use, given back
when the request ends, so that a request pays one acquire and one release whatever its resolvers and
DataLoaders ask (graphql/context.py makes one per request). A WebSocket, open for long, reads through the
pool itself: both are a :class:`Lender`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Protocol

from isotrail.projections.driver import Connection, Pool


class Lender(Protocol):
    """What the API's reads ask of the read side: a connection lent for a block (``async with
    lender.acquire() as conn``). A :class:`~isotrail.projections.driver.Pool` is one, and so is a
    :class:`RequestConnection`."""

    def acquire(self) -> AbstractAsyncContextManager[Connection]: ...


class RequestConnection:
    """The request's one connection of ``pool``. Its readers take turns on it (asyncpg runs one statement at
    a time), so code holding it must not wait for another ``acquire`` (a DataLoader, say) before letting go."""

    def __init__(self, pool: Pool) -> None:
        self._pool = pool
        self._turn = asyncio.Lock()
        self._held = AsyncExitStack()  # the pool's lending of the connection, closed by :meth:`release`
        self._connection: Connection | None = None

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[Connection]:
        async with self._turn:
            if self._connection is None:
                self._connection = await self._held.enter_async_context(self._pool.acquire())
            yield self._connection

    async def release(self) -> None:
        async with self._turn:
            self._connection = None
            await self._held.aclose()
