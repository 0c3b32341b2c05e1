"""Page cursors: the sort key and id of the last row a client saw, opaque to it (base64 JSON), and checked
when they come back before anything of them reaches SQL."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from isotrail.domain.errors import IsotrailError
from isotrail.projections.orderings import Ordering

# ours hold a sort key and an id: the longest, a unit's name of 300 characters, has a key of up to ~600 (its
# letters, then its tones), ~1,700 characters once encoded; longer ones are not ours (and graphql/arguments.py
# refuses any argument over 2,000 characters before this)
MAX_CURSOR_LENGTH = 2000
_INTEGERS = {"int": 2**31, "bigint": 2**63}


class InvalidCursorError(IsotrailError):
    """The cursor was not made by this server for this list, ordering and direction."""

    code = "invalid_cursor"
    template_vi = "Con trỏ phân trang không hợp lệ."
    template_en = "Invalid pagination cursor."

    def __init__(self, argument: str = "after") -> None:
        super().__init__(argument=argument)

    @property
    def field(self) -> str:  # type: ignore[override]  # after or before, whichever held it
        return self.argument


def _encode(value: Any) -> Any:
    if value == date.max:  # how asyncpg reads PostgreSQL's 'infinity' date (nulls sort there: coalesce)
        return "infinity"
    return value.isoformat() if isinstance(value, date | datetime) else str(value) if isinstance(value, UUID) else value


def _sort(ordering: Ordering) -> str:
    """What a cursor names its ordering by: the expression and the direction (a key is past another in one
    direction only), and the tie-breaking id column, which names the list (units and programmes both sort by
    ``code``)."""
    return f"{ordering.expression} {'DESC' if ordering.descending else 'ASC'}, {ordering.id_column}"


def make_cursor(ordering: Ordering, sort_value: Any, row_id: Any) -> str:
    payload = json.dumps([_sort(ordering), _encode(sort_value), _encode(row_id)], ensure_ascii=False)
    return base64.urlsafe_b64encode(payload.encode()).decode()


def read_cursor(ordering: Ordering, cursor: str, argument: str = "after") -> tuple[str, str]:
    """The sort value and id a cursor holds, as text PostgreSQL casts to the ordering's types.

    Cursors come back from clients, so any that this server did not make for this list, ordering and direction — not
    base64,
    not JSON, nested, too long, or holding a value its column's type cannot take (a bad uuid, date or
    integer, a NUL in text) — is refused here, before it reaches SQL.

    Raises:
        InvalidCursorError: for any such cursor, naming ``argument`` (``after`` or ``before``).
    """
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError(cursor)
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, TypeError, RecursionError):  # UnicodeError and binascii.Error are ValueErrors
        raise InvalidCursorError(argument) from None
    if not (isinstance(decoded, list) and len(decoded) == 3 and decoded[0] == _sort(ordering)):  # noqa: PLR2004
        raise InvalidCursorError(argument)
    sort_value, row_id = _as_text(decoded[1], ordering.sql_type), _as_text(decoded[2], ordering.id_type)
    if sort_value is None or row_id is None:
        raise InvalidCursorError(argument)
    return sort_value, row_id


def _as_text(value: Any, sql_type: str) -> str | None:
    """``value`` as the text of a ``sql_type`` value, or None if PostgreSQL would refuse the cast."""
    try:
        if sql_type == "uuid":
            return str(UUID(value)) if isinstance(value, str) else None
        if sql_type == "date":
            return value if value == "infinity" else date.fromisoformat(value).isoformat()
        if sql_type in _INTEGERS:
            bound = _INTEGERS[sql_type]
            return str(value) if type(value) is int and -bound <= value < bound else None
        if isinstance(value, str) and "\x00" not in value:  # text: PostgreSQL holds neither NUL nor lone surrogates
            value.encode("utf-8")
            return value
    except (ValueError, TypeError):
        return None
    return None
