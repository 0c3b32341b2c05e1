"""``isotrail projections run | rebuild | status``: the read side's projector process and its tools."""

from __future__ import annotations

import asyncio
import signal
import socket
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from isotrail.domain.tenancy import Tenant
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.projections.rebuild import rebuild
from isotrail.projections.servers import ServerPools
from isotrail.projections.status import log_length, projection_statuses
from isotrail.services.entrypoints.bootstrap import Projecting
from isotrail.services.entrypoints.common import console, services_for_command, with_read_pools
from isotrail.services.logs import configure_logging

# A runner names its connections isotrail-projector:<host>:<pid>, and PostgreSQL keeps the first 63
# bytes of an application_name: match on the prefix, cut the same way.
_CONNECTED = ("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
              "AND application_name LIKE left(%s, 63) || '%%'")

projections_app = typer.Typer(help="Read models: run the projector, rebuild, show status.", no_args_is_help=True)


async def prepare_read_models(pools: ServerPools, slugs: list[str]) -> None:
    """Create every projection's tables and position row for these tenants, each on its server (idempotent)."""
    placements = await pools.placements()
    for slug in slugs:
        storage = Tenant(slug)
        pool = await pools.pool(placements.get(slug))
        await Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS]).prepare()


def _known(names: list[str] | None) -> list[str] | None:
    for name in names or []:
        if name not in PROJECTIONS:
            raise typer.BadParameter(f"unknown projection {name!r}", param_hint="--projection")
    return names


@projections_app.command("run")
def run(
    tenant: Annotated[list[str] | None, typer.Option(help="Only this tenant (repeatable; default: all).")] = None,
    projection: Annotated[list[str] | None, typer.Option(
        help="Only this projection (repeatable): run audit and timeline in separate processes to use two cores.",
    )] = None,
) -> None:
    """Own projections (advisory locks) and keep them current until SIGTERM or Ctrl-C."""
    projection = _known(projection)
    configure_logging()
    with services_for_command(projecting=Projecting(projection or (), tenant or ())) as services:
        runner = services.projector
        assert runner is not None  # asked for

        async def main() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            console.print(f"{runner.name}: following {', '.join(runner.settings.projections)}")
            await runner.run(stop)

        asyncio.run(main())


@projections_app.command("alive")
def alive() -> None:
    """Exit 0 when a projector process of this host is connected to the database, else 1 (a health check)."""
    with services_for_command() as services, services.database.connect() as conn:
        [count] = conn.execute(_CONNECTED, (f"isotrail-projector:{socket.gethostname()}:",)).fetchone()
    console.print(f"{count} projector connection(s) of this host")
    if not count:
        raise typer.Exit(1)


@projections_app.command("rebuild")
def rebuild_command(
    tenant: Annotated[list[str] | None, typer.Option(help="Tenant slug (repeatable; default: all).")] = None,
    projection: Annotated[list[str] | None, typer.Option(help="audit or timeline (repeatable; default: both).")] = None,
) -> None:
    """Replay the events from zero into fresh tables and swap them in (a successor's with its predecessors')."""
    names = _known(projection) or list(PROJECTIONS)
    with services_for_command() as services:
        slugs = tenant or [t.slug for t in services.tenants.list()]

        async def main(pools: ServerPools) -> None:
            placements, lineages = await pools.placements(), await pools.lineages()
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TextColumn("{task.fields[rate]:>9,.0f} events/s"), TimeRemainingColumn(),
                          console=console) as progress:
                for slug in slugs:
                    storage, sources = Tenant(slug), lineages.get(slug, ())
                    pool = await pools.pool(placements.get(slug))
                    async with pool.acquire() as conn:
                        total = sum([await log_length(conn, log) for log in (storage, *(s.tenant for s in sources))])
                    task = progress.add_task(f"{slug}/{'+'.join(names)}", total=total, rate=0.0)

                    def advance(count: int, task: int = task) -> None:
                        progress.advance(task, count)
                        elapsed = progress.tasks[task].elapsed or 1e-9
                        progress.update(task, rate=progress.tasks[task].completed / elapsed)

                    await rebuild(pool, storage, names, batch_size=services.settings.projections.batch_size,
                                  on_batch=advance, sources=sources)
                    progress.update(task, completed=total)

        with_read_pools(services, main)


@projections_app.command("status")
def status() -> None:
    """Each projection's position, lag behind the event log, owner, and the failed fold stopping it."""
    with services_for_command() as services:
        table = Table("tenant", "projection", "position", "last event", "lag", "owner", "failed")
        statuses = with_read_pools(services, projection_statuses)
        for row in statuses:
            failure = row.failure
            failed = (f"[red]at notification {failure.where}: {escape(failure.error)} ({failure.attempts} attempt(s) "
                      f"since {failure.first_failed_at:%Y-%m-%d %H:%M:%S %Z}, by {failure.owner or '—'})[/red]"
                      if failure else "—")
            table.add_row(row.tenant, row.projection, str(row.position), str(row.last_notification_id),
                          str(row.lag), row.owner or "—", failed)
        console.print(table)
        if any(row.failure for row in statuses):
            raise typer.Exit(2)  # for scripts and health checks: some projection is stopped
