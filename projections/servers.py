"""asyncpg pools per PostgreSQL server, and which server holds each tenant's schema.

The registry (``isotrail.tenants`` with ``isotrail.placements``) lives on the home server; a tenant
without a placement is there too. Pools to other servers are made on first use and closed together.

This is the API's one cache of the registry: each tenant's status and placement (or that no such tenant
exists) is kept for ``cache_seconds``; with :meth:`listen`, the NOTIFY that every change of a tenant
sends (created, suspended, resumed, moving, moved, deleted) forgets it at once, and tells the callbacks
given to :meth:`watch`. :meth:`listen` keeps one LISTEN connection per server for the registry's channel
and every channel registered with :meth:`on_notice` (projections/listening.py), reconnecting after a
restart (then everything cached is forgotten, since changes may have been missed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from isotrail.domain.tenancy import PLACEMENT_TABLE, REGISTRY_CHANNEL, REGISTRY_SCHEMA, REGISTRY_TABLE, TenantStatus
from isotrail.projections.driver import Pool
from isotrail.projections.listening import Handler, Listener
from isotrail.projections.pool import create_pool

log = logging.getLogger(__name__)

_REGISTERED = (f"SELECT t.slug, t.status, p.server FROM {REGISTRY_SCHEMA}.{REGISTRY_TABLE} t "
               f"LEFT JOIN {REGISTRY_SCHEMA}.{PLACEMENT_TABLE} p USING (slug)")
_ONE = f"{_REGISTERED} WHERE t.slug = $1"
_PLACEMENTS = f"{_REGISTERED} ORDER BY t.slug"
CACHE_SECONDS = 5.0  # how long a tenant's entry is kept when no NOTIFY forgets it first
MAX_CACHED = 10_000  # tenants remembered (known or not); past it the cache starts afresh


@dataclass(frozen=True)
class RegisteredTenant:
    """A tenant as the registry holds it: whether it accepts commands, and where its schema lives."""

    slug: str
    status: TenantStatus
    server: str | None  # a libpq URL; None: the home server

    @property
    def accepts_commands(self) -> bool:
        return self.status is TenantStatus.ACTIVE


class ServerPools:
    def __init__(self, home: str, *, max_size: int = 4, application_name: str = "isotrail",
                 on_query: Callable[[Any], None] | None = None, cache_seconds: float | None = None) -> None:
        self.home = home
        self._options = {"max_size": max_size, "application_name": application_name, "on_query": on_query}
        self._cache_seconds = CACHE_SECONDS if cache_seconds is None else cache_seconds
        self._pools: dict[str, asyncio.Future[Pool]] = {}
        self._registered: dict[str, tuple[float, RegisteredTenant | None]] = {}
        self._watchers: list[Callable[[str], None]] = []
        self._handlers: dict[str, Handler] = {REGISTRY_CHANNEL: self._changed}
        self._on_connect: list[Callable[[], None]] = [self._forget_all]  # changes missed meanwhile
        self._listeners: dict[str, Listener] = {}

    async def pool(self, server: str | None = None) -> Pool:
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

    async def registered(self, slug: str) -> RegisteredTenant | None:
        """The tenant's status and server as the registry says (cached, see above); None: no such tenant."""
        seen = self._registered.get(slug)
        if seen is not None and time.monotonic() - seen[0] < self._cache_seconds:
            return seen[1]
        home = await self.pool()
        row = await home.fetchrow(_ONE, slug)
        tenant = None if row is None else RegisteredTenant(row["slug"], TenantStatus(row["status"]), row["server"])
        if len(self._registered) >= MAX_CACHED:
            self._registered.clear()
        self._registered[slug] = (time.monotonic(), tenant)
        return tenant

    async def server_of(self, slug: str) -> str | None:
        """The server holding the tenant's schema (None: the home server, or no such tenant)."""
        tenant = await self.registered(slug)
        return None if tenant is None else tenant.server

    async def pool_for(self, slug: str) -> Pool:
        return await self.pool(await self.server_of(slug))

    async def placements(self, *, active_only: bool = False) -> dict[str, str | None]:
        """Every tenant (or every active one), with its server, read now from the registry."""
        home = await self.pool()
        return {row["slug"]: row["server"] for row in await home.fetch(_PLACEMENTS)
                if not active_only or row["status"] == "active"}

    def watch(self, changed: Callable[[str], None]) -> None:
        """Call ``changed(slug)`` on the event loop whenever the registry announces a change of that tenant
        (with :meth:`listen`): for other caches of the process, and for whatever must end at once."""
        self._watchers.append(changed)

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

    def _forget_all(self) -> None:
        """A listener (re)connected: any tenant may have changed while nobody listened."""
        for slug in list(self._registered):
            self._changed(slug)

    def _changed(self, slug: str) -> None:
        self._registered.pop(slug, None)
        for changed in self._watchers:
            try:
                changed(slug)
            except Exception:  # one watcher's fault must not keep the others (or the cache) stale
                log.exception("a watcher of registry changes failed for tenant %s", slug)

    async def close(self) -> None:
        listeners, self._listeners = list(self._listeners.values()), {}
        for listener in listeners:
            await listener.close()
        pools, self._pools = list(self._pools.values()), {}
        for made in pools:
            with contextlib.suppress(Exception):
                await (await made).close()
