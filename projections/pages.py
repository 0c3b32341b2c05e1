"""Keyset pagination over the read models, with filters and ordering done in SQL: the one builder of
the read API's statements (the ``*_queries.py`` modules, whose functions take a connection and a
:class:`~isotrail.domain.tenancy.Tenant`, so the schema comes from the caller's verified tenant, never
from query input).

Pages are ``first`` rows after a cursor (cursors.py), in an ordering (orderings.py), capped at
:data:`MAX_PAGE_SIZE`; fetching one row more tells whether there is a next page. Every value reaches SQL
as a ``$n`` parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from isotrail.domain.errors import IsotrailError
from isotrail.projections.cursors import make_cursor, read_cursor
from isotrail.projections.driver import Connection
from isotrail.projections.orderings import Ordering

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


class InvalidPageSizeError(IsotrailError):
    code = "invalid_page_size"
    field = "first"
    template_vi = "Số bản ghi mỗi trang phải từ 1 đến {maximum}."
    template_en = "Page size must be between 1 and {maximum}."


@dataclass
class Page:
    items: list[dict[str, Any]]
    has_next_page: bool
    end_cursor: str | None
    start_cursor: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)


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

    def _where(self) -> str:
        return f" WHERE {' AND '.join(self.conditions)}" if self.conditions else ""

    async def rows(self, conn: Connection, order_by: str, limit: int) -> list[dict[str, Any]]:
        """At most ``limit`` rows in ``order_by`` order (a column name from code), every column; none when
        the table is not made yet (a new tenant whose projector has not started)."""
        try:
            rows = await conn.fetch(f"SELECT * FROM {self.source}{self._where()} ORDER BY {order_by} "
                                    f"LIMIT {self.param(limit)}", *self.params)
        except asyncpg.UndefinedTableError:
            return []
        return [dict(row) for row in rows]

    async def page(self, conn: Connection, ordering: Ordering, first: int | None, after: str | None) -> Page:
        size = page_size(first)
        sql = self._page_sql(ordering, size, after)
        try:
            records = await conn.fetch(sql, *self.params)
        except asyncpg.UndefinedTableError:  # a new tenant whose projector has not made its tables yet
            return Page([], has_next_page=False, end_cursor=None)
        return _page(records, size, ordering)

    async def pages_under(self, conn: Connection, key: str, ids: Sequence[Any], ordering: Ordering,
                          first: int | None, after: str | None) -> dict[Any, Page]:
        """The page of each parent of ``ids`` (rows whose ``key`` column holds it; a column name from code),
        all in one statement: a LATERAL join over the ids, each reading ``first`` rows (and one more) by
        its own index scan. Every parent gets a page, empty when it holds nothing."""
        size = page_size(first)
        parents = self.param(list(ids))
        self.conditions.append(f"{key} = parent__.id")
        lateral = self._page_sql(ordering, size, after)
        sql = f"SELECT page__.* FROM unnest({parents}::uuid[]) AS parent__(id) CROSS JOIN LATERAL ({lateral}) page__"
        try:
            records = await conn.fetch(sql, *self.params)
        except asyncpg.UndefinedTableError:
            records = []
        grouped: dict[Any, list[Any]] = {parent: [] for parent in ids}
        for record in records:
            grouped[record[key]].append(record)
        return {parent: _page(rows, size, ordering) for parent, rows in grouped.items()}

    def _page_sql(self, ordering: Ordering, size: int, after: str | None) -> str:
        key = f"({ordering.expression}, {ordering.id_column})"
        if after is not None:
            sort_value, row_id = read_cursor(ordering, after)
            comparison = "<" if ordering.descending else ">"
            self.conditions.append(f"{key} {comparison} ({self.param(sort_value)}::text::{ordering.sql_type}, "
                                   f"{self.param(row_id)}::text::{ordering.id_type})")
        direction = "DESC" if ordering.descending else "ASC"
        columns = ", ".join(dict.fromkeys((*self.columns, _bare(ordering.id_column)))) if self.columns else "*"
        return (f"SELECT {columns}, {ordering.expression} AS sort_key__ FROM {self.source}{self._where()} "
                f"ORDER BY {ordering.expression} {direction}, {ordering.id_column} {direction} "
                f"LIMIT {self.param(size + 1)}")


def page_size(first: int | None) -> int:
    """The rows a page holds: ``first``, else the default; raises :class:`InvalidPageSizeError` out of range."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidPageSizeError(maximum=MAX_PAGE_SIZE)
    return size


def _page(records: Sequence[Any], size: int, ordering: Ordering) -> Page:
    """The page of ``records`` (read with one row more than ``size``, to tell whether a next page exists)."""
    items = [dict(r) for r in records[:size]]
    keys = [item.pop("sort_key__") for item in items]
    if not items:
        return Page(items, has_next_page=False, end_cursor=None)
    id_column = _bare(ordering.id_column)  # a page's cursors are its first and last rows' keys
    return Page(items, len(records) > size, make_cursor(ordering, keys[-1], items[-1][id_column]),
                make_cursor(ordering, keys[0], items[0][id_column]))


def _bare(column: str) -> str:
    return column.rsplit(".", 1)[-1]

