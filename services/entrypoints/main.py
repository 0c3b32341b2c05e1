"""``isotrail``: the command line's root, with ``migrate`` and ``token``; serving (``serving.py``), the demo
(``demo.py``), tenants (``tenants.py``), units' reorganisation (``units.py``), projections (``projections.py``)
and documents (``reports.py``, ``programme_set.py``) have modules of their own.
Commands call the services, never SQL."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from uuid import UUID

import typer

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.entrypoints.common import console, services_for_command, with_read_pools
from isotrail.services.entrypoints.demo import demo
from isotrail.services.entrypoints.programme_set import documents
from isotrail.services.entrypoints.projections import prepare_read_models, projections_app
from isotrail.services.entrypoints.reports import report
from isotrail.services.entrypoints.serving import api, serve
from isotrail.services.entrypoints.tenants import tenant_app
from isotrail.services.entrypoints.units import units_app
from isotrail.services.token_claims import TOKEN_ROLES

app = typer.Typer(help="isotrail: kiểm tra HTQLCL theo TCVN ISO 9001 — ISO 9001 inspection records.",
                  no_args_is_help=True)
app.add_typer(tenant_app, name="tenant")
app.add_typer(projections_app, name="projections")
app.add_typer(units_app, name="units")
app.command()(demo)
app.command()(serve)
app.command()(api)
app.command()(report)
app.command()(documents)


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
