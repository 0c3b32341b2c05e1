"""Where every projection of every tenant stands: position, lag behind the log, its owner, and the failed
fold that stops it, if any (recorded_failures.py); a successor's, on each predecessor's log too
("audit@soc_trang")."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import asyncpg

from isotrail.domain.lineage import SOURCE_MARK, projection_of
from isotrail.domain.tenancy import Tenant
from isotrail.projections.driver import UNAVAILABLE, Connection
from isotrail.projections.event_log import event_log
from isotrail.projections.projector import PROJECTIONS
from isotrail.projections.recorded_failures import Failure, read_failures
from isotrail.projections.runner import LOCK_NAMESPACE, ownership_key
from isotrail.projections.servers import ServerPools
from isotrail.projections.tracking import tracking

log = logging.getLogger(__name__)

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
    failure: Failure | None = None

    @property
    def lag(self) -> int:
        return self.last_notification_id - self.position


async def log_length(conn: Connection, storage: Tenant) -> int:
    """The tenant's last notification id (0 for an empty log)."""
    return await conn.fetchval(event_log(storage).last)


async def projection_statuses(pools: ServerPools, tenants: list[str] | None = None) -> list[ProjectionStatus]:
    """Each projection of each tenant (default: all), read on the tenant's server; owners are the
    advisory locks on the home server. A tenant whose server does not answer is left out (and logged)."""
    placements = await pools.placements()
    home = await pools.pool()
    statuses = []
    for slug in placements if tenants is None else tenants:
        storage = Tenant(slug)
        try:
            async with (await pools.pool(placements.get(slug))).acquire() as conn:
                positions = await _positions(conn, storage)
                names = [*PROJECTIONS, *sorted(name for name in positions if SOURCE_MARK in name)]
                lasts = {name: await log_length(conn, Tenant(name.partition(SOURCE_MARK)[2] or slug)) for name in names}
                failures = await read_failures(conn, storage)
        except asyncpg.UndefinedTableError:  # purged (or moved) since the registry was read
            continue
        except (*UNAVAILABLE, asyncpg.InvalidCatalogNameError) as error:
            log.warning("projection status of %s skipped: its server does not answer (%s)", slug, error)
            continue
        async with home.acquire() as conn:
            for projection in names:
                owner = await conn.fetchrow(_OWNER, LOCK_NAMESPACE, ownership_key(slug, projection_of(projection)))
                statuses.append(ProjectionStatus(
                    slug, projection, positions.get(projection, 0), lasts[projection],
                    f"{owner['application_name']} (pid {owner['pid']})" if owner else None, failures.get(projection)))
    return statuses


async def _positions(conn: Connection, storage: Tenant) -> dict[str, int]:
    try:
        rows = await conn.fetch(tracking(storage).read_all)
    except asyncpg.UndefinedTableError:
        return {}
    return {row["projection"]: row["position"] for row in rows}
