"""What an HTTP request to ``/graphql`` must be before GraphQL sees it, refused with typed errors.

The body (and a GET's ``variables``) is a JSON object nested at most :data:`MAX_JSON_DEPTH` deep: JSON
decoders recurse, so a body nested 2,000 deep used to raise ``RecursionError`` (HTTP 500), and a
shallower one still made every later walk over the variables recurse as deep. Its lists and objects hold at most
:data:`MAX_LIST_ITEMS` items in all: graphql-core coerces a list variable item by item on the event loop,
and 120,000 statuses (700 KB) held it for 300–670 ms. A list literal in the document is bounded by the
document's token cap (graphql/limits.py).
"""

from __future__ import annotations

import json
import re

from litestar.exceptions import SerializationException
from litestar.serialization import decode_json

from isotrail.domain.errors import InvalidValueError, IsotrailError
from isotrail.domain.text import check_characters

MAX_JSON_DEPTH = 32  # a GraphQL request is an object of variables; real ones nest 3 or 4 deep
MAX_LIST_ITEMS = 1000  # in all the variables' lists and objects; real requests hold dozens
_CONTAINERS = frozenset({list, dict})

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_ONE_BRACKET = bytes.maketrans(b"{}", b"[]")


class InvalidRequestError(IsotrailError):
    """The HTTP request is not a GraphQL request this server reads."""

    code = "invalid_request"
    template_vi = "Yêu cầu GraphQL không hợp lệ: {reason_vi}"
    template_en = "Invalid GraphQL request: {reason_en}"


class InvalidOperationNameError(InvalidRequestError):
    """``operationName`` holds a character no name may hold (a NUL, a lone surrogate, a control)."""

    field = "operationName"


class RequestTooDeepError(IsotrailError):
    """The request's JSON nests deeper than the server reads."""

    code = "request_too_deep"
    field = "variables"
    template_vi = "JSON của yêu cầu lồng nhau quá sâu: tối đa {limit} cấp."
    template_en = "The request's JSON is nested too deep: at most {limit} levels."


class ListTooLongError(IsotrailError):
    """The request's variables hold more list items (and object fields) than the server reads."""

    code = "list_too_long"
    template_vi = "Danh sách trong biến «{field}» quá dài: các biến chứa tối đa {limit} phần tử."
    template_en = "The list in variable `{field}` is too long: the variables hold at most {limit} items."


class SubscriptionOverHttpError(IsotrailError):
    """A subscription was sent as an HTTP request."""

    code = "subscription_over_http"
    template_vi = "Đăng ký theo dõi (subscription) chỉ chạy qua WebSocket (graphql-transport-ws) tại /graphql."
    template_en = "Subscriptions run over WebSocket (graphql-transport-ws) at /graphql, not over HTTP."


def decode_object(data: str | bytes) -> dict:
    """A JSON object from the body (or a GET's ``variables``).

    Raises:
        RequestTooDeepError: nested deeper than :data:`MAX_JSON_DEPTH`.
        ListTooLongError: its lists and objects hold more than :data:`MAX_LIST_ITEMS` items.
        InvalidRequestError: not JSON, or JSON but not an object (``42``, ``null``, ``[]``: batches are off).
    """
    body = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    try:
        value = decode_json(body)  # msgspec, as Litestar decodes
    except RecursionError:
        raise RequestTooDeepError(limit=MAX_JSON_DEPTH) from None
    except SerializationException:
        value = _with_lone_surrogates(body)
    if not isinstance(value, dict):
        raise InvalidRequestError(reason_vi="nội dung phải là một đối tượng JSON ({…})",
                                  reason_en="the body must be a JSON object ({…})")
    if _deeper_than(body, MAX_JSON_DEPTH):
        raise RequestTooDeepError(limit=MAX_JSON_DEPTH)
    if sum(map(body.count, (b",", b"[", b"{"))) > MAX_LIST_ITEMS:  # else fewer items, whatever they are
        _refuse_long_lists(value)
    _check_operation_name(value.get("operationName"))
    return value


def _refuse_long_lists(request: dict) -> None:
    """Walks the decoded request without recursion, counting the items of its lists and objects (the
    body's own keys aside) and looking into containers only (C-speed filters pass over lists of scalars);
    the error names the variable (the key under ``variables`` in a body, the top key of a GET's
    ``variables``) at which the count went past :data:`MAX_LIST_ITEMS`."""
    variables = request.get("variables")
    pending: list[tuple[str, object]] = [(name, value) for name, value in request.items() if value is not variables]
    if isinstance(variables, dict):
        pending += variables.items()
    items = 0
    while pending:
        name, value = pending.pop()
        if not isinstance(value, list | dict):
            continue
        items += len(value)
        if items > MAX_LIST_ITEMS:
            raise ListTooLongError(field=name, limit=MAX_LIST_ITEMS)
        inner = value.values() if isinstance(value, dict) else value
        if _CONTAINERS.intersection(map(type, inner)):
            pending.extend((name, item) for item in inner)


def _check_operation_name(name: object) -> None:
    """Libraries echo an unknown ``operationName`` in their refusal: one holding a NUL or a lone surrogate
    would reach the client (and the log) raw, or fail to encode. Refused here, naming the field, without
    repeating the value."""
    if isinstance(name, str):
        try:
            check_characters(name, "operationName")
        except InvalidValueError as refused:
            raise InvalidOperationNameError(reason_vi=f"«operationName» {refused.reason_vi}",
                                            reason_en=f"operationName {refused.reason_en}") from None


def _not_a_constant(name: str) -> None:
    raise ValueError(name)


def _with_lone_surrogates(body: bytes) -> object:
    """JSON that msgspec refuses only for a lone surrogate escape (``"\\ud800"``) is still JSON: decoded, its
    text reaches the checks that name the argument or field holding it (graphql/arguments.py, domain/text.py)."""
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_not_a_constant)
    except RecursionError:
        raise RequestTooDeepError(limit=MAX_JSON_DEPTH) from None
    except ValueError:  # UnicodeDecodeError and JSONDecodeError too
        raise InvalidRequestError(reason_vi="nội dung không phải JSON hợp lệ (UTF-8)",
                                  reason_en="the body is not valid JSON (UTF-8)") from None


def _deeper_than(body: bytes, limit: int) -> bool:
    """Whether valid JSON nests deeper than ``limit``, without recursion and in C-speed passes: strings
    removed, only brackets kept, then innermost pairs peeled one level per pass."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b"", body).translate(_ONE_BRACKET, _NOT_BRACKETS)
    for _ in range(limit):
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    return bool(brackets)
