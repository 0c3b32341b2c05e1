"""What both sides of a move must agree on: the count and an md5 of the events, and of the snapshots.

The events are hashed in parts of :data:`PART` ids, so that no string grows past a few megabytes.
"""

from __future__ import annotations

import psycopg

PART = 100_000
SNAPSHOT_COLUMNS = ("originator_id", "originator_version", "topic", "state")
_CHECKSUM = """SELECT coalesce(sum(n), 0)::bigint, coalesce(md5(string_agg(digest, '' ORDER BY part)), '')
FROM (SELECT {part} AS part, count(*) AS n,
             md5(string_agg(concat_ws('|', {columns}, md5(state)), E'\\n' ORDER BY {order})) AS digest
      FROM {table} GROUP BY 1) AS parts"""


def event_checksum(conn: psycopg.Connection, table: str) -> tuple[int, str]:
    """(count, md5 over every event's id, aggregate, version, topic and body, in id order)."""
    return _checksum(conn, table, f"notification_id / {PART}", "notification_id, originator_id, "
                     "originator_version, topic", "notification_id")


def snapshot_checksum(conn: psycopg.Connection, table: str) -> tuple[int, str]:
    return _checksum(conn, table, "0", "originator_id, originator_version, topic", "originator_id, originator_version")


def _checksum(conn: psycopg.Connection, table: str, part: str, columns: str, order: str) -> tuple[int, str]:
    count, digest = conn.execute(_CHECKSUM.format(part=part, columns=columns, order=order, table=table)).fetchone()
    return count, digest
