"""A page's rows as the JSON the API answers, written by PostgreSQL in the page's own statement.

When a request asks of a list nothing but its rows' plain values (``units(first: 100) { nodes { name
openNonconformities overdue } }``), the rows need not become Python objects at all: PostgreSQL writes each row
as a JSON object (``json_build_object``) and the page as one array (``json_agg``), which the API sends on as it
is — what PostGraphile does for every list. :func:`json_page` reads the same page as :meth:`Query.page` (the
same filters, cursors, ordering, size and joins) and answers the array's text and whether any row holds a value
the API would refuse (a null where the schema promises a value, an ``Int`` out of GraphQL's range, a stored
enum value it does not know, a date beyond Python's, which PostgreSQL would still write): then the caller reads
the page the other way, which answers those as it always does.

Each key and each text is a ``$n`` parameter, each column a name from code (the API's ``ROW_FIELDS``);
``json_build_object`` takes at most 50 keys, so a shape with more is not read this way (:data:`MAX_KEYS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import asyncpg
from msgspec import Raw

from isotrail.projections.driver import Connection
from isotrail.projections.orderings import Ordering
from isotrail.projections.page_windows import Window
from isotrail.projections.pages import Count, Join, Query, bare, laterals

MAX_KEYS = 50  # json_build_object's 100 arguments
INT_RANGE = (-(2**31), 2**31 - 1)  # GraphQL's Int
DATE_RANGE = ("0001-01-01", "9999-12-31")  # Python's date; PostgreSQL holds others (and infinity), asyncpg none


@dataclass(frozen=True)
class JsonValue:
    """One key of each row's JSON object: ``kind`` says how its value is written —
    ``value`` (a column as PostgreSQL writes it to JSON: text, uuid, boolean), ``int`` (an integer in GraphQL's
    range), ``date`` (ISO, one of Python's dates), ``enum`` (a stored value by its answered ``names``), ``text`` (the
    same ``text`` on every row), ``global_id`` (base64 of ``text`` and the column, Relay's node id) or
    ``object`` (the row of the join named ``column``, its own ``fields``; null when there is none)."""

    key: str
    kind: str
    column: str = ""
    non_null: bool = False
    text: str = ""
    names: Mapping[str, str] | None = None
    fields: tuple[JsonValue, ...] = ()


@dataclass
class JsonPage:
    """A page's rows as a JSON array, embedded as it is wherever msgspec encodes an answer holding it;
    ``refused``: some value must be answered another way."""

    json: Raw
    refused: bool
    count: Count

    async def total(self, conn: Connection) -> int:
        """How many rows the page's filters match, whatever its cursors and size (one statement)."""
        return await self.count.run(conn)


def fits(shape: Sequence[JsonValue]) -> bool:
    """Whether PostgreSQL can write rows of ``shape``: at most :data:`MAX_KEYS` keys per object."""
    return len(shape) <= MAX_KEYS and all(fits(value.fields) for value in shape if value.kind == "object")


async def json_page(query: Query, conn: Connection, ordering: Ordering, shape: Sequence[JsonValue],
                    first: int | None = None, after: str | None = None, last: int | None = None,
                    before: str | None = None, joins: Sequence[Join] = ()) -> JsonPage:
    """The page :meth:`Query.page` reads, each row written as ``shape`` says; raises the same typed errors."""
    window = Window.of(first, last)
    count = query.count()
    bounds = [query.bounds(ordering, name, cursor)[0]
              for name, cursor in (("after", after), ("before", before)) if cursor is not None]
    direction = "ASC" if ordering.descending == window.backward else "DESC"
    natural = "DESC" if ordering.descending else "ASC"
    id_column = bare(ordering.id_column)
    needed = (*query.columns, id_column, *(join.parent_key for join in joins)) if query.columns else ()
    columns = ", ".join(dict.fromkeys(needed)) if needed else "*"
    inner = (f"SELECT {columns}, {ordering.expression} AS sort_key__ FROM {query.source}"
             f"{query.where_sql([*query.conditions, *bounds])} "
             f"ORDER BY {ordering.expression} {direction}, {ordering.id_column} {direction} "
             f"LIMIT {query.param(window.size)}")
    aliases = {join.name: (f"join{index}__", join.key) for index, join in enumerate(joins)}
    guards: list[str] = []
    row = _object(query, shape, "rows__", aliases, guards)
    sql = (f"SELECT coalesce(json_agg({row} ORDER BY rows__.sort_key__ {natural}, rows__.{id_column} {natural}), "
           f"'[]')::text AS json__, coalesce(bool_or({' OR '.join(guards) or 'false'}), false) AS refused__ "
           f"FROM ({inner}) AS rows__ {laterals(joins)}")
    try:
        record = await conn.fetchrow(sql, *query.params)
    except asyncpg.UndefinedTableError:  # a new tenant whose projector has not made its tables yet
        return JsonPage(Raw(b"[]"), False, count)
    return JsonPage(Raw(record["json__"].encode()), record["refused__"], count)


def _object(query: Query, shape: Sequence[JsonValue], alias: str, aliases: Mapping[str, tuple[str, str]],
            guards: list[str]) -> str:
    """``json_build_object(…)`` of one row (its columns under ``alias``), adding to ``guards`` the conditions
    under which a value must be answered another way."""
    pairs = []
    for value in shape:
        column = f"{alias}.{value.column}"
        if value.kind == "object":
            joined, key = aliases[value.column]
            inner = _object(query, value.fields, joined, aliases, guards)
            expression = f"CASE WHEN {joined}.{key} IS NULL THEN NULL ELSE {inner} END"
            if value.non_null:
                guards.append(f"{joined}.{key} IS NULL")
        elif value.kind == "text":
            expression = f"{query.param(value.text)}::text"
        elif value.kind == "global_id":
            expression = (f"translate(encode(convert_to({query.param(value.text)}::text || {column}::text, 'UTF8'), "
                          f"'base64'), E'\\n', '')")
        elif value.kind == "enum":
            names = value.names or {}
            cases = " ".join(f"WHEN {query.param(stored)}::text THEN {query.param(name)}::text"
                             for stored, name in names.items())
            expression = f"CASE {column}::text {cases} END" if cases else "NULL::text"
            guards.append(f"({column} IS NOT NULL AND NOT ({column}::text = ANY({query.param(list(names))}::text[])))")
        else:
            expression = column
            if value.kind == "int":
                guards.append(f"{column} NOT BETWEEN {INT_RANGE[0]} AND {INT_RANGE[1]}")
            elif value.kind == "date":
                guards.append(f"NOT ({column} BETWEEN '{DATE_RANGE[0]}'::date AND '{DATE_RANGE[1]}'::date)")
        if value.non_null and value.kind not in ("object", "text"):
            guards.append(f"{column} IS NULL")
        pairs.append(f"{query.param(value.key)}::text, {expression}")
    return f"json_build_object({', '.join(pairs)})"
