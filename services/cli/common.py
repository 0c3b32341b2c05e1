"""What every CLI command shares: the console, and wired services that turn typed errors into messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from isotrail.domain.errors import IsotrailError
from isotrail.services.bootstrap import Services, bootstrap

console = Console()


@contextmanager
def services_for_command() -> Iterator[Services]:
    """Wired services for one command; a typed error becomes its message and exit status 2."""
    services = None
    try:
        services = bootstrap()
        yield services
    except IsotrailError as error:
        console.print(f"[bold red]{error.code}[/]: {error.message_vi}", highlight=False)
        console.print(f"  {error.message_en}", highlight=False)
        raise typer.Exit(2) from None
    finally:
        if services is not None:
            services.close()
