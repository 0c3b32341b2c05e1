"""One tenant's live timeline reader in this process, whatever the number of its subscribers (fanout.py).

It is woken by the timeline projection's position notification (waiting.py), reads the new rows once (one
statement, or a few for a burst), and offers them to every subscriber. Every ``check_seconds``, and at once
when told the tenant changed (:attr:`TimelineFeed.changed`), it asks ``check`` whether the tenant may still
be followed; every ``check_seconds`` it also reads once in case a notification was lost, and listens on
the tenant's current server. A failure the database causes after the first read is retried, not ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import UNAVAILABLE
from isotrail.projections.servers import ServerPools
from isotrail.projections.timeline_queries import timeline_after, timeline_head
from isotrail.projections.timeline_subscriber import Subscriber
from isotrail.projections.waiting import Positions

log = logging.getLogger(__name__)

READ_LIMIT = 500  # rows per statement; a burst is read in several
RETRY_SECONDS = 1.0  # after the database failed a read: the subscriptions wait, they do not end

Check = Callable[[Tenant], Awaitable[IsotrailError | None]]  # why the tenant may no longer be followed, if so


class FeedFailedError(IsotrailError):
    """The tenant's live feed could not start (the database did not answer) or failed (logged)."""

    code = "subscription_failed"
    template_vi = "Luồng sự kiện trực tiếp không chạy được; hãy đăng ký lại sau ít giây."
    template_en = "The live event feed could not run; subscribe again in a few seconds."


class TimelineFeed:
    """One tenant's reader and its subscribers; ``stopped`` is called with it when it ends."""

    def __init__(self, storage: Tenant, pools: ServerPools, positions: Positions, check: Check,
                 check_seconds: float, stopped: Callable[[TimelineFeed], None]) -> None:
        self.storage = storage
        self.pools, self.positions, self.check, self.check_seconds = pools, positions, check, check_seconds
        self.stopped = stopped
        self.subscribers: set[Subscriber] = set()
        self.ready = asyncio.Event()  # the head is read: subscribers get what comes after it
        self.last = 0
        self.changed = asyncio.Event()  # the registry announced a change of the tenant: check it now
        self.task = asyncio.create_task(self._run(), name=f"timeline feed {storage.slug}")

    async def _run(self) -> None:
        slug = self.storage.slug
        try:
            self.last = await self._read(timeline_head)
            self.ready.set()
            with self.positions.watching(slug, "timeline", self.last + 1) as watch:
                self.changed.set()
                checked = float("-inf")
                while True:
                    if self.changed.is_set() or time.monotonic() - checked >= self.check_seconds:
                        self.changed.clear()
                        checked = time.monotonic()
                        refusal = await self.check(self.storage)
                        if refusal is not None:
                            self._end(refusal)
                            return
                        with contextlib.suppress(*UNAVAILABLE, asyncpg.PostgresError):
                            await self.positions.follow(self.storage)
                    woken = asyncio.ensure_future(watch.woken.wait())
                    changed = asyncio.ensure_future(self.changed.wait())
                    try:
                        await asyncio.wait((woken, changed), return_when=asyncio.FIRST_COMPLETED,
                                           timeout=max(0.0, checked + self.check_seconds - time.monotonic()))
                    finally:
                        woken.cancel()
                        changed.cancel()
                    if self.changed.is_set() and not watch.woken.is_set():
                        continue
                    watch.woken.clear()
                    watch.reached = False
                    await self._dispatch_new_rows()
                    watch.target = self.last + 1
        except asyncio.CancelledError:
            raise
        except IsotrailError as error:
            self._end(error)
        except (*UNAVAILABLE, asyncpg.PostgresError) as error:  # before the first read: nothing to resume
            log.warning("the timeline feed of %s could not start (%s); its subscriptions end", slug, error)
            self._end(FeedFailedError())
        except Exception:
            log.exception("the timeline feed of %s failed; its subscriptions end", slug)
            self._end(FeedFailedError())
        finally:
            self.ready.set()
            self.stopped(self)

    async def _dispatch_new_rows(self) -> None:
        while True:
            try:
                rows = await self._read(timeline_after, self.last, limit=READ_LIMIT)
            except (*UNAVAILABLE, asyncpg.PostgresError) as error:
                log.warning("the timeline feed of %s could not read (%s); retrying", self.storage.slug, error)
                await asyncio.sleep(RETRY_SECONDS)
                return
            if rows:
                self.last = rows[-1]["notification_id"]
                for subscriber in list(self.subscribers):
                    subscriber.offer(rows)
            if len(rows) < READ_LIMIT:
                return

    async def _read(self, query: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        pool = await self.pools.pool_for(self.storage)
        async with pool.acquire() as conn:
            return await query(conn, self.storage, *args, **kwargs)

    def _end(self, error: IsotrailError) -> None:
        for subscriber in self.subscribers:
            subscriber.end(error)
