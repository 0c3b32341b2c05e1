"""The one translation of "PostgreSQL is gone", whichever side noticed it: the write side's drivers
(psycopg, eventsourcing: services/database.py) and the read side's (asyncpg: projections/driver.py).
Only the API sees both sides, so the union lives here."""

from __future__ import annotations

from isotrail.projections.driver import UNAVAILABLE as READ_SIDE
from isotrail.services.availability_errors import DatabaseUnavailableError
from isotrail.services.database import UNAVAILABLE as WRITE_SIDE

UNAVAILABLE: tuple[type[BaseException], ...] = (*WRITE_SIDE, *READ_SIDE)


def database_unavailable(error: BaseException | None) -> DatabaseUnavailableError | None:
    """The typed error a lost database becomes, wherever it was noticed; ``None`` for any other error."""
    if isinstance(error, DatabaseUnavailableError):
        return error
    return DatabaseUnavailableError() if isinstance(error, UNAVAILABLE) else None
