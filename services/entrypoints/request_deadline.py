"""uvicorn's HTTP/1.1 protocol on httptools (llhttp, in C) with a deadline for receiving each whole request, a
bound on a request's head, and typed refusals of requests it cannot parse.

uvicorn bounds the idle time between requests (``timeout_keep_alive``), but nothing bounds the time a client
takes to send a request: a connection holding half a request head stays open until the client leaves (100
such connections stayed open for 60 s and more). :class:`RequestDeadlineProtocol` closes a connection that
has not delivered a whole request, head and body, within ``ISOTRAIL_HTTP__REQUEST_READ_SECONDS`` of its first
byte (or of the connection being opened). No answer is sent: HTTP/1.1 has no response before a request head,
and a client that slow is not reading one.

httptools buffers a head however long it grows (uvicorn's h11 protocol stopped at
``h11_max_incomplete_event_size``): a head still arriving after ``max_head_bytes`` have come, or a request
line (its target) longer than that, is refused. A head that arrives whole in one read is parsed, and its
headers counted by graphql/request_headers.py.

A request the parser cannot parse (a request line longer than the head's bound, a bad chunk size, both
Content-Length and Transfer-Encoding) gets, instead of uvicorn's plain text, the typed ``invalid_request``
every other refusal is, with the security headers.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from isotrail.graphql.hygiene import API_POLICY, MALFORMED, SECURITY_HEADERS, typed_body


def _malformed_answer() -> bytes:
    body = typed_body(MALFORMED)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close"), *SECURITY_HEADERS, (b"content-security-policy", API_POLICY)]
    return b"".join([b"HTTP/1.1 400 Bad Request\r\n", *(name + b": " + value + b"\r\n" for name, value in headers),
                     b"\r\n", body])


MALFORMED_ANSWER = _malformed_answer()


class HeadTooLargeError(ValueError):
    """Raised in a parser callback: httptools turns it into the parse error uvicorn answers with a 400."""


class RequestDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol (httptools) with a deadline for receiving each whole request and a bound
    on its head."""

    def __init__(self, *args: Any, request_read_seconds: float, max_head_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_read_seconds = request_read_seconds
        self.max_head_bytes = max_head_bytes
        self._deadline: asyncio.TimerHandle | None = None
        self._receiving = True  # a request (or the connection's first) is on its way, not yet whole
        self._in_head = True  # its head is not yet whole
        self._head_bytes = 0  # bytes received while the head was not whole
        self._began = False  # a request began in the read being parsed

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline = self.loop.call_later(self.request_read_seconds, self._too_slow)

    def data_received(self, data: bytes) -> None:
        self._began = False
        super().data_received(data)
        if self.transport.get_protocol() is not self or self.transport.is_closing():
            self._cancel_deadline()  # handed to a WebSocket protocol, or refused
        elif self._in_head and self._receiving and not self._began:
            # a head still arriving: the reads after the one it began in (where its share is unknown, a
            # previous request's body may precede it) count whole
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self.send_400_response("head too large")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._receiving, self._in_head, self._head_bytes, self._began = True, True, 0, True
        if self._deadline is None:  # a new request on a kept-alive connection
            self._deadline = self.loop.call_later(self.request_read_seconds, self._too_slow)

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.max_head_bytes:
            raise HeadTooLargeError

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._receiving = False
        self._cancel_deadline()
        super().on_message_complete()

    def send_400_response(self, msg: str) -> None:  # msg: uvicorn's English reason; the answer is typed
        self._cancel_deadline()
        if not self.transport.is_closing():
            self.transport.write(MALFORMED_ANSWER)
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
        if self._receiving and not self.transport.is_closing() and self.transport.get_protocol() is self:
            self.transport.close()
