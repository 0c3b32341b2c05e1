"""How large a request's JSON may be, checked in C-speed passes before anything walks it.

It nests at most :data:`MAX_JSON_DEPTH` deep: JSON decoders recurse, so a body nested 2,000 deep used to raise
``RecursionError`` (HTTP 500), and a shallower one still made every later walk over the variables recurse as
deep. Its lists and objects hold at most :data:`MAX_LIST_ITEMS` items in all: graphql-core coerces a list
variable item by item on the event loop, and 120,000 statuses (700 KB) held it for 300–670 ms. A list literal
in the document is bounded by the document's token cap (graphql/checked_document.py).
"""

from __future__ import annotations

import re

from isotrail.domain.errors import IsotrailError

MAX_JSON_DEPTH = 32  # a GraphQL request is an object of variables; real ones nest 3 or 4 deep
MAX_LIST_ITEMS = 1000  # in all the variables' lists and objects; real requests hold dozens
_CONTAINERS = frozenset({list, dict})

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_ONE_BRACKET = bytes.maketrans(b"{}", b"[]")


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


def refuse_long_lists(request: dict) -> None:
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


def deeper_than(body: bytes, limit: int) -> bool:
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
