"""asyncpg pools per PostgreSQL server, and the LISTEN connections that tell each process what changed.

The registry (services/registry.py) lives on the home server and says which server holds each tenant's
schema; a tenant without a placement is there too. Pools to other servers are made on first use and closed
together. The pools read the registry only through the :class:`Registry` protocol, which reads with a driver
of its own (no pool here serves it) and keeps the one cache of each tenant's status and placement; its
driver's "database is gone" errors become :class:`RegistryUnavailableError` here, one of the read side's.

:meth:`ServerPools.listen` keeps one LISTEN connection per server for the registry's channel (each change of
a tenant makes the registry forget it and tells the callbacks given to :meth:`ServerPools.watch`) and every
channel registered with :meth:`ServerPools.on_notice` (projections/listening.py; the projector's tenant
channels, the API's position channel), reconnecting after a restart (then the registry forgets everything,
and :meth:`ServerPools.on_reconnect`'s callbacks run, since changes may have been missed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from isotrail.domain.lineage import LogSource
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.projections.driver import Pool, RegistryUnavailableError
from isotrail.projections.listening import Handler, Listener
from isotrail.projections.pool import create_pool

log = logging.getLogger(__name__)


class Placed(Protocol):
    """A tenant as the registry holds it: whether it accepts commands, and where its schema lives."""

    @property
    def status(self) -> TenantStatus: ...

    @property
    def server(self) -> str | None: ...  # a libpq URL; None: the home server

    @property
    def display_name(self) -> str: ...  # its name, as its papers print it

    @property
    def merged_into(self) -> str | None: ...  # the successor's slug, when merged

    @property
    def merged_on(self) -> date | None: ...  # from when


class Registry(Protocol):
    """The tenant registry as the read side needs it (services/registry.py's ``Registry`` is one): its reads
    raise one of ``unavailable`` when its database does not answer; ``channel`` is NOTIFY'd with a tenant's
    slug on each change, then :meth:`changed` forgets what was cached of it."""

    channel: str
    unavailable: tuple[type[BaseException], ...]

    async def registered(self, tenant: Tenant) -> Placed | None: ...  # cached

    async def placements(self, *, active_only: bool = False) -> dict[str, str | None]: ...  # read now

    async def lineages(self) -> dict[str, tuple[LogSource, ...]]: ...  # read now: each successor's predecessors

    def changed(self, slug: str) -> None: ...

    def forget_all(self) -> list[str]: ...  # the slugs it forgot


class ServerPools:
    def __init__(self, home: str, registry: Registry, *, max_size: int = 4, application_name: str = "isotrail",
                 on_query: Callable[[Any], None] | None = None) -> None:
        self.home = home
        self.registry = registry
        self.max_size, self.application_name = max_size, application_name
        self._options = {"max_size": max_size, "application_name": application_name, "on_query": on_query}
        self._pools: dict[str, asyncio.Future[Pool]] = {}
        self._watchers: list[Callable[[str], None]] = []
        self._handlers: dict[str, Handler] = {registry.channel: self._changed}
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

    async def registered(self, tenant: Tenant) -> Placed | None:
        """The tenant's status and server as the registry says (cached there); None: no such tenant."""
        try:
            return await self.registry.registered(tenant)
        except self.registry.unavailable as error:
            raise RegistryUnavailableError(str(error)) from error

    async def server_of(self, tenant: Tenant) -> str | None:
        """The server holding the tenant's schema (None: the home server, or no such tenant)."""
        placed = await self.registered(tenant)
        return None if placed is None else placed.server

    async def pool_for(self, tenant: Tenant) -> Pool:
        return await self.pool(await self.server_of(tenant))

    async def placements(self, *, active_only: bool = False) -> dict[str, str | None]:
        """Every tenant (or every active one), with its server, read now from the registry."""
        try:
            return await self.registry.placements(active_only=active_only)
        except self.registry.unavailable as error:
            raise RegistryUnavailableError(str(error)) from error

    async def lineages(self) -> dict[str, tuple[LogSource, ...]]:
        """Each successor's predecessors, as the logs its read models fold beside its own, read now."""
        try:
            return await self.registry.lineages()
        except self.registry.unavailable as error:
            raise RegistryUnavailableError(str(error)) from error

    def watch(self, changed: Callable[[str], None]) -> None:
        """Call ``changed(slug)`` on the event loop whenever the registry announces a change of that tenant
        (with :meth:`listen`): for other caches of the process, and for whatever must end at once."""
        self._watchers.append(changed)

    def on_notice(self, channel: str, handler: Handler) -> None:
        """Call ``handler`` with each payload NOTIFY'd on ``channel`` on any server listened to, from now on;
        :meth:`listen` returns once its LISTEN is in force."""
        self._handlers[channel] = handler
        for listener in self._listeners.values():
            listener.add(channel, handler)

    def on_reconnect(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever a listener (re)connects: what was NOTIFY'd meanwhile is lost."""
        self._on_connect.append(callback)

    async def listen(self, server: str | None = None, *, wait_seconds: float = 10.0) -> None:
        """LISTEN on ``server`` (None: the home server) from now on, once per server; waits up to
        ``wait_seconds`` (0: not at all) until every channel is listened to, then keeps reconnecting."""
        dsn = server or self.home
        listener = self._listeners.get(dsn)
        if listener is None:
            listener = self._listeners[dsn] = Listener(
                dsn, self._handlers, application_name=self.application_name, on_connect=self._connected)
            listener.start()
        if wait_seconds > 0:
            await asyncio.wait_for(listener.listening.wait(), wait_seconds)

    def is_listening(self, server: str | None = None) -> bool:
        """Whether the LISTEN on ``server`` (None: the home server) is in force on every channel now."""
        listener = self._listeners.get(server or self.home)
        return listener is not None and listener.listening.is_set()

    def _connected(self) -> None:
        for callback in self._on_connect:
            try:
                callback()
            except Exception:  # one callback's fault must not keep the others from running
                log.exception("a callback of a listener's (re)connection failed")

    def _forget_all(self) -> None:
        """A listener (re)connected: any tenant may have changed while nobody listened."""
        for slug in self.registry.forget_all():
            self._tell(slug)

    def _changed(self, slug: str) -> None:
        self.registry.changed(slug)
        self._tell(slug)

    def _tell(self, slug: str) -> None:
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
