"""``isotrail report KIND``: a document of a programme or of one of its inspections (the plan's Mẫu 19, a visit's
Mẫu 20 and 21, a letter or notice, the reports, the findings register) written to a file, from the read models
through the same reads the API uses, in the shared Decree 30 layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.inspection_papers import INSPECTION_PAPERS
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.projections.document_sources import document
from isotrail.projections.servers import ServerPools
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.rendering import DocumentFormat, render
from isotrail.services.entrypoints.common import console, services_for_command, with_read_pools
from isotrail.services.not_found_errors import InspectionNotFoundError, ProgrammeNotFoundError


def report(
    kind: Annotated[DocumentKind, typer.Argument(help=(
        "inspection-plan (Mẫu 19), inspection-decision (Mẫu 20), inspection-minutes (Mẫu 21), findings-letter, "
        "non-acceptance-notice, results-report (November), ministry-report (Phụ lục II), findings-register."))],
    tenant: Annotated[str, typer.Option(help="Tenant slug.")],
    programme: Annotated[str, typer.Option(help="The programme's code (\"2020\") or id.")],
    out: Annotated[Path, typer.Option(help="The file to write.", dir_okay=False, writable=True)],
    format: Annotated[DocumentFormat, typer.Option(  # noqa: A002 - the option's name is the trade's word
        "--format", help="docx or pdf (the papers), xlsx (the register, Phụ lục II).")] = DocumentFormat.PDF,
    unit: Annotated[str | None, typer.Option(
        help="The unit's code, for an inspection's paper (decision, minutes, letter, notice).")] = None,
    number: Annotated[str | None, typer.Option(
        help="The notice's số/ký hiệu, when the inspection has several.")] = None,
) -> None:
    """Write a programme's document (DOCX, PDF or XLSX) to a file.

    Args:
        kind: which document.
        tenant, programme: whose; the programme by its code or id.
        out, format: where, and as what. The papers speak as of their own dates, the register as of today (the
            read models' now: its statuses and what is overdue).
        unit, number: an inspection's paper is the programme's inspection of that unit; a notice, by its number.
    """
    if kind in INSPECTION_PAPERS and unit is None:
        raise typer.BadParameter(f"{kind.value} is an inspection's paper: name its unit", param_hint="--unit")
    with services_for_command() as services:
        storage = Tenant(tenant)
        display_name = services.tenants.get(storage).display_name
        programme_id = _programme_id(storage, programme)
        inspection_id = (Inspection.create_id(storage, programme_id, Unit.create_id(storage, unit))
                         if kind in INSPECTION_PAPERS and unit else None)
        day = date.today()

        async def read(pools: ServerPools):
            async with (await pools.pool_for(storage)).acquire() as conn:
                return await document(conn, storage, kind, programme_id, tenant_name=display_name, as_of=day,
                                      catalogue_of=load_catalogue, inspection_id=inspection_id, number=number)

        found = with_read_pools(services, read)
        if found is None and inspection_id is not None:
            raise InspectionNotFoundError(inspection_id=unit)
        if found is None:
            raise ProgrammeNotFoundError(programme_id=programme)
        rendered = render(found, format)
        out.write_bytes(rendered.content)
    console.print(f"{out}: {rendered.filename} ({len(rendered.content):,} bytes, template {rendered.template_version}, "
                  f"sha256 {rendered.sha256[:16]}…)", highlight=False)


def _programme_id(storage: Tenant, given: str) -> UUID:
    try:
        return UUID(given)
    except ValueError:
        return Programme.create_id(storage, given)
