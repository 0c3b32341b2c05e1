"""What every CLI command shares: the console, wired services that turn typed errors into messages, and
SIGTERM as a normal exit."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.unavailable import UNAVAILABLE, database_unavailable
from isotrail.projections.servers import ServerPools
from isotrail.services.entrypoints.bootstrap import Projecting, Services, bootstrap
from isotrail.services.settings import get_settings

console = Console()
T = TypeVar("T")


@contextmanager
def services_for_command(*, deployed: bool = False, serving: bool = False,
                         projecting: Projecting | None = None) -> Iterator[Services]:
    """Wired services for one command; a typed error (PostgreSQL gone too) becomes its message and exit status 2.

    Args:
        deployed: first check that the settings suit a deployed process (``Settings.require_deployable``),
            before anything connects or starts an embedded server.
        serving, projecting: as :func:`bootstrap` takes them.
    """
    services = None
    try:
        settings = get_settings()
        if deployed:
            settings.require_deployable()
        services = bootstrap(settings, serving=serving, projecting=projecting)
        yield services
    except (IsotrailError, *UNAVAILABLE) as refused:
        # a typed error as it is (server_unreachable names the server); PostgreSQL gone, untyped: the one typed error
        error = refused if isinstance(refused, IsotrailError) else database_unavailable(refused)
        console.print(f"[bold red]{error.code}[/]: {escape(error.message_vi)}", highlight=False)  # a value
        console.print(f"  {escape(error.message_en)}", highlight=False)  # quoted in it is no markup
        raise typer.Exit(2) from None
    finally:
        if services is not None:
            services.close()


def with_read_pools(services: Services, work: Callable[[ServerPools], Awaitable[T]]) -> T:
    """Run ``work`` on the read pools in an event loop of its own, closing them in that loop afterwards."""
    async def main() -> T:
        try:
            return await work(services.read_pools)
        finally:
            await services.read_pools.close()

    return asyncio.run(main())


def exit_normally_on_sigterm() -> None:
    """The embedded PostgreSQL stops when its last user exits normally: make SIGTERM such an exit."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
