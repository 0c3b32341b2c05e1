"""``isotrail``: serve, load the demo, manage tenants. Commands call the services, never SQL."""

from __future__ import annotations

import signal
import sys
from enum import StrEnum
from typing import Annotated
from uuid import UUID

import typer
from rich.table import Table

from isotrail.domain.tenancy import Tenant
from isotrail.domain.values import Role
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.entrypoints.bootstrap import Projecting, Services
from isotrail.services.entrypoints.common import console, services_for_command, with_read_pools
from isotrail.services.entrypoints.projections import prepare_read_models, projections_app
from isotrail.services.entrypoints.tenants import tenant_app
from isotrail.services.figures import programme_figures
from isotrail.services.logs import configure_logging
from isotrail.services.token_claims import TOKEN_ROLES

app = typer.Typer(help="isotrail: kiểm tra HTQLCL theo TCVN ISO 9001 — ISO 9001 inspection records.",
                  no_args_is_help=True)
app.add_typer(tenant_app, name="tenant")
app.add_typer(projections_app, name="projections")


def _exit_normally_on_sigterm() -> None:
    """The embedded PostgreSQL stops when its last user exits normally: make SIGTERM such an exit."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def _load_demo(services: Services, slug: str | None) -> None:
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


@app.command()
def demo(tenant: str = typer.Option(None, help="Tenant slug (default: ISOTRAIL_DEMO_TENANT).")) -> None:
    """Replay the 2020 Sóc Trăng programme through the commands (idempotent)."""
    _exit_normally_on_sigterm()
    with services_for_command() as services:
        _load_demo(services, tenant)


def _serve_http(services: Services, *, graphiql: bool) -> None:
    """Serve the API until SIGTERM or Ctrl-C: uvicorn stops accepting, lets requests in flight finish
    (at most ``ISOTRAIL_HTTP__GRACEFUL_SHUTDOWN_SECONDS``), stops the projector and closes the pools.
    ``graphiql`` is what an unset ``ISOTRAIL_HTTP__GRAPHIQL`` means for this command."""
    from isotrail.graphql.app import create_app, create_metrics_app  # noqa: PLC0415 - the entry point wires graphql in
    from isotrail.services.entrypoints.http_server import serve  # noqa: PLC0415 - only serving needs the HTTP stack

    settings = services.settings
    http = settings.http.model_copy(update={"graphiql": graphiql if settings.http.graphiql is None
                                            else settings.http.graphiql})
    api = create_app(services.tokens, services.tenants, services.read_pools, projector=services.projector, http=http,
                     metrics=settings.metrics)
    serve(api, http, create_metrics_app(settings.metrics, http), settings.metrics)


@app.command()
def serve() -> None:
    """Start the database (embedded when DATABASE_URL is unset), load the demo, and keep running."""
    _exit_normally_on_sigterm()
    configure_logging()
    with services_for_command(serving=True, projecting=Projecting(in_serve=True)) as services:
        console.print(f"PostgreSQL: {services.database.url}")
        _load_demo(services, None)
        projector = services.projector
        http = services.settings.http
        demo = Tenant(services.settings.demo_tenant)
        if projector is not None:
            console.print(f"Projector {projector.name} runs in-process ({', '.join(projector.settings.projections)}).")
        console.print(f"GraphQL (GraphiQL in a browser): http://{http.host}:{http.port}/graphql")
        console.print(f"Demo tokens for tenant {demo.slug} (Authorization: Bearer …):")
        for role in (Role.TENANT_ADMIN, Role.INSPECTOR, Role.AUDITOR, Role.VIEWER):
            token = services.tokens.mint(tenant=demo, role=role, subject=f"demo-{role.value}")
            console.print(f"  {role.value:<13} {token}", highlight=False, soft_wrap=True)
        _serve_http(services, graphiql=True)
        console.print("Stopped.")


@app.command()
def api() -> None:
    """Serve the GraphQL API of a deployment: no demo, no printed tokens, no in-process projector.

    Run `isotrail projections run` beside it. Needs DATABASE_URL and a token key that every replica
    shares (ISOTRAIL_AUTH__SECRET, __PUBLIC_KEY or __JWKS_URL).
    """
    _exit_normally_on_sigterm()
    configure_logging()
    with services_for_command(deployed=True, serving=True) as services:
        http = services.settings.http
        console.print(f"API on http://{http.host}:{http.port}/graphql (/healthz, /readyz)")
        _serve_http(services, graphiql=False)


@app.command()
def migrate(
    tenant: Annotated[list[str] | None, typer.Option(
        help='Make sure this tenant exists, as "slug=Tên hiển thị" (repeatable).')] = None,
) -> None:
    """Create the registry, the listed tenants and every tenant's read-model tables (idempotent).

    A deployment's Job runs it before the API and the projectors start.
    """
    wanted = [_tenant_spec(spec) for spec in tenant or []]
    with services_for_command() as services:
        for slug, display_name in wanted:
            created = services.tenants.ensure(Tenant(slug), display_name)
            console.print(f"Tenant {created.slug} ({created.display_name}) in schema {created.schema_name}")
        slugs = [t.slug for t in services.tenants.list()]
        with_read_pools(services, lambda pools: prepare_read_models(pools, slugs))
        console.print(f"Read-model tables ready for {len(slugs)} tenant(s).")


def _tenant_spec(spec: str) -> tuple[str, str]:
    slug, _, display_name = spec.partition("=")
    if not slug or not display_name:
        raise typer.BadParameter(f'expected "slug=Tên hiển thị", got {spec!r}', param_hint="--tenant")
    return slug, display_name


# the roles a token may grant: ``system`` acts inside the server only, so it is not even offered
TokenRole = StrEnum("TokenRole", {role.name: role.value for role in TOKEN_ROLES})


@app.command()
def token(
    tenant: Annotated[str, typer.Option(help="Tenant slug the token is for.")],
    role: Annotated[TokenRole, typer.Option(help="Role the token grants.")] = TokenRole.VIEWER,
    subject: Annotated[str, typer.Option(help="Who the token names.")] = "dev",
    unit: Annotated[UUID | None, typer.Option(help="Unit id: required for a unit representative.")] = None,
) -> None:
    """Mint a development token (HS256 with the configured or local secret) for an existing tenant."""
    with services_for_command() as services:
        named = Tenant(tenant)
        services.tenants.get(named)
        console.print(services.tokens.mint(tenant=named, role=Role(role.value), subject=subject, unit_id=unit),
                      highlight=False, soft_wrap=True)


def main() -> None:
    app()
