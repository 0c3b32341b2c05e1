"""What a tenant's read models show now, as one value: a cached API response stays good while it is
unchanged (graphql/response_cache.py)."""

from __future__ import annotations

from typing import Any

import asyncpg

from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection
from isotrail.projections.tracking import tracking


async def read_models_version(conn: Connection, storage: Tenant) -> tuple[Any, ...] | None:
    """A value that changes whenever any of the read models' rows may have: each projection's position and
    the transaction that last wrote it (a projector's batch and a rebuild's swap both write it in the
    transaction that changes the rows), and today's date (``overdue`` in ``rm_unit_state`` depends on it).
    None for a new tenant whose projector has not made its tables."""
    try:
        row = await conn.fetchrow(tracking(storage).version)
    except asyncpg.UndefinedTableError:
        return None
    return (row["today"], *(row["positions"] or ()))
