"""``isotrail report KIND``: a document of a programme or of one of its inspections (the plan's Mẫu 19, a visit's
Mẫu 20 and 21, a letter or notice, the November report, Phụ lục II, the findings register) or the Ministry's
national Phụ lục II workbook — from the read models through the same reads the API uses, in the shared Decree 30
layout; a tenant's paper from the province's own template when it uploaded one (rendered in the template sandbox),
and recorded as issued (by ``cli``, in the system role). A programme's whole set: programme_set.py."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from isotrail.domain.documents.document import Document, DocumentKind
from isotrail.domain.documents.inspection_papers import INSPECTION_PAPERS
from isotrail.domain.roles import Role
from isotrail.projections.document_sources import document
from isotrail.projections.national_queries import national_summaries_on_servers
from isotrail.projections.servers import ServerPools
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.issues import Issue, record_issue
from isotrail.services.documents.national_workbook import national_workbook
from isotrail.services.documents.renderer import template_sandbox
from isotrail.services.documents.rendering import DocumentFormat, RenderedDocument, TenantTemplate, render
from isotrail.services.documents.sandbox import TemplateSandbox
from isotrail.services.entrypoints.common import console, services_for_command, with_read_pools
from isotrail.services.entrypoints.document_printing import print_file, province_templates
from isotrail.services.entrypoints.printed_records import candidate_records, printing_tenant
from isotrail.services.not_found_errors import InspectionNotFoundError, ProgrammeNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import provinces

CLI_ACTOR = "cli"  # who the issues this command records name

KINDS_HELP = ("inspection-plan (Mẫu 19), inspection-decision (Mẫu 20), inspection-minutes (Mẫu 21), findings-letter, "
              "non-acceptance-notice, results-report (November), ministry-report (Phụ lục II), findings-register, "
              "national-report (every province's Phụ lục II, for the Ministry).")


def report(
    kind: Annotated[DocumentKind, typer.Argument(help=KINDS_HELP)],
    out: Annotated[Path, typer.Option(help="The file to write.", dir_okay=False, writable=True)],
    tenant: Annotated[str | None, typer.Option(help="Tenant slug (all but the national report).")] = None,
    programme: Annotated[str | None, typer.Option(help="The programme's code (\"2020\") or id.")] = None,
    format: Annotated[DocumentFormat, typer.Option(  # noqa: A002 - the option's name is the trade's word
        "--format", help="docx or pdf (the papers), xlsx (the register, Phụ lục II).")] = DocumentFormat.PDF,
    unit: Annotated[str | None, typer.Option(
        help="The unit's code, for an inspection's paper (decision, minutes, letter, notice).")] = None,
    number: Annotated[str | None, typer.Option(
        help="The notice's số/ký hiệu, when the inspection has several.")] = None,
    year: Annotated[int | None, typer.Option(help="The year, for the national report.")] = None,
    as_of: Annotated[datetime | None, typer.Option(
        "--as-of", formats=["%Y-%m-%d"], help="The document as it stood on this date (YYYY-MM-DD; default today).")
    ] = None,
) -> None:
    """Write a document (DOCX, PDF or XLSX) to a file.

    Args:
        kind: which document.
        tenant, programme: whose; the programme by its code or id.
        out, format: where, and as what. The papers speak as of their own dates, the register and the national
            report as of today (the read models' now).
        as_of: the document as it would have been printed that day (a programme's documents: its events dated
            by then, folded anew).
        unit, number: an inspection's paper is the programme's inspection of that unit; a notice, by its number.
        year: the national report's year (every province's programme of that year).
    """
    if kind is DocumentKind.NATIONAL_REPORT:
        if year is None:
            raise typer.BadParameter("the national report is of a year", param_hint="--year")
        with services_for_command() as services:
            found = _national(services, year)
            _write(found, format, out)
        return
    if tenant is None or programme is None:
        raise typer.BadParameter(f"{kind.value} is a programme's: name its tenant and programme",
                                 param_hint="--tenant/--programme")
    if kind in INSPECTION_PAPERS and unit is None:
        raise typer.BadParameter(f"{kind.value} is an inspection's paper: name its unit", param_hint="--unit")
    with services_for_command() as services:
        storage, record = printing_tenant(services.tenants, tenant)
        candidates = candidate_records(storage, record, programme, unit if kind in INSPECTION_PAPERS else None)
        day = day_asked(as_of)

        async def read(pools: ServerPools):
            sources = (await pools.lineages()).get(storage.slug, ())
            async with (await pools.pool_for(storage)).acquire() as conn:
                found = None
                for programme_id, inspection_id in candidates:  # the first the tenant's read models hold
                    found = await document(conn, storage, kind, programme_id, tenant_name=record.display_name,
                                           as_of=day, catalogue_of=load_catalogue, inspection_id=inspection_id,
                                           number=number, sources=sources)
                    if found is not None:
                        break
                return found, await province_templates(conn, storage, [(kind, format)])

        found, own = with_read_pools(services, read)
        if found is None and kind in INSPECTION_PAPERS:
            raise InspectionNotFoundError(inspection_id=unit)
        if found is None:
            raise ProgrammeNotFoundError(programme_id=programme)
        with template_sandbox(services.settings.documents) as sandbox:
            rendered = _write(found, format, out, sandbox, own.get((kind, format)))
        issue = Issue.of(found, day, rendered)
        issue_id = record_issue(services.tenants, storage, Caller(CLI_ACTOR, Role.SYSTEM), issue)
        console.print(f"recorded as issue {issue_id}", highlight=False)


def day_asked(as_of: datetime | None) -> date:
    """The date a document is asked as of: today unless given, never after today."""
    today = date.today()
    if as_of is None:
        return today
    if as_of.date() > today:
        raise typer.BadParameter(f"{as_of.date()} is still to come (today is {today})", param_hint="--as-of")
    return as_of.date()


def _national(services, year: int) -> Document:
    records = services.tenants.list()
    tenants, lineage = provinces(records)
    rows = with_read_pools(services, lambda pools: national_summaries_on_servers(pools, tenants, year, lineage))
    return national_workbook(records, rows, year, date.today())


def _write(found: Document, fmt: DocumentFormat, out: Path, sandbox: TemplateSandbox | None = None,
           template: TenantTemplate | None = None) -> RenderedDocument:
    rendered = render(found, fmt) if sandbox is None else print_file(sandbox, found, fmt, template)
    out.write_bytes(rendered.content)
    console.print(f"{out}: {rendered.filename} ({len(rendered.content):,} bytes, template {rendered.template_version}, "
                  f"sha256 {rendered.sha256[:16]}…)", highlight=False)
    return rendered
