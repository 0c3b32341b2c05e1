"""Keyset (cursor) pagination over the read models, with filters and ordering done in SQL.

A cursor is the sort key and id of the last row a client saw, opaque to it (base64 JSON). Pages
are ``first`` rows after the cursor, capped at :data:`MAX_PAGE_SIZE`; fetching one row more tells
whether there is a next page. Every value reaches SQL as a ``$n`` parameter.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from isotrail.domain.errors import IsotrailError
from isotrail.projections.driver import Connection

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


class InvalidCursorError(IsotrailError):
    """The cursor was not made by this server for this ordering."""

    code = "invalid_cursor"
    field = "after"
    template_vi = "Con trỏ phân trang không hợp lệ."
    template_en = "Invalid pagination cursor."


class InvalidPageSizeError(IsotrailError):
    code = "invalid_page_size"
    field = "first"
    template_vi = "Số bản ghi mỗi trang phải từ 1 đến {maximum}."
    template_en = "Page size must be between 1 and {maximum}."


class InvalidOrderingError(IsotrailError):
    code = "invalid_ordering"
    field = "orderBy"
    template_vi = "Không sắp xếp được theo «{order_by}»; chọn một trong: {allowed}."
    template_en = "Cannot order by '{order_by}'; choose one of: {allowed}."


def ordering(orderings: dict[str, Ordering], order_by: str) -> Ordering:
    """The named ordering, or a typed error that lists the allowed names."""
    try:
        return orderings[order_by]
    except KeyError:
        raise InvalidOrderingError(order_by=order_by, allowed=", ".join(orderings)) from None


@dataclass(frozen=True)
class Ordering:
    """A sort: a non-null SQL expression, its type, the tie-breaking id column, and the direction."""

    expression: str
    sql_type: str
    id_column: str
    id_type: str = "uuid"
    descending: bool = False


@dataclass
class Page:
    items: list[dict[str, Any]]
    has_next_page: bool
    end_cursor: str | None
    start_cursor: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)


MAX_CURSOR_LENGTH = 1000  # ours hold a sort key (a unit's name at most) and an id; longer ones are not ours
_INTEGERS = {"int": 2**31, "bigint": 2**63}


def _encode(value: Any) -> Any:
    if value == date.max:  # how asyncpg reads PostgreSQL's 'infinity' date (nulls sort there: coalesce)
        return "infinity"
    return value.isoformat() if isinstance(value, date | datetime) else str(value) if isinstance(value, UUID) else value


def make_cursor(ordering: Ordering, sort_value: Any, row_id: Any) -> str:
    payload = json.dumps([ordering.expression, _encode(sort_value), _encode(row_id)], ensure_ascii=False)
    return base64.urlsafe_b64encode(payload.encode()).decode()


def read_cursor(ordering: Ordering, cursor: str) -> tuple[str, str]:
    """The sort value and id a cursor holds, as text PostgreSQL casts to the ordering's types.

    Cursors come back from clients, so any that this server did not make for this ordering — not base64,
    not JSON, nested, too long, or holding a value its column's type cannot take (a bad uuid, date or
    integer, a NUL in text) — is refused here, before it reaches SQL.

    Raises:
        InvalidCursorError: for any such cursor.
    """
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError(cursor)
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, TypeError, RecursionError):  # UnicodeError and binascii.Error are ValueErrors
        raise InvalidCursorError from None
    if not (isinstance(decoded, list) and len(decoded) == 3 and decoded[0] == ordering.expression):  # noqa: PLR2004
        raise InvalidCursorError
    sort_value, row_id = _as_text(decoded[1], ordering.sql_type), _as_text(decoded[2], ordering.id_type)
    if sort_value is None or row_id is None:
        raise InvalidCursorError
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


class Query:
    """Builds ``SELECT … WHERE … ORDER BY … LIMIT`` with numbered parameters; ``columns`` (names from
    code, never from input) narrows the rows to what the caller reads, else every column."""

    def __init__(self, source: str, columns: Sequence[str] | None = None) -> None:
        self.source = source
        self.columns = columns
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def param(self, value: Any) -> str:
        self.params.append(value)
        return f"${len(self.params)}"

    def where(self, condition: str, *values: Any) -> Query:
        """``condition`` uses ``{}`` for each value, e.g. ``where("kind = {}", kind)``."""
        self.conditions.append(condition.format(*(self.param(v) for v in values)))
        return self

    async def rows(self, conn: Connection, order_by: str, limit: int) -> list[dict[str, Any]]:
        """At most ``limit`` rows in ``order_by`` order (a column name from code), every column; none when
        the table is not made yet (a new tenant whose projector has not started)."""
        where = f" WHERE {' AND '.join(self.conditions)}" if self.conditions else ""
        try:
            rows = await conn.fetch(f"SELECT * FROM {self.source}{where} ORDER BY {order_by} "
                                    f"LIMIT {self.param(limit)}", *self.params)
        except asyncpg.UndefinedTableError:
            return []
        return [dict(row) for row in rows]

    async def page(self, conn: Connection, ordering: Ordering, first: int | None, after: str | None) -> Page:
        size = DEFAULT_PAGE_SIZE if first is None else first
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise InvalidPageSizeError(maximum=MAX_PAGE_SIZE)
        key = f"({ordering.expression}, {ordering.id_column})"
        if after is not None:
            sort_value, row_id = read_cursor(ordering, after)
            comparison = "<" if ordering.descending else ">"
            self.conditions.append(f"{key} {comparison} ({self.param(sort_value)}::text::{ordering.sql_type}, "
                                   f"{self.param(row_id)}::text::{ordering.id_type})")
        direction = "DESC" if ordering.descending else "ASC"
        where = f" WHERE {' AND '.join(self.conditions)}" if self.conditions else ""
        columns = ", ".join(dict.fromkeys((*self.columns, _bare(ordering.id_column)))) if self.columns else "*"
        sql = (f"SELECT {columns}, {ordering.expression} AS sort_key__ FROM {self.source}{where} "
               f"ORDER BY {ordering.expression} {direction}, {ordering.id_column} {direction} "
               f"LIMIT {self.param(size + 1)}")
        try:
            records = await conn.fetch(sql, *self.params)
        except asyncpg.UndefinedTableError:  # a new tenant whose projector has not made its tables yet
            return Page([], has_next_page=False, end_cursor=None)
        items = [dict(r) for r in records[:size]]
        keys = [item.pop("sort_key__") for item in items]
        if not items:
            return Page(items, has_next_page=False, end_cursor=None)
        id_column = _bare(ordering.id_column)  # a page's cursors are its first and last rows' keys
        return Page(items, len(records) > size, make_cursor(ordering, keys[-1], items[-1][id_column]),
                    make_cursor(ordering, keys[0], items[0][id_column]))


def _bare(column: str) -> str:
    return column.rsplit(".", 1)[-1]


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
