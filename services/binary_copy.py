"""Rows streamed from one server to the same table on another by binary COPY: the events a range of ids
at a time, any other table whole. A move (services/tenant_move.py) copies everything this way."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import psycopg

from isotrail.domain.identifiers import quoted

Progress = Callable[[str, int, int], None]  # (step, rows done, rows in all)
EVENT_IDS_PER_COPY = 50_000
EVENT_COLUMNS = ("originator_id", "originator_version", "topic", "state", "notification_id")


def copy_events(src: psycopg.Connection, dst: psycopg.Connection, table: str, total: int,
                progress: Progress) -> int:
    """The events in id order, a range of ids per COPY; then the target's sequence past the last id."""
    last = src.execute(f"SELECT max(notification_id) FROM {table}").fetchone()[0] or 0
    columns = _columns(EVENT_COLUMNS)
    copied = 0
    progress("events", 0, total)
    for low in range(0, last, EVENT_IDS_PER_COPY):
        select = (f"SELECT {columns} FROM {table} WHERE notification_id > {low:d} "
                  f"AND notification_id <= {low + EVENT_IDS_PER_COPY:d} ORDER BY notification_id")
        copied += _copy(src, dst, select, table, columns)
        progress("events", copied, total)
    if last:
        dst.execute("SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)", (table, last))
    return copied


def copy_rows(src: psycopg.Connection, dst: psycopg.Connection, table: str, column_names: Sequence[str],
              step: str, total: int, progress: Progress, done: int = 0) -> int:
    """Every row of ``table``, counted as part of ``step`` (``done`` rows of ``total`` already copied)."""
    columns = _columns(column_names)
    copied = _copy(src, dst, f"SELECT {columns} FROM {table}", table, columns)
    progress(step, done + copied, total)
    return copied


def _columns(names: Sequence[str]) -> str:
    return ", ".join(map(quoted, names))


def _copy(src: psycopg.Connection, dst: psycopg.Connection, select: str, table: str, columns: str) -> int:
    """Stream one query's rows from the source into the same table on the target (binary COPY)."""
    with src.cursor() as out_cursor, dst.cursor() as in_cursor:
        with out_cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT BINARY)") as out, \
                in_cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as into:
            for data in out:
                into.write(data)
        return in_cursor.rowcount
