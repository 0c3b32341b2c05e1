"""Every JSON answer of the API is encoded here, and encoding never fails on text a client sent.

A lone surrogate (``"\\ud800"`` in a request's JSON) is no Unicode text: no encoder writes it. The request
checks refuse it where an argument, a field or ``operationName`` holds it, but a library's message may still
echo it (graphql-core's "Variable '$v' got invalid value …" for a variable no argument uses): rather than
answer HTTP 500, such an answer is encoded again with each lone surrogate as U+FFFD, and the first time it
happens a warning says so.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar.serialization import encode_json

log = logging.getLogger(__name__)

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_warned = False


def encode(data: object) -> bytes:
    """``data`` as JSON bytes (msgspec, as Litestar encodes), lone surrogates replaced if any."""
    try:
        return encode_json(data)
    except UnicodeEncodeError:
        global _warned  # noqa: PLW0603 - one warning per process, not one per hostile request
        if not _warned:
            _warned = True
            log.warning("An answer echoed a lone surrogate a client sent; it is sent as U+FFFD "
                        "(further such answers are not logged)")
        return encode_json(_replaced(data))


def _replaced(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_replaced(key): _replaced(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_replaced(item) for item in value]
    return value
