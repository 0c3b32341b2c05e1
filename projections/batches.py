"""Reads of several ids at once, one statement per batch: the rows of given ids, or the rows under given
parents (a programme's inspections), for the API's DataLoaders (graphql/loaders.py).

Statements are built here from a quoted source and column names from code (the ``*_queries.py`` modules
give both); the ids are the one ``$1`` parameter. A source not made yet (a new tenant whose projector has
not started) holds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from isotrail.projections.driver import Connection
from isotrail.projections.records import as_dicts


def batch_sql(source: str, columns: Sequence[str], key: str, order_by: str | None = None) -> str:
    """``SELECT columns FROM source WHERE key = ANY($1)``, in ``order_by`` order (an expression from code)."""
    order = f" ORDER BY {order_by}" if order_by else ""
    return f"SELECT {', '.join(columns)} FROM {source} WHERE {key} = ANY($1::uuid[]){order}"


async def rows_by_key(conn: Connection, sql: str, ids: Sequence[UUID], key: str) -> dict[UUID, dict[str, Any]]:
    """The row of each id found (``sql`` from :func:`batch_sql` with ``key`` unique)."""
    return {row[key]: row for row in await _fetch(conn, sql, ids)}


async def rows_under(conn: Connection, sql: str, ids: Sequence[UUID], key: str) -> dict[UUID, list[dict[str, Any]]]:
    """The rows under each parent id, in the statement's order (parents without rows are left out)."""
    grouped: dict[UUID, list[dict[str, Any]]] = {}
    for row in await _fetch(conn, sql, ids):
        grouped.setdefault(row[key], []).append(row)
    return grouped


async def _fetch(conn: Connection, sql: str, ids: Sequence[UUID]) -> list[dict[str, Any]]:
    try:
        return as_dicts(await conn.fetch(sql, list(ids)))
    except asyncpg.UndefinedTableError:
        return []
