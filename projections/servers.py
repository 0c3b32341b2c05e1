"""asyncpg pools per PostgreSQL server, and which server holds each tenant's schema.

The registry (``isotrail.tenants`` with ``isotrail.placements``) lives on the home server; a tenant
without a placement is there too. Pools to other servers are made on first use and closed together.
A tenant's placement is cached for ``cache_seconds``; with :meth:`listen`, the NOTIFY that a move sends
when it starts and ends forgets it at once. :meth:`listen` keeps one LISTEN connection per server for
every channel registered with :meth:`on_notice` (projections/listening.py), reconnecting after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import asyncpg

from isotrail.domain.tenancy import PLACEMENT_CHANNEL, PLACEMENT_TABLE, REGISTRY_SCHEMA, REGISTRY_TABLE
from isotrail.projections.listening import Handler, Listener
from isotrail.projections.pool import create_pool

log = logging.getLogger(__name__)

_PLACEMENT = f"SELECT server FROM {REGISTRY_SCHEMA}.{PLACEMENT_TABLE} WHERE slug = $1"
_PLACEMENTS = (f"SELECT t.slug, t.status, p.server FROM {REGISTRY_SCHEMA}.{REGISTRY_TABLE} t "
               f"LEFT JOIN {REGISTRY_SCHEMA}.{PLACEMENT_TABLE} p USING (slug) ORDER BY t.slug")


class ServerPools:
    def __init__(self, home: str, *, max_size: int = 4, application_name: str = "isotrail",
                 on_query: Callable[[Any], None] | None = None, cache_seconds: float = 5.0) -> None:
        self.home = home
        self._options = {"max_size": max_size, "application_name": application_name, "on_query": on_query}
        self._cache_seconds = cache_seconds
        self._pools: dict[str, asyncio.Future[asyncpg.Pool]] = {}
        self._placements: dict[str, tuple[float, str | None]] = {}
        self._handlers: dict[str, Handler] = {PLACEMENT_CHANNEL: self._moved}
        self._on_connect: list[Callable[[], None]] = [self._placements.clear]  # moves missed meanwhile
        self._listeners: dict[str, Listener] = {}

    async def pool(self, server: str | None = None) -> asyncpg.Pool:
        """The pool of ``server`` (a libpq URL; None: the home server), made on first use."""
        dsn = server or self.home
        made = self._pools.get(dsn)
        if made is not None and made.done() and not made.exception():
            return made.result()  # every request of the API comes this way
        if made is None:
            # another server's pool keeps no floor of connections: one that stops answering (or is
            # dropped once its tenants moved away) is not reconnected to in the background
            made = self._pools[dsn] = asyncio.ensure_future(
                create_pool(dsn, min_size=1 if server is None else 0, **self._options))
        try:
            return await asyncio.shield(made)
        except Exception:
            if self._pools.get(dsn) is made:  # a server that did not answer is tried again next time
                del self._pools[dsn]
            raise

    async def server_of(self, slug: str) -> str | None:
        """The server holding the tenant's schema (None: the home server)."""
        seen = self._placements.get(slug)
        if seen is not None and time.monotonic() - seen[0] < self._cache_seconds:
            return seen[1]
        home = await self.pool()
        server = await home.fetchval(_PLACEMENT, slug)
        self._placements[slug] = (time.monotonic(), server)
        return server

    async def pool_for(self, slug: str) -> asyncpg.Pool:
        return await self.pool(await self.server_of(slug))

    async def placements(self, *, active_only: bool = False) -> dict[str, str | None]:
        """Every tenant (or every active one), with its server, read now from the registry."""
        home = await self.pool()
        return {row["slug"]: row["server"] for row in await home.fetch(_PLACEMENTS)
                if not active_only or row["status"] == "active"}

    def on_notice(self, channel: str, handler: Handler, on_connect: Callable[[], None] | None = None) -> None:
        """Call ``handler`` with each payload NOTIFY'd on ``channel`` on any server listened to, and
        ``on_connect`` whenever a listener (re)connects (what was sent meanwhile is lost). Register before
        :meth:`listen`."""
        if self._listeners:
            raise RuntimeError("register notice handlers before listening")
        self._handlers[channel] = handler
        if on_connect is not None:
            self._on_connect.append(on_connect)

    async def listen(self, server: str | None = None, *, wait_seconds: float = 10.0) -> None:
        """LISTEN on ``server`` (None: the home server) from now on, once per server; waits up to
        ``wait_seconds`` for the first connection (0: returns at once), then keeps reconnecting."""
        dsn = server or self.home
        listener = self._listeners.get(dsn)
        if listener is None:
            listener = self._listeners[dsn] = Listener(
                dsn, self._handlers, application_name=str(self._options["application_name"]),
                on_connect=self._connected)
            listener.start()
        if wait_seconds > 0:
            await asyncio.wait_for(listener.listening.wait(), wait_seconds)

    def _connected(self) -> None:
        for callback in self._on_connect:
            callback()

    def _moved(self, slug: str) -> None:
        self._placements.pop(slug, None)

    async def close(self) -> None:
        listeners, self._listeners = list(self._listeners.values()), {}
        for listener in listeners:
            await listener.close()
        pools, self._pools = list(self._pools.values()), {}
        for made in pools:
            with contextlib.suppress(Exception):
                await (await made).close()
