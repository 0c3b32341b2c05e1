"""How much document checking each caller may have done for it: a leaky bucket of checking time per caller.

Every document seen for the first time is checked in the one document thread (:data:`document_cache.CHECKER`), a
few milliseconds each. A caller sending new documents without end (the same heavy one with a new comment,
say) would keep that thread busy, and every other tenant's new documents, and the event loop's share of the
interpreter, would wait behind it. So each caller (the token's tenant and subject: a request without a valid
token is refused before its text is parsed) has one check at a time, and pays the thread's time for each:
past :data:`BURST` seconds of checking not yet drained at :data:`SECONDS_PER_SECOND`, its new documents are
refused with :class:`TooManyNewQueriesError` (its documents already checked are still served from the cache).
A dashboard's handful of documents costs a few tens of milliseconds, once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TypeVar

from isotrail.domain.errors import IsotrailError

SECONDS_PER_SECOND = 0.1  # of the document thread's time a caller may use, sustained
BURST = 0.25  # seconds of checking a caller may use at once (a client's first requests)
REMEMBERED_CALLERS = 4096  # past this, callers whose bucket has drained are forgotten

T = TypeVar("T")


class TooManyNewQueriesError(IsotrailError):
    """A caller sent more new documents than may be checked for it in a while."""

    code = "too_many_new_queries"
    template_vi = ("Quá nhiều truy vấn mới trong thời gian ngắn. Hãy thử lại sau {retry_after} giây "
                   "hoặc dùng lại các truy vấn đã gửi (có thể truyền giá trị qua biến).")
    template_en = ("Too many new queries in a short time. Retry in {retry_after} s, or reuse the queries "
                   "already sent (values can be passed as variables).")


@dataclass
class _Bucket:
    level: float = 0.0  # seconds of checking not yet drained
    drained_at: float = field(default_factory=time.monotonic)
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    loop: asyncio.AbstractEventLoop | None = None  # a lock waits on one loop; a new server has its own

    def turn_on(self, loop: asyncio.AbstractEventLoop) -> asyncio.Lock:
        if self.loop is not loop:
            self.loop, self.turn = loop, asyncio.Lock()
        return self.turn

    def drain(self, now: float) -> None:
        self.level = max(0.0, self.level - (now - self.drained_at) * SECONDS_PER_SECOND)
        self.drained_at = now


class CheckingBudgets:
    """The buckets of the callers seen lately; used on the event loop only."""

    def __init__(self) -> None:
        self._buckets: dict[Hashable, _Bucket] = {}

    async def run(self, caller: Hashable, executor: Executor, work: Callable[[], T]) -> T:
        """``work`` in ``executor``, once the caller's previous check is done, charged to its bucket.

        Raises:
            TooManyNewQueriesError: the caller's bucket is full.
        """
        bucket = self._buckets.get(caller)
        if bucket is None:
            self._forget_drained()
            bucket = self._buckets[caller] = _Bucket()
        loop = asyncio.get_running_loop()
        async with bucket.turn_on(loop):
            bucket.drain(time.monotonic())
            if bucket.level > BURST:
                raise TooManyNewQueriesError(retry_after=round((bucket.level - BURST) / SECONDS_PER_SECOND + 0.5))
            result, spent = await loop.run_in_executor(executor, _timed, work)
            bucket.level += spent
        return result

    def _forget_drained(self) -> None:
        if len(self._buckets) < REMEMBERED_CALLERS:
            return
        now = time.monotonic()
        for caller, bucket in list(self._buckets.items()):
            bucket.drain(now)
            if bucket.level == 0 and not bucket.turn.locked():
                del self._buckets[caller]


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    """The work's result and the CPU time the thread spent on it (not the time it waited for the interpreter)."""
    started = time.thread_time()
    result = work()
    return result, time.thread_time() - started
