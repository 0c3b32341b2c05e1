"""Structured JSON logs (structlog), each line carrying the request's correlation id when there is one.

Every record becomes one JSON line, whoever logs it (ours, uvicorn's, Litestar's, graphql-core's messages
that repeat a client's value): a line break a client sent is written as ``\\n`` inside a string, so it
cannot start a forged line. Characters that change how a terminal shows a line (C1 controls, bidirectional
controls, line and paragraph separators) and lone surrogates are written as ``\\uXXXX`` escapes too;
Vietnamese stays readable.
"""

from __future__ import annotations

import atexit
import json
import logging
import logging.handlers
import queue
import re
import sys
from typing import Any

import structlog

_UNSHOWABLE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_line(event: dict[str, Any], **_: Any) -> str:
    """One record as one line of JSON (JSON escapes C0 controls, line breaks among them; see the module)."""
    return _UNSHOWABLE.sub(_escape, json.dumps(event, ensure_ascii=False, default=str))


MAX_QUEUED_RECORDS = 10_000  # a few MB of lines; past it records are dropped (and counted), never memory


class _BoundedQueueHandler(logging.handlers.QueueHandler):
    """Queues rendered records for the writer thread; when stderr is not read and the queue is full, drops
    records instead of blocking the event loop or growing without end, and says how many once it can."""

    dropped = 0

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            if self.dropped:
                notice = logging.makeLogRecord({"name": __name__, "levelno": logging.WARNING, "levelname": "WARNING",
                                                "msg": f"{self.dropped} log records dropped: stderr was not read"})
                self.queue.put_nowait(self.prepare(notice))
                self.dropped = 0
            self.queue.put_nowait(record)
        except queue.Full:
            self.dropped += 1


def configure_logging(level: int = logging.INFO) -> None:
    """Route stdlib and structlog records through one JSON renderer on stderr."""
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    # Records are rendered where they are logged but written by a thread of their own: a write to a full
    # stderr pipe (a collector that reads slowly, or not at all) must not stall the event loop.
    handler = _BoundedQueueHandler(queue.Queue(maxsize=MAX_QUEUED_RECORDS))
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared, processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                                              structlog.processors.JSONRenderer(serializer=json_line)]))
    writer = logging.handlers.QueueListener(handler.queue, logging.StreamHandler(sys.stderr))
    writer.start()
    atexit.register(writer.stop)  # writes what is queued before the process ends
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
