"""Every request gets a correlation id (the client's ``X-Correlation-Id`` or a new one): bound to the
logs, echoed in the response, and stamped on the events its commands record."""

from __future__ import annotations

import re
from uuid import uuid4

import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-correlation-id"
_SAFE = re.compile(r"[A-Za-z0-9._:-]{1,100}")


def correlation_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(HEADER, b"").decode("latin-1")
        correlation_id = given if _SAFE.fullmatch(given) else uuid4().hex
        scope.setdefault("state", {})["correlation_id"] = correlation_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (HEADER, correlation_id.encode())]
            await send(message)

        with structlog.contextvars.bound_contextvars(correlation_id=correlation_id):
            await app(scope, receive, send_with_id)

    return middleware
