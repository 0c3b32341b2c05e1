"""Keyset pagination over the read models, with filters and ordering done in SQL: the one builder of
the read API's statements (the ``*_queries.py`` modules, whose functions take a connection and a
:class:`~isotrail.domain.tenancy.Tenant`, so the schema comes from the caller's verified tenant, never
from query input).

A page is ``first`` rows after a cursor or ``last`` rows before one (cursors.py; both cursors may bound
it), in an ordering (orderings.py), capped at page_windows.py's ``MAX_PAGE_SIZE``. A backward page
reads the ordering reversed and turns its rows around. One statement reads it: one row more than asked,
in the direction read, tells whether more lie that way; whether any row lies the other way, at or beyond
the cursor the page starts from, is a subquery in the same statement reading the index back from that
cursor (evaluated once, one row at most), so both flags are exact. Every row keeps its sort key, so each
row has a cursor that resumes right after it. :meth:`Page.total` counts what the filters match, cursors
aside, in one statement more, only when called. Every value reaches SQL as a ``$n`` parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from isotrail.projections.cursors import make_cursor, read_cursor
from isotrail.projections.driver import Connection
from isotrail.projections.orderings import Ordering
from isotrail.projections.page_windows import Window
from isotrail.projections.records import as_dicts


@dataclass(frozen=True, eq=False)
class CountsUnder:
    """The statement counting the rows under each of several parents at once (the pages of
    :meth:`Query.pages_under`), so that the totals of a page of parents take one statement, not one per parent;
    its identity names the batch (graphql/loaders.py keeps one DataLoader per batch)."""

    sql: str  # the filters' parameters, then the parents' ids as one array parameter
    params: tuple[Any, ...]

    async def run(self, conn: Connection, parents: Sequence[Any]) -> dict[Any, int]:
        """How many rows each parent of ``parents`` holds (a parent holding none is left out)."""
        try:
            rows = await conn.fetch(self.sql, *self.params, list(parents))
        except asyncpg.UndefinedTableError:  # a new tenant whose projector has not made its tables yet
            return {}
        return {row["parent__"]: row["count__"] for row in rows}


@dataclass(frozen=True)
class Join:
    """A row of another read model read with each row of a page, in the page's statement (a programme's figures
    with each programme): the row of ``source`` whose ``key`` holds the page row's ``parent_key``, its
    ``columns`` (``key`` among them), nested in the page row under ``name`` (None when there is none)."""

    name: str
    source: str
    key: str
    parent_key: str
    columns: tuple[str, ...]


@dataclass
class Count:
    """The statement counting every row a page's filters match (its cursors and size aside); for a page under a
    parent, also the batch counting its siblings' rows with it (``under``, ``parent``)."""

    sql: str
    params: tuple[Any, ...]
    under: CountsUnder | None = None
    parent: Any = None

    async def run(self, conn: Connection) -> int:
        try:
            return await conn.fetchval(self.sql, *self.params)
        except asyncpg.UndefinedTableError:  # a new tenant whose projector has not made its tables yet
            return 0


@dataclass
class Page:
    """Rows in the ordering's order, with what a Relay connection tells of them."""

    items: list[dict[str, Any]]
    count: Count
    has_next_page: bool = False
    has_previous_page: bool = False
    keys: list[tuple[Any, Any]] = field(default_factory=list)  # each row's sort value and id
    ordering: Ordering | None = None

    @property
    def start_cursor(self) -> str | None:
        """The first row's cursor (made when asked for: a cursor is signed text)."""
        return make_cursor(self.ordering, *self.keys[0]) if self.keys and self.ordering else None

    @property
    def end_cursor(self) -> str | None:
        """The last row's cursor."""
        return make_cursor(self.ordering, *self.keys[-1]) if self.keys and self.ordering else None

    def cursors(self) -> list[str]:
        """Each row's cursor: given as ``after``, a page resumes right after that row (as ``before``, right
        before it)."""
        return [make_cursor(self.ordering, *key) for key in self.keys] if self.ordering else []

    async def total(self, conn: Connection) -> int:
        """How many rows the page's filters match, whatever its cursors and size (one statement)."""
        return await self.count.run(conn)


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

    def count(self) -> Count:
        """The statement counting every row the filters match (a connection's ``totalCount``)."""
        return Count(f"SELECT count(*) FROM {self.source}{self._where()}", tuple(self.params))

    def where_sql(self, conditions: Sequence[str]) -> str:
        """`` WHERE …`` of ``conditions`` (the filters' and more), or nothing."""
        return self._where(conditions)

    def bounds(self, ordering: Ordering, argument: str, cursor: str) -> tuple[str, str]:
        """The conditions of a cursor (:meth:`_bounds`), for another builder of this query's pages."""
        return self._bounds(ordering, argument, cursor)

    def _where(self, conditions: Sequence[str] | None = None) -> str:
        conditions = self.conditions if conditions is None else conditions
        return f" WHERE {' AND '.join(conditions)}" if conditions else ""

    async def rows(self, conn: Connection, order_by: str, limit: int) -> list[dict[str, Any]]:
        """At most ``limit`` rows in ``order_by`` order (a column name from code), every column; none when
        the table is not made yet (a new tenant whose projector has not started)."""
        try:
            rows = await conn.fetch(f"SELECT * FROM {self.source}{self._where()} ORDER BY {order_by} "
                                    f"LIMIT {self.param(limit)}", *self.params)
        except asyncpg.UndefinedTableError:
            return []
        return as_dicts(rows)

    async def page(self, conn: Connection, ordering: Ordering, first: int | None = None, after: str | None = None,
                   last: int | None = None, before: str | None = None, joins: Sequence[Join] = ()) -> Page:
        """The page of :class:`Window` ``first``/``after``/``last``/``before``, each row with its ``joins``;
        raises its typed errors (page size, cursor) before any statement."""
        window = Window.of(first, last)
        count = self.count()
        cursors = {"after": after, "before": before}
        bounds = {name: self._bounds(ordering, name, cursor) for name, cursor in cursors.items() if cursor is not None}
        start = bounds.get(window.start)  # the cursor the page is read from: rows at or beyond it are behind
        ascending = ordering.descending == window.backward
        direction = "ASC" if ascending else "DESC"
        id_column = bare(ordering.id_column)
        needed = (*self.columns, id_column, *(join.parent_key for join in joins)) if self.columns else ()
        columns = ", ".join(dict.fromkeys(needed)) if needed else "*"
        within = [*self.conditions, *(inside for inside, _ in bounds.values())]
        sql = (f"SELECT {columns}, {ordering.expression} AS sort_key__ FROM {self.source}{self._where(within)} "
               f"ORDER BY {ordering.expression} {direction}, {ordering.id_column} {direction} "
               f"LIMIT {self.param(window.size + 1)}")
        if start is not None:  # the nearest row behind the start, read back along the index from it
            back = "DESC" if ascending else "ASC"
            behind = (f"SELECT true FROM {self.source}{self._where([*self.conditions, start[1]])} "
                      f"ORDER BY {ordering.expression} {back}, {ordering.id_column} {back} LIMIT 1")
            sql = (f"SELECT * FROM (SELECT ({behind}) AS behind__) AS probe__ "
                   f"LEFT JOIN LATERAL ({sql}) AS page__ ON true "
                   f"ORDER BY page__.sort_key__ {direction}, page__.{id_column} {direction}")
        if joins:
            sql = _joined(sql, joins, f"ORDER BY rows__.sort_key__ {direction}, rows__.{id_column} {direction}")
        try:
            records = await conn.fetch(sql, *self.params)
        except asyncpg.UndefinedTableError:  # a new tenant whose projector has not made its tables yet
            return Page([], count)
        behind = bool(records and records[0].get("behind__"))
        # on an empty page, the one record is the probe's, without a row
        items = [item for item in as_dicts(records) if item["sort_key__"] is not None]
        for join in joins:
            _nest(items, join)
        more = len(items) > window.size
        items = items[:window.size][::-1] if window.backward else items[:window.size]
        keys = [(item.pop("sort_key__"), item[id_column]) for item in items]
        for item in items if start is not None else ():
            del item["behind__"]
        has_previous, has_next = (more, behind) if window.backward else (behind, more)
        page = Page(items, count, has_next_page=has_next, has_previous_page=has_previous)
        if items:
            page.keys, page.ordering = keys, ordering
        return page

    async def pages_under(self, conn: Connection, key: str, ids: Sequence[Any], ordering: Ordering,
                          first: int | None = None, after: str | None = None) -> dict[Any, Page]:
        """The first page (``first`` rows after ``after``) of each parent of ``ids`` (rows whose ``key`` column
        holds it; a column name from code), all in one statement: a LATERAL join over the ids, each reading
        ``first`` rows and one more by its own index scan. Every parent gets a page, empty when it holds
        nothing; its ``hasPreviousPage`` is whether a cursor was given (the cursor's row lies behind), and
        its total counts the parent's rows, every parent's in one statement more (:class:`CountsUnder`), only when
        asked for."""
        window = Window.of(first, None)
        filters, base = list(self.conditions), tuple(self.params)
        within = [*filters, f"{key} = parent__.id"]
        if after is not None:
            within.append(self._bounds(ordering, "after", after)[0])
        parents = self.param(list(ids))
        direction = "DESC" if ordering.descending else "ASC"
        columns = ", ".join(dict.fromkeys((*self.columns, bare(ordering.id_column), key))) if self.columns else "*"
        lateral = (f"SELECT {columns}, {ordering.expression} AS sort_key__ FROM {self.source}{self._where(within)} "
                   f"ORDER BY {ordering.expression} {direction}, {ordering.id_column} {direction} "
                   f"LIMIT {self.param(window.size + 1)}")
        sql = f"SELECT page__.* FROM unnest({parents}::uuid[]) AS parent__(id) CROSS JOIN LATERAL ({lateral}) page__"
        try:
            records = await conn.fetch(sql, *self.params)
        except asyncpg.UndefinedTableError:  # a new tenant whose projector has not made its tables yet
            records = []
        grouped: dict[Any, list[Any]] = {parent: [] for parent in ids}
        for record in as_dicts(records):
            grouped[record[key]].append(record)
        count = f"SELECT count(*) FROM {self.source}{self._where([*filters, f'{key} = ${len(base) + 1}'])}"
        under = CountsUnder(f"SELECT {key} AS parent__, count(*) AS count__ FROM {self.source}"
                            f"{self._where([*filters, f'{key} = ANY(${len(base) + 1}::uuid[])'])} GROUP BY {key}", base)
        id_column = bare(ordering.id_column)
        pages = {}
        for parent, rows in grouped.items():
            items = rows[:window.size]
            keys = [(item.pop("sort_key__"), item[id_column]) for item in items]
            page = Page(items, Count(count, (*base, parent), under, parent), has_next_page=len(rows) > window.size,
                        has_previous_page=after is not None)
            if items:
                page.keys, page.ordering = keys, ordering
            pages[parent] = page
        return pages

    def _bounds(self, ordering: Ordering, argument: str, cursor: str) -> tuple[str, str]:
        """The condition keeping the rows after the ``after`` cursor (before the ``before`` one), and the one
        keeping the rest, the cursor's row included: both comparisons of the index's key."""
        sort_value, row_id = read_cursor(ordering, cursor, argument)
        later = (argument == "after") != ordering.descending
        key = f"({ordering.expression}, {ordering.id_column})"
        value = (f"({self.param(sort_value)}::text::{ordering.sql_type}, "
                 f"{self.param(row_id)}::text::{ordering.id_type})")
        return f"{key} {'>' if later else '<'} {value}", f"{key} {'<=' if later else '>='} {value}"


def _joined(sql: str, joins: Sequence[Join], order: str) -> str:
    """``sql``'s rows, each with its joins' columns as ``<name>__<column>``, in ``order``."""
    columns = ", ".join(f'join{index}__.{column} AS "{join.name}__{column}"'
                        for index, join in enumerate(joins) for column in join.columns)
    return f"SELECT rows__.*, {columns} FROM ({sql}) AS rows__ {laterals(joins)} {order}"


def laterals(joins: Sequence[Join]) -> str:
    """The LATERAL joins reading each join's row beside a page's ``rows__``, as ``join<n>__``."""
    return " ".join(f"LEFT JOIN LATERAL (SELECT {', '.join(join.columns)} FROM {join.source} "
                    f"WHERE {join.key} = rows__.{join.parent_key}) AS join{index}__ ON true"
                    for index, join in enumerate(joins))


def _nest(items: list[dict[str, Any]], join: Join) -> None:
    """Each row's joined columns under the join's name: a dict, or None when no row was joined."""
    names = [(column, f"{join.name}__{column}") for column in join.columns]
    for item in items:
        joined = {column: item.pop(name) for column, name in names}
        item[join.name] = joined if joined[join.key] is not None else None


def bare(column: str) -> str:
    """A column's name without its table."""
    return column.rsplit(".", 1)[-1]
