"""``isotrail report KIND``: a document of a programme (the plan's Mẫu 19, the findings register) written to a
file, from the read models through the same reads the API uses, in the shared Decree 30 layout — from the
province's own template when it uploaded one — and recorded as issued (by ``cli``, in the system role)."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from isotrail.domain.document_template import template_version
from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.owners import OWNERS
from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections.document_queries import tenant_template
from isotrail.projections.document_sources import document
from isotrail.projections.servers import ServerPools
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.issues import Issue, record_issue
from isotrail.services.documents.rendering import DocumentFormat, TenantTemplate, render
from isotrail.services.entrypoints.common import console, services_for_command, with_read_pools
from isotrail.services.not_found_errors import ProgrammeNotFoundError
from isotrail.services.permissions import Caller

CLI_ACTOR = "cli"  # who the issues this command records name

def report(
    kind: Annotated[DocumentKind, typer.Argument(help="inspection-plan (Mẫu 19) or findings-register.")],
    tenant: Annotated[str, typer.Option(help="Tenant slug.")],
    programme: Annotated[str, typer.Option(help="The programme's code (\"2020\") or id.")],
    out: Annotated[Path, typer.Option(help="The file to write.", dir_okay=False, writable=True)],
    format: Annotated[DocumentFormat, typer.Option(  # noqa: A002 - the option's name is the trade's word
        "--format", help="docx or pdf (the plan), xlsx (the register).")] = DocumentFormat.PDF,
) -> None:
    """Write a programme's document (DOCX, PDF or XLSX) to a file.

    Args:
        kind: which document.
        tenant, programme: whose; the programme by its code or id.
        out, format: where, and as what. The plan speaks as of its own date, the register as of today (the read
            models' now: its statuses and what is overdue).
    """
    with services_for_command() as services:
        storage = Tenant(tenant)
        display_name = services.tenants.get(storage).display_name
        programme_id = _programme_id(storage, programme)
        day = date.today()

        async def read(pools: ServerPools):
            async with (await pools.pool_for(storage)).acquire() as conn:
                found = await document(conn, storage, kind, programme_id, tenant_name=display_name, as_of=day,
                                       catalogue_of=load_catalogue)
                return found, await tenant_template(conn, storage, kind.value, format.value)

        found, own = with_read_pools(services, read)
        if found is None:
            raise ProgrammeNotFoundError(programme_id=programme)
        template = (TenantTemplate(base64.b64decode(own["content"]), template_version(own["number"], own["sha256"]))
                    if own is not None else None)
        rendered = render(found, format, template)
        out.write_bytes(rendered.content)
        issue = Issue(programme_id, OWNERS[kind].value, None, day, rendered)
        issue_id = record_issue(services.tenants, storage, Caller(CLI_ACTOR, Role.SYSTEM), issue)
    console.print(f"{out}: {rendered.filename} ({len(rendered.content):,} bytes, template {rendered.template_version}, "
                  f"sha256 {rendered.sha256[:16]}…, recorded as issue {issue_id})", highlight=False)


def _programme_id(storage: Tenant, given: str) -> UUID:
    try:
        return UUID(given)
    except ValueError:
        return Programme.create_id(storage, given)
