"""A projector process: owns (tenant, projection) pairs and keeps their read models current.

Ownership is a session-level PostgreSQL advisory lock per pair, all held on one connection: when the
process dies its locks go with the connection, and another process takes the pairs over at its next
discovery round, resuming from the stored positions. New tenants are found by polling the registry.
The locks and the registry stay on the home server whatever server a tenant is placed on, so ownership
is global; a tenant's events and read models are reached on its own server (pools and LISTEN per
server, through the :class:`ServerPools` the composition root gives it), and a follower whose tenant moved is
restarted on the new server. A successor's follower folds its predecessors' logs too (projector.py), and is
restarted when a merge gives it another predecessor.
The pairs a process owns for one tenant are followed by one task that reads and decodes the log once
for all of them. It catches up, then waits for the tenant's NOTIFY (sent by eventsourcing on commit)
or for the poll interval, so a lost notification delays a batch but never stalls it. A projection whose
fold fails is recorded, set aside and retried alone with back-off (:class:`_Following`), keeping its
lock: the tenant's other projections and other tenants go on as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import asyncpg

from isotrail.domain.lineage import LogSource, projection_of
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import UNAVAILABLE, Dedicated, Pool
from isotrail.projections.failures import FoldFailedError, record_failure
from isotrail.projections.pool import connect
from isotrail.projections.projector import DEFAULT_BATCH_SIZE, PROJECTIONS, Projector, build_projection
from isotrail.projections.servers import ServerPools
from isotrail.projections.tracking import PositionMovedError

log = logging.getLogger(__name__)

LOCK_NAMESPACE = "isotrail.projection"
TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext($1), hashtext($2))"


def ownership_key(slug: str, projection: str) -> str:
    return f"{slug}/{projection}"


def projector_name() -> str:
    """How a projector process names its connections in ``pg_stat_activity`` (and itself in the logs)."""
    return f"isotrail-projector:{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class RunnerSettings:
    projections: Sequence[str] = tuple(PROJECTIONS)
    tenants: Sequence[str] = ()  # only these tenants (default: every active tenant)
    batch_size: int = DEFAULT_BATCH_SIZE
    poll_seconds: float = 1.0
    discover_seconds: float = 2.0
    retry_seconds: float = 1.0  # a failed projection's first retry; the pause doubles up to the next
    max_retry_seconds: float = 60.0


class ProjectionRunner:
    def __init__(self, pools: ServerPools, settings: RunnerSettings | None = None) -> None:
        self.pools = pools  # the registry's tenants and their servers, and the pools and LISTEN per server
        self.settings = settings or RunnerSettings()
        self.name = pools.application_name
        self.owned: dict[tuple[str, str], asyncio.Task[None]] = {}  # (tenant, projection) → its tenant's follower
        self._servers: dict[str, str | None] = {}  # tenant → the server its follower reads (None: home)
        self._sources: dict[str, tuple[LogSource, ...]] = {}  # tenant → the predecessors' logs its follower folds
        self._wakes: dict[str, set[asyncio.Event]] = {}  # a tenant's channel → its follower's wake
        self._locks: Dedicated | None = None
        pools.on_reconnect(self._wake_all)  # what was NOTIFY'd while no listener was connected is lost
        # A catch-up holds one pool connection to read ahead and borrows one per projection while it
        # writes: with at most half the pool reading, the other half serves the writers (who may wait
        # for one another, never for a reader).
        self._catch_up_slots = asyncio.Semaphore(max(1, pools.max_size // 2))

    async def run(self, stop: asyncio.Event) -> None:
        """Own and follow projections until ``stop`` is set; reconnects after database failures."""
        while not stop.is_set():
            try:
                await self._connect()
                while not stop.is_set():
                    await self._discover()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), self.settings.discover_seconds)
            except (*UNAVAILABLE, asyncpg.PostgresError) as error:
                log.warning("projector connection lost (%s); retrying", error)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.discover_seconds)
            finally:
                await self._disconnect()

    async def _connect(self) -> None:
        await self.pools.pool()
        self._locks = await connect(self.pools.home, application_name=self.name)

    async def _disconnect(self) -> None:
        tasks = set(self.owned.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.owned.clear()
        self._wakes.clear()
        self._servers.clear()
        self._sources.clear()
        if self._locks is not None and not self._locks.is_closed():  # closing it releases ownership
            await self._locks.close()
        self._locks = None
        await self.pools.close()  # its pools and listeners, made again on the next connection

    async def _discover(self) -> None:
        assert self._locks is not None
        for pair, task in list(self.owned.items()):
            if task.done():  # a follower that failed (logged) gives its pairs back and is retried
                del self.owned[pair]
                if not task.cancelled():
                    task.exception()
                await self._locks.execute("SELECT pg_advisory_unlock(hashtext($1), hashtext($2))",
                                          LOCK_NAMESPACE, ownership_key(*pair))
        acquired: dict[str, set[str]] = {}
        servers = await self.pools.placements(active_only=True)
        lineages = await self.pools.lineages()
        for slug, server in servers.items():
            if self.settings.tenants and slug not in self.settings.tenants:
                continue
            if slug in self._servers and self._servers[slug] != server:
                log.info("%s follows %s on its new server", self.name, slug)
                acquired.setdefault(slug, set())
            if slug in self._servers and self._sources.get(slug, ()) != lineages.get(slug, ()):
                log.info("%s folds the logs merged into %s", self.name, slug)
                acquired.setdefault(slug, set())
            for projection in self.settings.projections:
                if (slug, projection) in self.owned:
                    continue
                if await self._locks.fetchval(TRY_LOCK, LOCK_NAMESPACE, ownership_key(slug, projection)):
                    log.info("%s now owns %s/%s", self.name, slug, projection)
                    acquired.setdefault(slug, set()).add(projection)
        for slug, projections in acquired.items():
            await self._restart_follower(slug, projections, servers[slug], lineages.get(slug, ()))

    async def _restart_follower(self, slug: str, acquired: set[str], server: str | None,
                                sources: tuple[LogSource, ...]) -> None:
        """One follower per tenant feeds every projection of it this process owns, from one reader."""
        held = {projection for (owner_slug, projection) in self.owned if owner_slug == slug}
        previous = {self.owned[(slug, projection)] for projection in held}
        for task in previous:  # cancelled mid-batch, its transaction rolls back; the new one resumes
            task.cancel()
        await asyncio.gather(*previous, return_exceptions=True)
        names = [projection for projection in self.settings.projections if projection in held | acquired]
        if not names:
            self._servers.pop(slug, None)
            self._sources.pop(slug, None)
            return
        self._servers[slug], self._sources[slug] = server, sources
        task = asyncio.create_task(self._follow(slug, names, server, sources))
        for projection in names:
            self.owned[(slug, projection)] = task

    async def _follow(self, slug: str, projection_names: list[str], server: str | None,
                      sources: tuple[LogSource, ...]) -> None:
        storage = Tenant(slug)
        wake = asyncio.Event()
        try:
            pool = await self.pools.pool(server)
            following = _Following(pool, storage, projection_names, self.settings, self.name, sources)
            self._wakes.setdefault(storage.channel, set()).add(wake)
            self.pools.on_notice(storage.channel, partial(self._notified, storage.channel))
            await self.pools.listen(server)
            await following.prepare()
            while True:
                wake.clear()
                async with self._catch_up_slots:
                    await following.catch_up()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), following.pause())
        except asyncio.CancelledError:
            raise
        except (asyncpg.UndefinedTableError, asyncpg.InvalidSchemaNameError):
            log.info("the schema of %s is gone from its server (moved or purged); the next discovery looks again",
                     slug)
        except Exception:
            log.exception("projections %s/%s failed; they will be retried", slug, "+".join(projection_names))
            raise
        finally:
            self._wakes.get(storage.channel, set()).discard(wake)

    def _notified(self, channel: str, _payload: str) -> None:
        for wake in self._wakes.get(channel, ()):
            wake.set()

    def _wake_all(self) -> None:
        for wakes in self._wakes.values():
            for wake in wakes:
                wake.set()


class _Following:
    """One tenant's projections as one follower feeds them: those that fold, from one reader; each that
    failed (failures.py), recorded, then retried alone after a pause that doubles up to
    ``max_retry_seconds`` — it costs the process one batch per pause, not a batch per poll. A failed one that
    folds again, here or (with a fix) in another process, rejoins the reader."""

    def __init__(self, pool: Pool, storage: Tenant, names: Sequence[str], settings: RunnerSettings,
                 owner: str, sources: Sequence[LogSource] = ()) -> None:
        self.pool, self.storage, self.names, self.settings, self.owner = pool, storage, list(names), settings, owner
        self.sources = tuple(sources)  # the predecessors' logs (domain/lineage.py), folded before the tenant's own
        self.folding = self._projector(self.names)
        self.failed: dict[str, tuple[Projector, float, float]] = {}  # name → (its projector, pause, retry at)

    def _projector(self, names: Sequence[str]) -> Projector | None:
        projections = [build_projection(name, self.storage) for name in names]
        return Projector(self.pool, self.storage, projections, batch_size=self.settings.batch_size,
                         sources=self.sources) if names else None

    async def prepare(self) -> None:
        assert self.folding is not None
        await self.folding.prepare()

    async def catch_up(self) -> None:
        if self.folding is not None:
            try:
                await self.folding.catch_up()
            except PositionMovedError:
                pass  # someone else advanced it: the next call reads the new position
            except FoldFailedError as error:
                await self._failed(error, {projection_of(name) for name in error.projections})
        now = time.monotonic()
        for name, (projector, pause, retry_at) in list(self.failed.items()):
            if retry_at > now:
                continue
            try:
                await projector.catch_up()
            except PositionMovedError:
                continue
            except FoldFailedError as error:  # on any of its logs: the projection waits for all
                await self._failed(error, {name}, min(pause * 2, self.settings.max_retry_seconds))
                continue
            log.info("projection %s/%s folds again", self.storage.slug, name)
            del self.failed[name]
            self.folding = self._projector([n for n in self.names if n not in self.failed])

    async def _failed(self, error: FoldFailedError, names: set[str], pause: float | None = None) -> None:
        pause = pause or self.settings.retry_seconds
        log.error("projections %s/%s stopped at notification %s (retried in %.0f s): %s", self.storage.slug,
                  "+".join(sorted(names)), error.notification_id, pause, error.reason, exc_info=error.cause)
        try:
            await record_failure(self.pool, self.storage, error, self.owner)
        except (*UNAVAILABLE, asyncpg.PostgresError) as lost:
            log.warning("the failure of %s/%s could not be recorded (%s)", self.storage.slug, "+".join(names), lost)
        for name in names:
            known = self.failed.get(name)
            self.failed[name] = (known[0] if known else self._projector([name]), pause, time.monotonic() + pause)
        self.folding = self._projector([n for n in self.names if n not in self.failed])

    def pause(self) -> float:
        """How long to wait for a NOTIFY before the next round: the poll, or less when a retry is due."""
        retries = [retry_at - time.monotonic() for _, _, retry_at in self.failed.values()]
        return max(0.0, min([self.settings.poll_seconds, *retries]))
