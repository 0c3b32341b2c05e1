"""One live subscription's timeline entries (fanout.py hands them out): a bounded queue, in order.

A subscriber that falls ``QUEUE_SIZE`` rows behind is ended (:class:`SubscriberTooSlowError`) rather than
held in memory or allowed to slow the others.
"""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from isotrail.domain.errors import IsotrailError

QUEUE_SIZE = 256  # rows a subscriber may fall behind before it is ended


class SubscriberTooSlowError(IsotrailError):
    """A subscriber did not take its entries as fast as they came: it is ended, the others go on."""

    code = "subscriber_too_slow"
    template_vi = "Kết nối nhận sự kiện quá chậm (chậm hơn {behind} mục); đăng ký theo dõi đã bị đóng."
    template_en = "The subscriber fell more than {behind} entries behind; its subscription was ended."


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
