"""Live timeline entries for subscribers: one reader per tenant per process, whatever the subscribers.

A tenant's feed starts with its first subscriber and stops with its last. It is woken by the timeline
projection's position notification (projections/waiting.py), reads the new rows once (one statement), and
hands them to every subscriber of the tenant, filtered by unit in memory: the database cost grows with the
writes, not with the subscribers. Each subscriber has a bounded queue; one that falls ``QUEUE_SIZE`` rows
behind is ended (:class:`SubscriberTooSlowError`) rather than held in memory or allowed to slow the others.

Every ``check_seconds``, and at once when told the tenant changed (:meth:`TimelineFanout.recheck`, called on
the registry's NOTIFY), the feed asks ``check`` whether the tenant may still be followed; every
``check_seconds`` it also reads once in case a notification was lost, and listens on the tenant's current
server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from uuid import UUID

import asyncpg

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import UNAVAILABLE
from isotrail.projections.servers import ServerPools
from isotrail.projections.timeline_queries import timeline_after, timeline_head
from isotrail.projections.waiting import Positions

log = logging.getLogger(__name__)

QUEUE_SIZE = 256  # rows a subscriber may fall behind before it is ended
READ_LIMIT = 500  # rows per statement; a burst is read in several
CHECK_SECONDS = 5.0
RETRY_SECONDS = 1.0  # after the database failed a read: the subscriptions wait, they do not end

Check = Callable[[Tenant], Awaitable[IsotrailError | None]]  # why the tenant may no longer be followed, if so


class SubscriberTooSlowError(IsotrailError):
    """A subscriber did not take its entries as fast as they came: it is ended, the others go on."""

    code = "subscriber_too_slow"
    template_vi = "Kết nối nhận sự kiện quá chậm (chậm hơn {behind} mục); đăng ký theo dõi đã bị đóng."
    template_en = "The subscriber fell more than {behind} entries behind; its subscription was ended."


class TooManySubscriptionsError(IsotrailError):
    """A token holds as many subscriptions in this process as the setting allows."""

    code = "too_many_subscriptions"
    template_vi = "Mỗi mã xác thực chỉ được mở tối đa {limit} đăng ký theo dõi cùng lúc."
    template_en = "A token may hold at most {limit} subscriptions at once."


class FeedFailedError(IsotrailError):
    """The tenant's live feed could not start (the database did not answer) or failed (logged)."""

    code = "subscription_failed"
    template_vi = "Luồng sự kiện trực tiếp không chạy được; hãy đăng ký lại sau ít giây."
    template_en = "The live event feed could not run; subscribe again in a few seconds."


class Subscriber:
    """One subscription's entries, in order; iterating raises the error that ended it, if any."""

    def __init__(self, unit_id: UUID | None, queue_size: int = QUEUE_SIZE) -> None:
        self.unit_id = unit_id
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(queue_size)
        self._ended: IsotrailError | None = None
        self._woken = asyncio.Event()

    def offer(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if self.unit_id is not None and row["unit_id"] != self.unit_id:
                continue
            try:
                self._queue.put_nowait(row)
            except asyncio.QueueFull:
                self.end(SubscriberTooSlowError(behind=self._queue.maxsize))
                return
        self._woken.set()

    def end(self, error: IsotrailError) -> None:
        if self._ended is None:
            self._ended = error
            self._woken.set()

    def __aiter__(self) -> Subscriber:
        return self

    async def __anext__(self) -> dict[str, Any]:
        while True:
            if self._ended is not None:
                raise self._ended
            if not self._queue.empty():
                return self._queue.get_nowait()
            self._woken.clear()
            await self._woken.wait()


class _Feed:
    """One tenant's reader and its subscribers."""

    def __init__(self, fanout: TimelineFanout, storage: Tenant) -> None:
        self.fanout = fanout
        self.storage = storage
        self.subscribers: set[Subscriber] = set()
        self.ready = asyncio.Event()  # the head is read: subscribers get what comes after it
        self.last = 0
        self.changed = asyncio.Event()  # the registry announced a change of the tenant: check it now
        self.task = asyncio.create_task(self._run(), name=f"timeline feed {storage.slug}")

    async def _run(self) -> None:
        fanout, slug = self.fanout, self.storage.slug
        try:
            self.last = await self._read(timeline_head)
            self.ready.set()
            with fanout.positions.watching(slug, "timeline", self.last + 1) as watch:
                self.changed.set()
                checked = float("-inf")
                while True:
                    if self.changed.is_set() or time.monotonic() - checked >= fanout.check_seconds:
                        self.changed.clear()
                        checked = time.monotonic()
                        refusal = await fanout.check(self.storage)
                        if refusal is not None:
                            self._end(refusal)
                            return
                        with contextlib.suppress(*UNAVAILABLE, asyncpg.PostgresError):
                            await fanout.positions.follow(self.storage)
                    woken = asyncio.ensure_future(watch.woken.wait())
                    changed = asyncio.ensure_future(self.changed.wait())
                    try:
                        await asyncio.wait((woken, changed), return_when=asyncio.FIRST_COMPLETED,
                                           timeout=max(0.0, checked + fanout.check_seconds - time.monotonic()))
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
            self.fanout._forget(self)

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
        pool = await self.fanout.pools.pool_for(self.storage)
        async with pool.acquire() as conn:
            return await query(conn, self.storage, *args, **kwargs)

    def _end(self, error: IsotrailError) -> None:
        for subscriber in self.subscribers:
            subscriber.end(error)


class TimelineFanout:
    """Every tenant's live feed in this process."""

    def __init__(self, pools: ServerPools, positions: Positions, check: Check, *,
                 check_seconds: float = CHECK_SECONDS, queue_size: int = QUEUE_SIZE) -> None:
        self.pools = pools
        self.positions = positions
        self.check = check
        self.check_seconds = check_seconds
        self.queue_size = queue_size
        self._feeds: dict[str, _Feed] = {}
        self._held: dict[str, int] = {}  # subscriptions per owner (a token)

    @contextlib.asynccontextmanager
    async def subscribe(self, storage: Tenant, *, unit_id: UUID | None, owner: str,
                        max_per_owner: int) -> AsyncIterator[Subscriber]:
        """A subscriber to the tenant's new timeline entries (of one unit, or all) for the block.

        Raises:
            TooManySubscriptionsError: ``owner`` already holds ``max_per_owner`` subscriptions here.
        """
        if self._held.get(owner, 0) >= max_per_owner:
            raise TooManySubscriptionsError(limit=max_per_owner)
        self._held[owner] = self._held.get(owner, 0) + 1
        subscriber = Subscriber(unit_id, self.queue_size)
        feed = self._feeds.get(storage.slug)
        if feed is None or feed.task.done():
            feed = self._feeds[storage.slug] = _Feed(self, storage)
        feed.subscribers.add(subscriber)
        try:
            await feed.ready.wait()
            yield subscriber
        finally:
            feed.subscribers.discard(subscriber)
            self._held[owner] -= 1
            if not self._held[owner]:
                del self._held[owner]
            if not feed.subscribers and self._feeds.get(storage.slug) is feed:
                del self._feeds[storage.slug]
                feed.task.cancel()

    def recheck(self, slug: str) -> None:
        """The registry announced a change of the tenant: its feed (if any) checks it at once."""
        feed = self._feeds.get(slug)
        if feed is not None:
            feed.changed.set()

    @property
    def feeds(self) -> int:
        return len(self._feeds)

    def _forget(self, feed: _Feed) -> None:
        if self._feeds.get(feed.storage.slug) is feed:
            del self._feeds[feed.storage.slug]

    async def close(self) -> None:
        feeds, self._feeds = list(self._feeds.values()), {}
        for feed in feeds:
            feed.task.cancel()
        await asyncio.gather(*(feed.task for feed in feeds), return_exceptions=True)
