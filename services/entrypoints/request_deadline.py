"""uvicorn's HTTP/1.1 protocol with a deadline for receiving each whole request, and typed refusals of
requests it cannot parse.

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
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from isotrail.graphql.hygiene import API_POLICY, MALFORMED, SECURITY_HEADERS, typed_body

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
