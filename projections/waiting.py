"""Read-your-writes without holding a connection: where each tenant's projections stand, as their
projectors NOTIFY it (``POSITION_CHANNEL``, sent in the transaction that advances a position).

One :class:`Positions` per process listens once per server (through :class:`ServerPools`). A mutation
waiting for its write to be folded reads the position once (a pooled connection for one statement), then
waits on an event that the notification sets; it holds no connection meanwhile. In case a notification is
lost (the LISTEN connection was reset, say) it reads the position again every ``recheck_seconds``, and
whenever a listener reconnects. The subscriptions' fan-out is woken the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator

import asyncpg

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.projections.servers import ServerPools
from isotrail.projections.tracking import POSITION_CHANNEL, parse_position_notice, tracking

RECHECK_SECONDS = 0.5


class ProjectionTimeoutError(IsotrailError):
    """The read model did not catch up in time; the write itself is stored."""

    code = "projection_timeout"
    template_vi = "Dữ liệu đã được ghi nhưng bảng tổng hợp {projection} chưa cập nhật kịp (sau {timeout} giây)."
    template_en = "The write is stored, but read model {projection} did not catch up within {timeout} s."


class Watch:
    """Someone waiting for a projection of a tenant to reach ``target`` (a follower raises it as it goes)."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.woken = asyncio.Event()  # a notification reached the target, or a listener reconnected
        self.reached = False  # a notification said so: no need to read the position


class Positions:
    def __init__(self, pools: ServerPools, *, recheck_seconds: float = RECHECK_SECONDS) -> None:
        self._pools = pools
        self._recheck_seconds = recheck_seconds
        self._watches: dict[tuple[str, str], set[Watch]] = {}
        self._heard: dict[str, int] = {}  # notices (and registry changes) per tenant since the process started
        self._connections = 0  # listener (re)connections: what was NOTIFY'd before one may be lost
        pools.on_notice(POSITION_CHANNEL, self._advanced)
        pools.on_reconnect(self._reconnected)
        pools.watch(self._tenant_changed)

    def heard(self, slug: str) -> tuple[int, int]:
        """What this process has heard of the tenant's read models: it changes with every position NOTIFY'd
        for it, every registry change of it (a move to another server), every listener reconnection and every
        wait answered by reading a position (:meth:`wait_for`)."""
        return self._connections, self._heard.get(slug, 0)

    async def listening(self, storage: Tenant) -> bool:
        """Whether a LISTEN on the tenant's server is in force now (asked for if it was not)."""
        server = await self._pools.server_of(storage)
        await self._pools.listen(server, wait_seconds=0)
        return self._pools.is_listening(server)

    async def read(self, storage: Tenant, projection: str) -> int:
        """The stored position, read on a pooled connection given back at once."""
        pool = await self._pools.pool_for(storage)
        try:
            return await pool.fetchval(tracking(storage).read_one, projection) or 0
        except asyncpg.UndefinedTableError:  # a new tenant whose projector has not started yet
            return 0

    async def follow(self, storage: Tenant) -> None:
        """Listen on the server now holding the tenant (once per server; a move changes it)."""
        await self._pools.listen(await self._pools.server_of(storage), wait_seconds=0)

    @contextlib.contextmanager
    def watching(self, slug: str, projection: str, target: int) -> Iterator[Watch]:
        """A watch woken when a notification says ``projection`` reached ``watch.target`` (or a listener
        reconnected), for the duration of the block."""
        watch = Watch(target)
        key = (slug, projection)
        self._watches.setdefault(key, set()).add(watch)
        try:
            yield watch
        finally:
            watches = self._watches.get(key)
            if watches is not None:
                watches.discard(watch)
                if not watches:
                    del self._watches[key]

    async def wait_for(self, storage: Tenant, projection: str, notification_id: int,
                       timeout: float = 5.0) -> None:
        """Return once ``projection`` is at or past ``notification_id``; raise
        :class:`ProjectionTimeoutError` after ``timeout`` seconds. Reads the position once, then again
        only every ``recheck_seconds`` (a lost notification) or after a listener reconnected. A position read
        there counts as heard of the tenant (:meth:`heard`): its NOTIFY may not have reached this process yet,
        and whoever waited must next be answered from the read models it waited for."""
        deadline = time.monotonic() + timeout
        with self.watching(storage.slug, projection, notification_id) as watch:
            await self.follow(storage)
            if await self.read(storage, projection) >= notification_id:
                self._tenant_changed(storage.slug)  # read before its NOTIFY was heard, maybe: counted as heard
                return
            while not watch.reached:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ProjectionTimeoutError(projection=projection, timeout=timeout)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(watch.woken.wait(), min(self._recheck_seconds, remaining))
                watch.woken.clear()
                if not watch.reached and await self.read(storage, projection) >= notification_id:
                    self._tenant_changed(storage.slug)
                    return

    def _advanced(self, payload: str) -> None:
        notice = parse_position_notice(payload)
        if notice is None:
            return
        slug, projection, position = notice
        self._heard[slug] = self._heard.get(slug, 0) + 1
        for watch in self._watches.get((slug, projection), ()):
            if watch.target <= position:
                watch.reached = True
                watch.woken.set()

    def _tenant_changed(self, slug: str) -> None:
        self._heard[slug] = self._heard.get(slug, 0) + 1

    def _reconnected(self) -> None:
        self._connections += 1
        for watches in self._watches.values():
            for watch in watches:
                watch.woken.set()
