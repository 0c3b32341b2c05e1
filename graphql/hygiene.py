"""What every HTTP response carries and what every request may hold.

The headers go on in a ``before_send`` hook rather than through Litestar's ``response_headers`` or a
middleware: those apply to route handlers only, not to the answers Litestar makes for an unknown path
or a refused method, and every response should carry them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from litestar.serialization import encode_json
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.request_body import InvalidRequestError

# JSON needs nothing from a browser; GraphiQL (a page from a CDN, with inline scripts) may only not be framed
API_POLICY = b"default-src 'none'; frame-ancestors 'none'"
PAGE_POLICY = b"frame-ancestors 'none'"
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),  # answers depend on the token: no cache, shared or private, keeps them
)


class HeadersTooLargeError(IsotrailError):
    """The request's headers are more, or larger, than the server reads."""

    code = "headers_too_large"
    template_vi = "Phần tiêu đề (header) của yêu cầu quá lớn: tối đa {limit} dòng và {max_bytes} byte."
    template_en = "The request's headers are too large: at most {limit} lines and {max_bytes} bytes."


async def security_headers(message: Message, scope: Scope) -> None:
    """``nosniff``, no referrer, ``no-store`` and a CSP forbidding framing on every HTTP response (a Litestar
    ``before_send`` hook: it sees every response, an unknown path's and an exception's too)."""
    if scope["type"] != "http" or message["type"] != "http.response.start":
        return
    headers = [(name, value) for name, value in message.get("headers", []) if name.lower() != b"cache-control"]
    page = any(name.lower() == b"content-type" and value.startswith(b"text/html") for name, value in headers)
    message["headers"] = [*headers, *SECURITY_HEADERS,
                          (b"content-security-policy", PAGE_POLICY if page else API_POLICY)]


# Content-Length and Transfer-Encoding together: a proxy reading the first and this server the second
# (h11 does) would see different requests in the same bytes (request smuggling)
AMBIGUOUS_LENGTH = InvalidRequestError(
    reason_vi="yêu cầu có cả Content-Length và Transfer-Encoding, không rõ nội dung dài bao nhiêu",
    reason_en="the request has both Content-Length and Transfer-Encoding; its length is ambiguous")
# what uvicorn answers a request it cannot parse (a request line too long, a bad chunk size) with
MALFORMED = InvalidRequestError(reason_vi="yêu cầu HTTP sai cú pháp (dòng yêu cầu, tiêu đề hoặc khối dữ liệu)",
                                reason_en="the HTTP request is malformed (request line, headers or chunks)")


def _both_lengths(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    names = {name.lower() for name, _ in headers}
    return b"content-length" in names and b"transfer-encoding" in names


def typed_body(error: IsotrailError) -> bytes:
    """The JSON body of a refusal made outside Litestar (uvicorn's, see services/entrypoints/request_deadline.py)."""
    return encode_json({"errors": [as_graphql_error(error).formatted]})


def header_limit(limit: int, max_bytes: int) -> Callable[[ASGIApp], ASGIApp]:
    """Refuse a request with more than ``limit`` header lines or ``max_bytes`` of them (HTTP 431, typed),
    or with both Content-Length and Transfer-Encoding (HTTP 400, typed, and the connection closed),
    before anything reads them. uvicorn bounds only a head still arriving (``h11_max_incomplete_event_size``):
    one that arrives whole in a single read is parsed whatever its size."""

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

