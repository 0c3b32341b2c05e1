"""A tenant's read models copied by a move, each projection with its position, so that the target's
projector resumes where the source's stopped rather than folding every event again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import psycopg

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant
from isotrail.services.binary_copy import Progress, copy_rows
from isotrail.services.placement_errors import MoveFailedError


class ReadModels(Protocol):
    """What the move needs of a tenant's read models, told by their owner (the read side's
    ``read_model_layout``): the statements that make every table and view, each projection's tables with
    their columns, and the table of the projections' positions, keyed by projection."""

    ddl: Sequence[str]  # no parameters, so any driver runs them
    tables: Mapping[str, Mapping[str, Sequence[str]]]  # {projection: {table: columns}}
    positions: str  # the positions table (a name within the tenant's schema)
    position_columns: tuple[str, ...]  # its key (the projection's name), the position, and what else a row holds


def read_models_to_copy(src: psycopg.Connection, storage: Tenant, layout: ReadModels) -> dict[str, dict[str, int]]:
    """``{projection: {table: rows}}`` for each projection whose tables and position all exist on the
    source; any other projection is folded from zero on the target."""

    def exists(table: str) -> bool:
        return src.execute("SELECT to_regclass(%s) IS NOT NULL", (quoted(storage.schema, table),)).fetchone()[0]

    if not exists(layout.positions):
        return {}
    key = quoted(layout.position_columns[0])
    positioned = {row[0] for row in src.execute(
        f"SELECT {key} FROM {quoted(storage.schema, layout.positions)}").fetchall()}
    return {projection: {table: _count(src, storage, table) for table in tables}
            for projection, tables in layout.tables.items()
            if projection in positioned and all(exists(table) for table in tables)}


def copy_read_models(src: psycopg.Connection, dst: psycopg.Connection, storage: Tenant, layout: ReadModels,
                     counts: dict[str, dict[str, int]], progress: Progress) -> int:
    """Create every read-model table on the target, fill those counted on the source with their positions,
    and check the counts."""
    for statement in layout.ddl:
        dst.execute(statement)
    total = sum(n for tables in counts.values() for n in tables.values())
    done = 0
    progress("read models", 0, total)
    for projection, tables in counts.items():
        for table in tables:
            done += copy_rows(src, dst, quoted(storage.schema, table), layout.tables[projection][table],
                              "read models", total, progress, done)
        for table, expected in tables.items():
            if (got := _count(dst, storage, table)) != expected:
                raise MoveFailedError(slug=storage.slug, reason=f"{table}: {expected} rows on the source, {got} copied")
    positions, columns = quoted(storage.schema, layout.positions), [quoted(c) for c in layout.position_columns]
    listed, slots = ", ".join(columns), ", ".join(["%s"] * len(columns))
    for projection in counts:
        row = src.execute(f"SELECT {listed} FROM {positions} WHERE {columns[0]} = %s", (projection,)).fetchone()
        dst.execute(f"INSERT INTO {positions} ({listed}) VALUES ({slots})", row)
    return done


def _count(conn: psycopg.Connection, storage: Tenant, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {quoted(storage.schema, table)}").fetchone()[0]
