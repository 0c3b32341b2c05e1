"""Making the read-model tables (tables.py) and their indexes: at a projector's start, and at a rebuild's,
whose tables get their secondary indexes only once they are filled."""

from __future__ import annotations

from collections.abc import Iterable

from isotrail.domain.identifiers import quoted
from isotrail.projections.tables import Index, Table


def create_statements(tables: Iterable[Table], schema: str, suffix: str = "") -> list[str]:
    """Tables with their indexes; a rebuild's tables (with a suffix) get their secondary indexes only
    once they are filled (:func:`index_statements`), which makes the refill several times cheaper."""
    statements = []
    for table in tables:
        columns = ", ".join(f'{c.name} {c.type}{"" if c.nullable else " NOT NULL"}' for c in table.columns)
        statements.append(f"CREATE TABLE IF NOT EXISTS {table.qualified(schema, suffix)} "
                          f"({columns}, PRIMARY KEY ({', '.join(table.key)}))")
        if not suffix:
            statements += _indexes_of(table, schema, suffix)
    return statements


def index_statements(tables: Iterable[Table], schema: str, suffix: str = "") -> list[str]:
    return [statement for table in tables for statement in _indexes_of(table, schema, suffix)]


def _indexes_of(table: Table, schema: str, suffix: str) -> list[str]:
    """The indexes, made if missing; those an earlier release made and this one replaced, dropped."""
    drops = [f"DROP INDEX IF EXISTS {quoted(schema, _index_name(table, index, suffix))}"
             for index in table.retired_indexes]
    return drops + [f"CREATE INDEX IF NOT EXISTS {quoted(_index_name(table, index, suffix))} "
                    f"ON {table.qualified(schema, suffix)} USING {index.using} ({index.columns})"
                    for index in table.indexes]


def _index_name(table: Table, index: Index, suffix: str) -> str:
    using = "" if index.using == "btree" else f"{index.using}_"
    return f'{table.name}{suffix}_{index.columns.replace(", ", "_")}_{using}idx'
