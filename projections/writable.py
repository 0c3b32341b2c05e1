"""Text PostgreSQL can store, from any text an event holds.

PostgreSQL's ``text`` and ``jsonb`` cannot hold NUL, and no UTF-8 encoder writes a lone surrogate. The
commands refuse both now (domain/text.py), but events an older version stored, or written below the
commands, may hold them, and the read side must fold every stored event: one unwritable character made a
tenant's projector fail on every batch, forever. Each such character becomes U+FFFD (the replacement
character, "a character that could not be represented"), always the same way, so a rebuild writes the
same rows.
"""

from __future__ import annotations

import json
import re
from typing import Any

REPLACEMENT = "\ufffd"
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
# How a stored state holds a NUL: JSON writes it only as this escape. (A lone surrogate, which msgspec
# refuses to decode, is found by that refusal.)
NUL_ESCAPE = b"\\u0000"
BACKSLASH = ord("\\")  # a state without one has no escape at all


def writable_text(text: str) -> str:
    """``text`` with each NUL and lone surrogate replaced by U+FFFD."""
    return _UNWRITABLE.sub(REPLACEMENT, text)


def _writable(value: Any) -> Any:
    if isinstance(value, str):
        return writable_text(value)
    if isinstance(value, list):
        return [_writable(item) for item in value]
    if isinstance(value, dict):
        return {writable_text(key): _writable(item) for key, item in value.items()}
    return value


def writable_json(state: bytes) -> Any:
    """A stored event's JSON state, its strings made writable. Slower than msgspec, and lenient where it
    is strict (lone surrogate escapes, raw control characters, bytes that are not UTF-8, each read as
    U+FFFD or as itself): only for the few states the fast path cannot take as they are. Raises
    ``ValueError`` when the state is not JSON at all."""
    return _writable(json.loads(state.decode("utf-8", "replace"), strict=False))
