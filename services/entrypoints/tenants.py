"""``isotrail tenant create | list | suspend | resume | move | merge``: the tenant registry, tenant placement and
tenant merges."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.projections.read_model_layout import read_model_layout
from isotrail.services.commands.tenancy import MergeTenants, administer
from isotrail.services.entrypoints.common import console, services_for_command
from isotrail.services.permissions import Caller
from isotrail.services.placement import server_label
from isotrail.services.tenant_move import move_tenant

CLI_ACTOR = "cli"  # who the merges this command records name
tenant_app = typer.Typer(help="Tenants (province DOSTs).", no_args_is_help=True)


@tenant_app.command("create")
def tenant_create(slug: str, display_name: str) -> None:
    """Register a tenant and create its schema."""
    with services_for_command() as services:
        tenant = services.tenants.create(Tenant(slug), display_name)
        console.print(f"Created tenant {tenant.slug} ({tenant.display_name}) in schema {tenant.schema_name}")


@tenant_app.command("list")
def tenant_list() -> None:
    """List the tenants, with the server holding each one's schema."""
    with services_for_command() as services:
        table = Table("slug", "display name", "status", "schema", "server", "created", "lineage")
        for tenant in services.tenants.list():
            lineage = (f"→ {tenant.merged_into} ({tenant.merged_on:%d/%m/%Y})" if tenant.merged_into
                       else ", ".join(f"← {slug}" for slug in tenant.predecessors))
            table.add_row(tenant.slug, tenant.display_name, tenant.status.value, tenant.schema_name,
                          server_label(tenant.server) if tenant.server else "(registry's own)",
                          tenant.created_at.isoformat(timespec="seconds"), lineage)
        console.print(table)


@tenant_app.command("suspend")
def tenant_suspend(slug: str) -> None:
    """Refuse every command of a tenant (its events and read models stay)."""
    with services_for_command() as services:
        tenant = services.tenants.set_status(Tenant(slug), TenantStatus.SUSPENDED)
        console.print(f"Tenant {tenant.slug} is {tenant.status.value}.")


@tenant_app.command("resume")
def tenant_resume(slug: str) -> None:
    """Accept commands of a suspended tenant again."""
    with services_for_command() as services:
        tenant = services.tenants.set_status(Tenant(slug), TenantStatus.ACTIVE)
        console.print(f"Tenant {tenant.slug} is {tenant.status.value}.")


@tenant_app.command("move")
def tenant_move(
    slug: str,
    to: Annotated[str, typer.Option(
        help="libpq URL of the target database, without password (use PGPASSFILE or PGPASSWORD).")],
) -> None:
    """Move a tenant's schema to another PostgreSQL database and place it there.

    Its commands are refused (tenant_moving) while its events, snapshots and read models are copied and
    verified; then every process reads and writes it on the target.
    """
    with services_for_command() as services:
        with Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console) as progress:
            tasks: dict[str, int] = {}

            def advance(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = progress.add_task(step, total=total)
                progress.update(tasks[step], completed=done, total=total)

            report = move_tenant(services.tenants, Tenant(slug), to, read_model_layout, progress=advance)
        table = Table(title=f"Tenant {report.slug} moved", show_header=False)
        for name, value in (
            ("from", report.source), ("to", report.target), ("events copied", f"{report.events:,}"),
            ("events checksum (md5, same on both)", report.checksum), ("snapshots copied", f"{report.snapshots:,}"),
            ("read-model rows copied", f"{report.read_model_rows:,}"),
            ("old schema kept as", f"{report.backup_schema} on {report.source}"),
            ("writes refused for", f"{report.writes_refused_seconds:.2f} s"),
        ):
            table.add_row(name, value)
        console.print(table)

DAY = ["%Y-%m-%d"]


@tenant_app.command("merge")
def tenant_merge(
    into: Annotated[str, typer.Option("--into", help="The successor's slug (created if it does not exist).")],
    predecessors: Annotated[list[str], typer.Option("--from", help="A tenant merged into it (repeatable).")],
    effective_on: Annotated[datetime, typer.Option(formats=DAY, help="From when, as YYYY-MM-DD (2025-07-01).")],
    display_name: Annotated[str | None, typer.Option(help="The successor's display name, to create it.")] = None,
    decision_number: Annotated[str | None, typer.Option(help='The decision that ordered it ("202/2025/QH15").')] = None,
    decision_date: Annotated[datetime | None, typer.Option(formats=DAY, help="The decision's date.")] = None,
) -> None:
    """Merge tenants into a successor: they refuse every command from now on (tenant_merged), their events stay
    as stored, and the successor's users read them as their own. Safe to run again. The same command as GraphQL's
    ``mergeTenants`` (services/commands/tenancy.py), run as the system role."""
    with services_for_command() as services:
        command = MergeTenants(into=into, predecessors=predecessors, effective_on=effective_on.date(),
                               display_name=display_name, decision_number=decision_number,
                               decision_date=decision_date.date() if decision_date else None)
        report = administer(services.tenants, Caller(CLI_ACTOR, Role.SYSTEM), command)
        successor = report.successor
        if report.created:
            console.print(f"Created tenant {successor.slug} ({successor.display_name}).")
        for record in report.predecessors:
            done = "merged" if record.slug in report.merged_now else "already merged"
            console.print(f"Tenant {record.slug} {done} into {successor.slug} from {record.merged_on:%d/%m/%Y}.")
        console.print(f"{successor.slug} reads {', '.join(successor.predecessors)} as its own once its "
                      "projections have folded them.")
