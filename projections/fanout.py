"""Live timeline entries for subscribers: one reader per tenant per process, whatever the subscribers.

A tenant's feed (timeline_feed.py) starts with its first subscriber and stops with its last; it reads the
new rows once and hands them to every subscriber of the tenant (timeline_subscriber.py), filtered by unit in
memory: the database cost grows with the writes, not with the subscribers. A token may hold only so many
subscriptions in a process (:class:`TooManySubscriptionsError`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from uuid import UUID

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.projections.servers import ServerPools
from isotrail.projections.timeline_feed import Check, TimelineFeed
from isotrail.projections.timeline_subscriber import QUEUE_SIZE, Subscriber
from isotrail.projections.waiting import Positions

CHECK_SECONDS = 5.0  # how often a feed asks whether its tenant may still be followed


class TooManySubscriptionsError(IsotrailError):
    """A token holds as many subscriptions in this process as the setting allows."""

    code = "too_many_subscriptions"
    template_vi = "Mỗi mã xác thực chỉ được mở tối đa {limit} đăng ký theo dõi cùng lúc."
    template_en = "A token may hold at most {limit} subscriptions at once."


class TimelineFanout:
    """Every tenant's live feed in this process."""

    def __init__(self, pools: ServerPools, positions: Positions, check: Check, *,
                 check_seconds: float = CHECK_SECONDS, queue_size: int = QUEUE_SIZE) -> None:
        self.pools = pools
        self.positions = positions
        self.check = check
        self.check_seconds = check_seconds
        self.queue_size = queue_size
        self._feeds: dict[str, TimelineFeed] = {}
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
            feed = self._feeds[storage.slug] = TimelineFeed(storage, self.pools, self.positions, self.check,
                                                            self.check_seconds, self._forget)
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

    def _forget(self, feed: TimelineFeed) -> None:
        if self._feeds.get(feed.storage.slug) is feed:
            del self._feeds[feed.storage.slug]

    async def close(self) -> None:
        feeds, self._feeds = list(self._feeds.values()), {}
        for feed in feeds:
            feed.task.cancel()
        await asyncio.gather(*(feed.task for feed in feeds), return_exceptions=True)
