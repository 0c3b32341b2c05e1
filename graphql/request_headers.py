"""What a request's headers may be, checked before anything reads them: at most so many lines and bytes
(HTTP 431), and never both Content-Length and Transfer-Encoding (HTTP 400, and the connection closed).
The HTTP protocol bounds only a head still arriving (services/entrypoints/request_deadline.py): one that
arrives whole in a single read is parsed whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from litestar.types import ASGIApp, Receive, Scope, Send

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.hygiene import typed_body
from isotrail.graphql.request_body import InvalidRequestError


class HeadersTooLargeError(IsotrailError):
    """The request's headers are more, or larger, than the server reads."""

    code = "headers_too_large"
    template_vi = "Phần tiêu đề (header) của yêu cầu quá lớn: tối đa {limit} dòng và {max_bytes} byte."
    template_en = "The request's headers are too large: at most {limit} lines and {max_bytes} bytes."


# Content-Length and Transfer-Encoding together: a proxy reading the first and a server the second would see
# different requests in the same bytes (request smuggling); llhttp refuses them before this middleware, which
# keeps the rule whatever the server's parser
AMBIGUOUS_LENGTH = InvalidRequestError(
    reason_vi="yêu cầu có cả Content-Length và Transfer-Encoding, không rõ nội dung dài bao nhiêu",
    reason_en="the request has both Content-Length and Transfer-Encoding; its length is ambiguous")


def _both_lengths(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    names = {name.lower() for name, _ in headers}
    return b"content-length" in names and b"transfer-encoding" in names


def header_limit(limit: int, max_bytes: int) -> Callable[[ASGIApp], ASGIApp]:
    """The middleware refusing a request with more than ``limit`` header lines or ``max_bytes`` of them, or
    with both Content-Length and Transfer-Encoding, with a typed error."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            headers = scope.get("headers", ()) if scope["type"] in ("http", "websocket") else ()
            if len(headers) > limit or sum(len(name) + len(value) for name, value in headers) > max_bytes:
                await _refuse(scope, send, HeadersTooLargeError(limit=limit, max_bytes=max_bytes), 431)
                return
            if _both_lengths(headers):
                await _refuse(scope, send, AMBIGUOUS_LENGTH, 400)
                return
            await app(scope, receive, send)

        return middleware

    return factory


async def _refuse(scope: Scope, send: Send, error: IsotrailError, status: int) -> None:
    if scope["type"] == "websocket":  # closing before accepting answers the handshake with 403
        await send({"type": "websocket.close", "code": 1008, "reason": error.code})
        return
    body = typed_body(error)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
