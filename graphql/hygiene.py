"""What every HTTP response carries, and the body of a refusal made where Litestar never sees the request
(uvicorn's, see services/entrypoints/http_server.py; the header limits, see graphql/request_headers.py).

The headers go on in a ``before_send`` hook rather than through Litestar's ``response_headers`` or a
middleware: those apply to route handlers only, not to the answers Litestar makes for an unknown path
or a refused method, and every response should carry them.
"""

from __future__ import annotations

from litestar.serialization import encode_json
from litestar.status_codes import HTTP_200_OK
from litestar.types import Message, Scope

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.graphiql_page import ASSETS_PATH
from isotrail.graphql.request_body import InvalidRequestError

# JSON needs nothing from a browser; a page without a policy of its own (the OpenAPI pages, from a CDN) may
# only not be framed
API_POLICY = b"default-src 'none'; frame-ancestors 'none'"
PAGE_POLICY = b"frame-ancestors 'none'"
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),  # answers depend on the token: no cache, shared or private, keeps them
)


async def security_headers(message: Message, scope: Scope) -> None:
    """``nosniff``, no referrer, ``no-store`` and a CSP forbidding framing on every HTTP response (a Litestar
    ``before_send`` hook: it sees every response, an unknown path's and an exception's too). A page that
    states its own CSP (GraphiQL's, graphql/graphiql_page.py) keeps it; a GraphiQL asset served (200, its
    URL naming its version) keeps its long caching."""
    if scope["type"] != "http" or message["type"] != "http.response.start":
        return
    asset = message["status"] == HTTP_200_OK and scope["path"].startswith(f"{ASSETS_PATH}/")
    headers = [(name, value) for name, value in message.get("headers", [])
               if asset or name.lower() != b"cache-control"]
    page = any(name.lower() == b"content-type" and value.startswith(b"text/html") for name, value in headers)
    own_policy = any(name.lower() == b"content-security-policy" for name, _ in headers)
    message["headers"] = [*headers, *(SECURITY_HEADERS[:2] if asset else SECURITY_HEADERS),
                          *(() if own_policy else ((b"content-security-policy", PAGE_POLICY if page else API_POLICY),))]


# what uvicorn answers a request it cannot parse (a request line too long, a bad chunk size) with
MALFORMED = InvalidRequestError(reason_vi="yêu cầu HTTP sai cú pháp (dòng yêu cầu, tiêu đề hoặc khối dữ liệu)",
                                reason_en="the HTTP request is malformed (request line, headers or chunks)")


def typed_body(error: IsotrailError) -> bytes:
    """The JSON body of a refusal sent without a Litestar response (uvicorn's, the header limits')."""
    return encode_json({"errors": [as_graphql_error(error).formatted]})
