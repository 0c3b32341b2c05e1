"""What an HTTP request to ``/graphql`` must be before GraphQL sees it, refused with typed errors: a JSON
object (its size bounded, see :mod:`json_bounds`) whose ``operationName``, if any, is a name.
"""

from __future__ import annotations

import json

from litestar.exceptions import SerializationException
from litestar.serialization import decode_json

from isotrail.domain.errors import IsotrailError
from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.refused_characters import check_characters
from isotrail.graphql.json_bounds import (
    MAX_JSON_DEPTH,
    MAX_LIST_ITEMS,
    RequestTooDeepError,
    deeper_than,
    refuse_long_lists,
)


class InvalidRequestError(IsotrailError):
    """The HTTP request is not a GraphQL request this server reads."""

    code = "invalid_request"
    template_vi = "Yêu cầu GraphQL không hợp lệ: {reason_vi}"
    template_en = "Invalid GraphQL request: {reason_en}"


class InvalidOperationNameError(InvalidRequestError):
    """``operationName`` holds a character no name may hold (a NUL, a lone surrogate, a control)."""

    field = "operationName"


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
    if deeper_than(body, MAX_JSON_DEPTH):
        raise RequestTooDeepError(limit=MAX_JSON_DEPTH)
    if sum(map(body.count, (b",", b"[", b"{"))) > MAX_LIST_ITEMS:  # else fewer items, whatever they are
        refuse_long_lists(value)
    _check_operation_name(value.get("operationName"))
    return value


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
