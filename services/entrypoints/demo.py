"""``isotrail demo``: the 2020 Sóc Trăng programme replayed through the commands (``serve`` loads it too),
with a table of the commands issued and the programme's figures."""

from __future__ import annotations

import typer
from rich.table import Table

from isotrail.domain.tenancy import Tenant
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.entrypoints.bootstrap import Services
from isotrail.services.entrypoints.common import console, exit_normally_on_sigterm, services_for_command
from isotrail.services.figures import programme_figures


def load_demo(services: Services, slug: str | None) -> None:
    seed = load_seed()
    tenant = Tenant(slug or services.settings.demo_tenant)
    services.tenants.ensure(tenant, seed["tenant"]["display_name"])
    with services.tenants.application(tenant) as tenant_app_:
        with console.status("Đang nạp kế hoạch 35/KH-UBND (Sóc Trăng 2020)…"):
            replay = replay_seed(tenant_app_, seed)
        figures = programme_figures(tenant_app_, tenant_app_.programme_id(seed["programme"]["code"]))
    table = Table(title=f"Demo tenant '{tenant.slug}': commands issued this run")
    table.add_column("command")
    table.add_column("count", justify="right")
    for command, count in sorted(replay.commands.items()):
        table.add_row(command, str(count))
    table.add_row("total", str(replay.total), style="bold")
    console.print(table if replay.total else f"Demo tenant '{tenant.slug}' already holds the 2020 programme.")
    for line in figures.lines_vi():
        console.print(f"  {line}")


def demo(tenant: str = typer.Option(None, help="Tenant slug (default: ISOTRAIL_DEMO_TENANT).")) -> None:
    """Replay the 2020 Sóc Trăng programme through the commands (idempotent)."""
    exit_normally_on_sigterm()
    with services_for_command() as services:
        load_demo(services, tenant)
