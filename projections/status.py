"""Where every projection of every tenant stands: position, lag behind the log, and its owner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from isotrail.domain.tenancy import REGISTRY_SCHEMA, REGISTRY_TABLE, TenantStorage
from isotrail.projections.projector import PROJECTIONS
from isotrail.projections.runner import LOCK_NAMESPACE, ownership_key

_OWNER = """
SELECT a.application_name, a.client_addr::text AS client_addr, a.pid
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
  AND l.classid::bigint = (hashtext($1)::bigint & 4294967295)
  AND l.objid::bigint = (hashtext($2)::bigint & 4294967295)
"""


@dataclass(frozen=True)
class ProjectionStatus:
    tenant: str
    projection: str
    position: int
    last_notification_id: int
    owner: str | None

    @property
    def lag(self) -> int:
        return self.last_notification_id - self.position


async def log_length(conn: Any, storage: TenantStorage) -> int:
    """The tenant's last notification id (0 for an empty log)."""
    return await conn.fetchval(
        f'SELECT coalesce(max(notification_id), 0) FROM "{storage.schema}"."{storage.events_table}"')


async def projection_statuses(pool: Any, tenants: list[str] | None = None) -> list[ProjectionStatus]:
    async with pool.acquire() as conn:
        if tenants is None:
            tenants = [r["slug"] for r in await conn.fetch(
                f"SELECT slug FROM {REGISTRY_SCHEMA}.{REGISTRY_TABLE} ORDER BY slug")]
        statuses = []
        for slug in tenants:
            storage = TenantStorage(slug)
            try:
                last = await log_length(conn, storage)
            except asyncpg.UndefinedTableError:  # purged since the registry was read
                continue
            has_positions = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL",
                                                f'"{storage.schema}".rm_positions')
            for projection in PROJECTIONS:
                position = 0
                if has_positions:
                    position = await conn.fetchval(
                        f'SELECT position FROM "{storage.schema}".rm_positions WHERE projection = $1',
                        projection) or 0
                owner = await conn.fetchrow(_OWNER, LOCK_NAMESPACE, ownership_key(slug, projection))
                statuses.append(ProjectionStatus(
                    slug, projection, position, last,
                    f"{owner['application_name']} (pid {owner['pid']})" if owner else None))
        return statuses
