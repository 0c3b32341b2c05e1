"""The one composition root: settings in, wired infrastructure out. No other module builds it.

The API's read pools and the projector's pools are both :class:`ServerPools` made here, with their own
sizes and ``application_name``; the projector's are closed and made again whenever it reconnects.

The app factory (graphql/app.py) and the CLI commands consume what :func:`bootstrap` returns. The read pools'
asyncpg pools are made on first use, in the event loop that uses them: that loop closes them
(``Services.read_pools.close()``) before it ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from isotrail.projections.projector import PROJECTIONS
from isotrail.projections.runner import ProjectionRunner, RunnerSettings, projector_name
from isotrail.projections.servers import ServerPools
from isotrail.services.auth import TokenAuthority
from isotrail.services.database import Database, resolve_database_url
from isotrail.services.database_settings import ProjectionSettings
from isotrail.services.registry import Registry
from isotrail.services.settings import Settings, get_settings
from isotrail.services.tenants import TenantRegistry


@dataclass(frozen=True)
class Projecting:
    """Asks :func:`bootstrap` for a projector runner: these projections of these tenants (empty: all).
    ``in_serve``: only if ``ISOTRAIL_PROJECTIONS__RUN_IN_SERVE`` wants one (the ``serve`` command's)."""

    projections: Sequence[str] = ()
    tenants: Sequence[str] = ()
    in_serve: bool = False


@dataclass
class Services:
    settings: Settings
    database: Database
    registry: Registry
    tenants: TenantRegistry
    tokens: TokenAuthority
    read_pools: ServerPools
    projector: ProjectionRunner | None = None

    def close(self) -> None:
        self.tenants.close()


def bootstrap(settings: Settings | None = None, *, serving: bool = False,
              projecting: Projecting | None = None) -> Services:
    """Connect to PostgreSQL (starting the embedded one if no URL is set) and wire the registry, the read
    pools (the API's when ``serving``) and, if ``projecting`` asks for one, a projector runner."""
    settings = settings or get_settings()
    database = Database(resolve_database_url(settings), settings.db.connect_timeout_seconds)
    registry = Registry(database)
    tokens = TokenAuthority.for_settings(settings.auth, settings.home)
    read_pools = (api_read_pools(database.url, registry, settings.http.read_pool_size) if serving
                  else ServerPools(database.url, registry))
    projector = None
    if projecting is not None and (settings.projections.run_in_serve or not projecting.in_serve):
        pools = ServerPools(database.url, registry, max_size=settings.projections.pool_size,
                            application_name=projector_name())
        projector = ProjectionRunner(pools, _runner_settings(settings.projections, projecting))
    return Services(settings, database, registry, TenantRegistry(registry, settings.tenants), tokens,
                    read_pools, projector)


def api_read_pools(home: str, registry: Registry, size: int) -> ServerPools:
    """The API's read pools: named ``isotrail-api`` in ``pg_stat_activity``, each statement counted for
    ``/metrics``."""
    from isotrail.graphql.metrics import count_query  # noqa: PLC0415 - only serving loads the HTTP stack

    return ServerPools(home, registry, max_size=size, application_name="isotrail-api", on_query=count_query)


def _runner_settings(settings: ProjectionSettings, projecting: Projecting) -> RunnerSettings:
    return RunnerSettings(projections=tuple(projecting.projections or PROJECTIONS),
                          tenants=tuple(projecting.tenants), batch_size=settings.batch_size,
                          poll_seconds=settings.poll_seconds, discover_seconds=settings.discover_seconds)
