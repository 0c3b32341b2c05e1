"""The HTTP server of ``serve`` and ``api``: uvicorn on uvloop (libuv's event loop) and httptools (llhttp, a C
HTTP/1.1 parser), bounded on the wire (with the protocol of ``request_deadline.py``), and the metrics
listener. tests/bench serves its raw endpoint with the same :func:`server_config`, so the comparison is
of the application alone."""

from __future__ import annotations

import functools
import threading
from typing import Any

import uvicorn

from isotrail.graphql.app import MAX_BODY_BYTES
from isotrail.services.entrypoints.request_deadline import RequestDeadlineProtocol
from isotrail.services.http_settings import HttpSettings, MetricsSettings


def server_config(app: Any, http: HttpSettings, *, host: str | None = None, port: int | None = None) -> uvicorn.Config:
    """uvicorn's settings for the API (and the metrics listener): uvloop, httptools, and WebSockets by the
    websockets package (sans-I/O); its loggers left to the process's logging (JSON lines, services/logs.py)
    rather than its own plain-text handlers, no ``server`` banner, request heads of at most
    ``max_header_bytes``, idle connections closed after ``keep_alive_seconds``, a request received whole
    within ``request_read_seconds``, and at most ``graceful_shutdown_seconds`` for requests in flight on
    SIGTERM."""
    return uvicorn.Config(
        app, host=http.host if host is None else host, port=http.port if port is None else port,
        loop="uvloop", ws="websockets-sansio", log_level="warning", log_config=None, server_header=False,
        http=functools.partial(RequestDeadlineProtocol, request_read_seconds=http.request_read_seconds,
                               max_head_bytes=http.max_header_bytes),
        timeout_keep_alive=http.keep_alive_seconds,
        ws_max_size=MAX_BODY_BYTES,  # a WebSocket message is a request too: no larger than an HTTP body
        timeout_graceful_shutdown=http.graceful_shutdown_seconds)


def serve(api: Any, http: HttpSettings, metrics_app: Any, metrics: MetricsSettings) -> None:
    """Serve ``api`` until SIGTERM or Ctrl-C; with ``ISOTRAIL_METRICS__PORT`` set, ``metrics_app`` on a
    listener of its own, in a thread of its own (uvicorn handles signals in the main thread only)."""
    if metrics.port is not None:
        listener = uvicorn.Server(server_config(metrics_app, http, host=metrics.host, port=metrics.port))
        threading.Thread(target=listener.run, name="isotrail-metrics", daemon=True).start()
    uvicorn.Server(server_config(api, http)).run()
