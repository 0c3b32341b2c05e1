"""The HTTP server of ``serve`` and ``api``: uvicorn, bounded on the wire, and the metrics listener.

uvicorn bounds a request's head (``h11_max_incomplete_event_size``) and the idle time between requests
(``timeout_keep_alive``), but nothing bounds the time a client takes to send a request: a connection
holding half a request head stays open until the client leaves (100 such connections stayed open for
60 s and more). :class:`RequestDeadlineProtocol` closes a connection that has not delivered a whole
request, head and body, within ``ISOTRAIL_HTTP__REQUEST_READ_SECONDS`` of its first byte (or of the
connection being opened). No answer is sent: HTTP/1.1 has no response before a request head, and a
client that slow is not reading one.

A request uvicorn cannot parse (a request line longer than the head's bound, a bad chunk size) gets, instead
of uvicorn's plain text, the typed ``invalid_request`` every other refusal is, with the security headers.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from isotrail.graphql.app import MAX_BODY_BYTES
from isotrail.graphql.hygiene import API_POLICY, MALFORMED, SECURITY_HEADERS, typed_body
from isotrail.services.http_settings import HttpSettings, MetricsSettings

_RECEIVING = (h11.IDLE, h11.SEND_BODY)  # the client's side of h11's state machine while a request is on its way


class RequestDeadlineProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol (h11) with a deadline for receiving each whole request."""

    def __init__(self, *args: Any, request_read_seconds: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_read_seconds = request_read_seconds
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline = self.loop.call_later(self.request_read_seconds, self._too_slow)

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state in _RECEIVING:  # a new request on a kept-alive connection
            self._deadline = self.loop.call_later(self.request_read_seconds, self._too_slow)
        super().data_received(data)
        if self.conn.their_state not in _RECEIVING or self.transport.get_protocol() is not self:
            self._cancel_deadline()  # received whole, or handed to a WebSocket protocol

    def send_400_response(self, msg: str) -> None:  # msg: uvicorn's English reason; the answer is typed
        body = typed_body(MALFORMED)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close"), *SECURITY_HEADERS, (b"content-security-policy", API_POLICY)]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if (not self.transport.is_closing() and self.conn.their_state in _RECEIVING
                and self.transport.get_protocol() is self):
            self.transport.close()


def server_config(app: Any, http: HttpSettings, *, host: str | None = None, port: int | None = None) -> uvicorn.Config:
    """uvicorn's settings for the API (and the metrics listener): its loggers left to the process's logging
    (JSON lines, services/logs.py) rather than its own plain-text handlers, no ``server`` banner, request heads of
    at most ``max_header_bytes``, idle connections closed after ``keep_alive_seconds``, a request received
    whole within ``request_read_seconds``, and at most ``graceful_shutdown_seconds`` for requests in
    flight on SIGTERM."""
    return uvicorn.Config(
        app, host=http.host if host is None else host, port=http.port if port is None else port,
        log_level="warning", log_config=None, server_header=False,
        http=functools.partial(RequestDeadlineProtocol, request_read_seconds=http.request_read_seconds),
        h11_max_incomplete_event_size=http.max_header_bytes, timeout_keep_alive=http.keep_alive_seconds,
        ws_max_size=MAX_BODY_BYTES,  # a WebSocket message is a request too: no larger than an HTTP body
        timeout_graceful_shutdown=http.graceful_shutdown_seconds)


def serve(api: Any, http: HttpSettings, metrics_app: Any, metrics: MetricsSettings) -> None:
    """Serve ``api`` until SIGTERM or Ctrl-C; with ``ISOTRAIL_METRICS__PORT`` set, ``metrics_app`` on a
    listener of its own, in a thread of its own (uvicorn handles signals in the main thread only)."""
    if metrics.port is not None:
        listener = uvicorn.Server(server_config(metrics_app, http, host=metrics.host, port=metrics.port))
        threading.Thread(target=listener.run, name="isotrail-metrics", daemon=True).start()
    uvicorn.Server(server_config(api, http)).run()
