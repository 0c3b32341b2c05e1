"""Log lines: JSON, one per record, written by a thread of their own from a bounded queue."""

from __future__ import annotations

import logging
import queue

from isotrail.services.logs import _BoundedQueueHandler


def test_a_full_log_queue_drops_records_and_says_how_many_once_it_has_room() -> None:
    handler = _BoundedQueueHandler(queue.Queue(maxsize=2))
    for n in range(5):
        handler.handle(logging.makeLogRecord({"msg": f"record {n}", "levelno": logging.INFO}))
    assert [handler.queue.get_nowait().getMessage() for _ in range(2)] == ["record 0", "record 1"]
    assert handler.dropped == 3
    handler.handle(logging.makeLogRecord({"msg": "record 5", "levelno": logging.INFO}))
    assert [handler.queue.get_nowait().getMessage() for _ in range(2)] == [
        "3 log records dropped: stderr was not read", "record 5"]
    assert handler.dropped == 0
