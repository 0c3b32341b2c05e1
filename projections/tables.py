"""Read-model tables described once, and the SQL that reads and writes them built from that description.

A projection folds a batch of events into rows kept as plain dicts holding every column (dates as ISO
strings), then encodes each table's changed rows as records for set-based writes (batch_writes.py): one
upsert, and one plain insert of the rows that cannot exist yet.
Identifiers come from a validated tenant slug and from the constant names here; values are always
``$n`` parameters or COPY data.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import msgspec

from isotrail.domain.identifiers import quoted

_encode_json = msgspec.json.Encoder(enc_hook=str).encode  # UTF-8 as is; ten times json.dumps' speed

# How a column's value travels: the parameter cast and whether it is read back as text.
_PARAM = {"date": "text::date", "jsonb": "text::jsonb", "timestamptz": "text::timestamptz"}
_COPY_TYPE = {"jsonb": "text", 'text COLLATE "C"': "text", "date": "text", "timestamptz": "text"}  # cast in SQL


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a PostgreSQL type: uuid, text, date, int, bigint, boolean, text[], uuid[], jsonb, …
    nullable: bool = True


@dataclass(frozen=True)
class Index:
    columns: str  # "unit_id, notification_id"
    using: str = "btree"  # or "brin": a few bytes per range of pages, for a column that grows with the table


def _indexes(specs: Sequence[str | Index]) -> tuple[Index, ...]:
    return tuple(spec if isinstance(spec, Index) else Index(spec) for spec in specs)


class BulkStatements(NamedTuple):
    """How many rows go into one table: COPY into a temp table, then one INSERT from it."""

    create: str  # the temp table, if not made yet on this connection, and emptied
    temp: str
    insert: str  # from the temp table into the table
    columns: tuple[str, ...]


class Table:
    """One read-model table: its upsert, its delete and its load-by-key statements, and its rows' records
    (its DDL: table_ddl.py)."""

    def __init__(self, name: str, columns: Sequence[Column], key: Sequence[str],
                 indexes: Sequence[str | Index] = (), retired_indexes: Sequence[str | Index] = ()) -> None:
        self.name = name
        self.columns = tuple(columns)
        self.key = tuple(key)
        self.indexes, self.retired_indexes = _indexes(indexes), _indexes(retired_indexes)
        self.column_names = tuple(c.name for c in self.columns)
        self._values = operator.itemgetter(*self.column_names)  # every row has every column
        self._json_columns = tuple(i for i, c in enumerate(self.columns) if c.type == "jsonb")

    def qualified(self, schema: str, suffix: str = "") -> str:
        return quoted(schema, self.name + suffix)

    def upsert_sql(self, schema: str, suffix: str = "") -> str:
        params = ", ".join(f"${i}::{_PARAM.get(c.type, c.type)}" for i, c in enumerate(self.columns, 1))
        updates = self._updates()
        conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        return (f"INSERT INTO {self.qualified(schema, suffix)} ({', '.join(self.column_names)}) "
                f"VALUES ({params}) ON CONFLICT ({', '.join(self.key)}) {conflict}")

    def _updates(self) -> str:
        return ", ".join(f"{n} = EXCLUDED.{n}" for n in self.column_names if n not in self.key)

    def delete_sql(self, schema: str, suffix: str = "") -> str:
        where = " AND ".join(f"{name} = ${i}" for i, name in enumerate(self.key, 1))
        return f"DELETE FROM {self.qualified(schema, suffix)} WHERE {where}"

    def select_sql(self, schema: str, by: str, suffix: str = "") -> str:
        columns = ", ".join(f"{c.name}::text" if c.type in _PARAM else c.name for c in self.columns)
        return f"SELECT {columns} FROM {self.qualified(schema, suffix)} WHERE {by} = ANY($1::uuid[])"

    def bulk_statements(self, schema: str, suffix: str = "", *, new: bool = False) -> BulkStatements:
        """For batches too big for executemany. The insert upserts, or, for rows that cannot exist yet
        (``new``), only inserts: 40 % less work for PostgreSQL."""
        temp = f"bulk_{'new_' if new else ''}{self.name}{suffix}"
        columns = ", ".join(f"{c.name} {_COPY_TYPE.get(c.type, c.type)}" for c in self.columns)
        create = (f"CREATE TEMP TABLE IF NOT EXISTS {quoted(temp)} ({columns}) ON COMMIT DELETE ROWS; "
                  f"TRUNCATE {quoted(temp)}")
        selected = ", ".join(f"{c.name}::{c.type}" if c.type in _PARAM else c.name for c in self.columns)
        conflict = "" if new else f' ON CONFLICT ({", ".join(self.key)}) DO UPDATE SET {self._updates()}'
        insert = (f"INSERT INTO {self.qualified(schema, suffix)} ({', '.join(self.column_names)}) "
                  f"SELECT {selected} FROM {quoted(temp)}{conflict}")
        return BulkStatements(create, temp, insert, self.column_names)

    def record(self, row: dict[str, Any]) -> list[Any]:
        """The row's values in column order, as both the upsert's parameters and COPY into the temp table
        take them: dates as ISO text (as kept), jsonb as JSON text."""
        values = list(self._values(row))
        for index in self._json_columns:
            if values[index] is not None:
                values[index] = _encode_json(values[index]).decode()
        return values

    def row(self, record: Any) -> dict[str, Any]:
        return {c.name: (msgspec.json.decode(record[c.name]) if c.type == "jsonb" and record[c.name] is not None
                         else record[c.name]) for c in self.columns}

    def key_of(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row[name] for name in self.key)
