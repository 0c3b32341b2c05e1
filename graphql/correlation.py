"""Every request gets a correlation id (the client's ``X-Correlation-Id`` or a new one): bound to the
logs, echoed in the response, and stamped on the events its commands record.

The middleware runs for routes only; the response header goes on in a ``before_send`` hook, which sees
every answer, an unknown path's (404) and a refused method's too."""

from __future__ import annotations

import re
from uuid import uuid4

import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-correlation-id"
_SAFE = re.compile(r"[A-Za-z0-9._:-]{1,100}")


def _correlation_id(scope: Scope) -> str:
    """The request's id, chosen once: the client's if it is safe to repeat, else a new one."""
    state = scope.setdefault("state", {})
    if "correlation_id" not in state:
        given = dict(scope.get("headers", [])).get(HEADER, b"").decode("latin-1")
        state["correlation_id"] = given if _SAFE.fullmatch(given) else uuid4().hex
    return state["correlation_id"]


def correlation_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        with structlog.contextvars.bound_contextvars(correlation_id=_correlation_id(scope)):
            await app(scope, receive, send)

    return middleware


async def correlation_header(message: Message, scope: Scope) -> None:
    """Litestar ``before_send`` hook: the id on every HTTP response."""
    if scope["type"] == "http" and message["type"] == "http.response.start":
        message["headers"] = [*message.get("headers", []), (HEADER, _correlation_id(scope).encode())]
