"""The failed folds the runner recorded (failures.py), as others read them: ``projections status``,
``/readyz`` and the metrics, and a mutation whose write cannot become visible, which learns it in one
statement (:func:`projection_failure`) instead of waiting for a timeout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import Connection, Pool
from isotrail.projections.tracking import tracking


@dataclass(frozen=True)
class Failure:
    """A projection stopped at ``notification_id`` (or in the batch up to ``through_id``)."""

    projection: str
    notification_id: int
    through_id: int | None
    error: str
    first_failed_at: datetime
    failed_at: datetime
    attempts: int
    owner: str | None

    @property
    def where(self) -> str:
        return f"{self.notification_id}" if self.through_id is None else f"{self.notification_id}–{self.through_id}"


class ProjectionFailedError(IsotrailError):
    """The write is stored, but the read model it must appear in is stopped by a failed fold."""

    code = "projection_failed"
    template_vi = ("Dữ liệu đã được ghi, nhưng bảng tổng hợp {projection} đang dừng ở sự kiện số {notification_id} "
                   "vì một lỗi khi cập nhật; nó sẽ tự chạy tiếp khi lỗi được khắc phục.")
    template_en = ("The write is stored, but read model {projection} is stopped at notification {notification_id} "
                   "by an error; it resumes by itself once the error is fixed.")


async def read_failures(conn: Connection, storage: Tenant) -> dict[str, Failure]:
    """The tenant's failed projections by name (none when the table is not made yet)."""
    try:
        rows = await conn.fetch(tracking(storage).read_failures)
    except asyncpg.UndefinedTableError:
        return {}
    return {row["projection"]: Failure(**dict(row)) for row in rows}


async def projection_failure(pool: Pool, storage: Tenant, projection: str) -> Failure | None:
    """Whether ``projection`` is stopped by a failed fold: one statement, for a mutation about to wait on it."""
    try:
        row = await pool.fetchrow(tracking(storage).read_failure, projection)
    except asyncpg.UndefinedTableError:  # a tenant whose projector has not prepared its tables yet
        return None
    return Failure(**dict(row)) if row is not None else None
