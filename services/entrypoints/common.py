"""What every CLI command shares: the console, and wired services that turn typed errors into messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from isotrail.domain.errors import IsotrailError
from isotrail.services.entrypoints.bootstrap import Services, bootstrap
from isotrail.services.settings import get_settings

console = Console()


@contextmanager
def services_for_command(*, deployed: bool = False) -> Iterator[Services]:
    """Wired services for one command; a typed error becomes its message and exit status 2.

    Args:
        deployed: first check that the settings suit a deployed process (``Settings.require_deployable``),
            before anything connects or starts an embedded server.
    """
    services = None
    try:
        settings = get_settings()
        if deployed:
            settings.require_deployable()
        services = bootstrap(settings)
        yield services
    except IsotrailError as error:
        console.print(f"[bold red]{error.code}[/]: {error.message_vi}", highlight=False)
        console.print(f"  {error.message_en}", highlight=False)
        raise typer.Exit(2) from None
    finally:
        if services is not None:
            services.close()
