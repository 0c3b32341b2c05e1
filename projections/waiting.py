"""Read-your-writes: wait until a projection has folded a given notification id."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import TenantStorage
from isotrail.projections.tracking import read_position_sql


class ProjectionTimeoutError(IsotrailError):
    """The read model did not catch up in time; the write itself is stored."""

    code = "projection_timeout"
    template_vi = "Dữ liệu đã được ghi nhưng bảng tổng hợp {projection} chưa cập nhật kịp (sau {timeout} giây)."
    template_en = "The write is stored, but read model {projection} did not catch up within {timeout} s."


async def wait_for_position(pool: Any, storage: TenantStorage, projection: str, notification_id: int,
                            timeout: float = 5.0, interval: float = 0.01) -> None:
    """Return once ``projection`` is at or past ``notification_id``; raise after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    sql = read_position_sql(storage.schema)
    async with pool.acquire() as conn:
        while True:
            try:
                position = await conn.fetchval(sql, projection) or 0
            except asyncpg.UndefinedTableError:  # a new tenant whose projector has not started yet
                position = 0
            if position >= notification_id:
                return
            if time.monotonic() > deadline:
                raise ProjectionTimeoutError(projection=projection, timeout=timeout)
            await asyncio.sleep(interval)
