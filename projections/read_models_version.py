"""What a tenant's read models show now, as one value: a cached API response stays good while it is
unchanged (graphql/response_cache.py).

:class:`KnownVersions` spares the statement that reads it: each projector batch, rebuild swap and reshape
NOTIFYs the tenant's position channel in the transaction that changes the rows (tracking.py), and what a process
has heard of a tenant (:meth:`Positions.heard <isotrail.projections.waiting.Positions.heard>`: its notices, its
registry changes, every reconnection of a listener, after which what was NOTIFY'd meanwhile may be lost, and every
mutation's wait that read its write's position before the NOTIFY came, so that its next query sees it) is
noted before the statement runs. The version read stays the tenant's while nothing more is heard of it, and for
at most :data:`MAX_AGE_SECONDS` (today's date is part of it, and a notice can be lost without a reconnection
being seen); without a LISTEN in force on the tenant's server, it is read every time."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
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


MAX_AGE_SECONDS = 1.0


@dataclass(frozen=True)
class _Known:
    heard: tuple[int, int]
    version: tuple[Any, ...]
    read_at: float


class KnownVersions:
    """Each tenant's read-models version as last read, while nothing was heard of it since (see the module)."""

    def __init__(self, positions: Any, max_age_seconds: float = MAX_AGE_SECONDS) -> None:
        self._positions = positions
        self._max_age = max_age_seconds
        self._known: dict[str, _Known] = {}

    async def version(self, acquire: Callable[[], AbstractAsyncContextManager[Connection]],
                      storage: Tenant) -> tuple[Any, ...] | None:
        """The tenant's version: the one known, or read on a connection of ``acquire`` (one statement)."""
        heard = self._positions.heard(storage.slug)
        known = self._known.get(storage.slug)
        now = time.monotonic()
        if known is not None and known.heard == heard and now - known.read_at < self._max_age:
            return known.version
        listening = await self._positions.listening(storage)
        async with acquire() as conn:
            version = await read_models_version(conn, storage)
        if listening and version is not None:
            self._known[storage.slug] = _Known(heard, version, now)
        else:
            self._known.pop(storage.slug, None)
        return version
