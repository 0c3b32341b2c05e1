"""A fold that fails: which projection, at which notification, and why — recorded where any process sees it.

A projection folds its tenant's log in order, so an event it cannot fold stops it there; nothing after it
can be folded first. What must not happen is that the failure stays invisible, or costs anyone else: the
runner (runner.py) records it in the tenant's ``rm_failures`` table, in a transaction of its own (the
failed batch's rolled back), retries that projection alone with a growing pause, and goes on with the
tenant's other projections and with other tenants; others read the table (recorded_failures.py). The row
is deleted in the transaction of the batch that folds past the failed notification, whichever process
folds it (one with the fix, say).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import asyncpg

from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import UNAVAILABLE, Pool
from isotrail.projections.tracking import PositionMovedError, tracking
from isotrail.projections.writable import writable_text

MAX_ERROR_CHARS = 2000

# Not a fault of the fold: the database went away or is restarting, a transaction lost a race, the tenant's
# schema moved, the task was stopped. These are retried as before, and recorded nowhere.
INTERRUPTIONS: tuple[type[BaseException], ...] = (
    *UNAVAILABLE, asyncio.CancelledError, TimeoutError, PositionMovedError, asyncpg.InsufficientResourcesError,
    asyncpg.TransactionRollbackError, asyncpg.UndefinedTableError, asyncpg.InvalidSchemaNameError,
)


class FoldFailedError(Exception):
    """Projections could not fold a notification (``through_id`` None), or a batch of them (from
    ``notification_id`` to ``through_id``: PostgreSQL refused the batch's rows)."""

    def __init__(self, projections: Sequence[str], notification_id: int, through_id: int | None,
                 cause: BaseException) -> None:
        self.projections = tuple(projections)
        self.notification_id = notification_id
        self.through_id = through_id
        self.cause = cause
        where = f"{notification_id}" if through_id is None else f"{notification_id}–{through_id}"
        super().__init__(f"{'+'.join(self.projections)} could not fold notification {where}: "
                         f"{type(cause).__name__}: {cause}")

    @property
    def reason(self) -> str:
        """What the failure record keeps: the cause's class and message, writable and bounded."""
        return writable_text(f"{type(self.cause).__name__}: {self.cause}")[:MAX_ERROR_CHARS]


def fold_failed(error: BaseException, projections: Sequence[str], notification_id: int,
                through_id: int | None = None) -> BaseException:
    """``error`` as a :class:`FoldFailedError` of these projections, unless it already is one or is an
    interruption (:data:`INTERRUPTIONS`), which stays as it is."""
    if isinstance(error, (FoldFailedError, *INTERRUPTIONS)) or not isinstance(error, Exception):
        return error
    return FoldFailedError(projections, notification_id, through_id, error)


async def record_failure(pool: Pool, storage: Tenant, error: FoldFailedError, owner: str) -> None:
    """Record (or count once more) the failure of each of the error's projections, in a transaction of its own."""
    async with pool.acquire() as conn:
        await conn.executemany(tracking(storage).record_failure, [
            (name, error.notification_id, error.through_id, error.reason, owner) for name in error.projections])
