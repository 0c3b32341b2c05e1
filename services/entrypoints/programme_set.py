"""``isotrail documents``: a programme's whole set of documents into a directory — the plan, each visit's decision
and minutes (or a dossier check's letter) and notices, the November report, Phụ lục II and the findings register —
as the API prints each: from the province's own template of a kind and format when it uploaded one (rendered in
the template sandbox), and every file written recorded as issued (by ``cli``, in the system role: which record,
template version, digests), in one transaction."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from isotrail.domain.roles import Role
from isotrail.projections.document_sources import programme_documents
from isotrail.projections.servers import ServerPools
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.issues import Issue, record_issues
from isotrail.services.documents.renderer import template_sandbox
from isotrail.services.documents.rendering import FORMATS, DocumentFormat
from isotrail.services.documents.template_errors import (
    TemplateRenderFailedError,
    TemplateRenderTimeoutError,
    UnprintableCharactersError,
)
from isotrail.services.entrypoints.common import console, services_for_command, with_read_pools
from isotrail.services.entrypoints.document_printing import print_file, province_templates
from isotrail.services.entrypoints.printed_records import candidate_records, printing_tenant
from isotrail.services.entrypoints.reports import CLI_ACTOR, day_asked
from isotrail.services.not_found_errors import ProgrammeNotFoundError
from isotrail.services.permissions import Caller


def documents(
    tenant: Annotated[str, typer.Option(help="Tenant slug.")],
    programme: Annotated[str, typer.Option(help="The programme's code (\"2020\") or id.")],
    out: Annotated[Path, typer.Option(help="The directory to write into (made if missing).", file_okay=False)],
    format: Annotated[list[DocumentFormat] | None, typer.Option(  # noqa: A002 - the trade's word
        "--format", help="Only these formats (repeatable; default: every format each document has).")] = None,
    as_of: Annotated[datetime | None, typer.Option(
        "--as-of", formats=["%Y-%m-%d"], help="The set as it stood on this date (YYYY-MM-DD; default today).")
    ] = None,
) -> None:
    """Write a programme's whole set of documents into a directory, each recorded as issued.

    The plan, each visit's decision and minutes (or a dossier check's letter) and notices, the November report,
    Phụ lục II and the findings register, each in every format it has (or those asked for), from the province's
    own templates where it has them; the documents the programme cannot have yet are listed with the reason, and
    a file the province's template could not render with the template's error (exit status 2 then);
    ``--as-of``: as they stood on that date.
    """
    started = time.perf_counter()
    with services_for_command() as services:
        storage, record = printing_tenant(services.tenants, tenant)
        candidates = candidate_records(storage, record, programme)
        day = day_asked(as_of)

        async def read(pools: ServerPools):
            sources = (await pools.lineages()).get(storage.slug, ())
            async with (await pools.pool_for(storage)).acquire() as conn:
                found = None
                for programme_id, _ in candidates:  # the first the tenant's read models hold
                    found = await programme_documents(conn, storage, programme_id, tenant_name=record.display_name,
                                                      as_of=day, catalogue_of=load_catalogue, sources=sources)
                    if found is not None:
                        break
                if found is None:
                    return None, {}
                wanted = [(paper.kind, fmt) for paper in found[0] for fmt in FORMATS[paper.kind]]
                return found, await province_templates(conn, storage, wanted)

        found, templates = with_read_pools(services, read)
        if found is None:
            raise ProgrammeNotFoundError(programme_id=programme)
        papers, refused = found
        out.mkdir(parents=True, exist_ok=True)
        issues, failed = [], 0
        with template_sandbox(services.settings.documents) as sandbox:
            for paper in papers:
                for fmt in FORMATS[paper.kind]:
                    if format and fmt not in format:
                        continue
                    try:
                        rendered = print_file(sandbox, paper, fmt, templates.get((paper.kind, fmt)))
                    except (TemplateRenderTimeoutError, TemplateRenderFailedError, UnprintableCharactersError) as error:
                        console.print(f"  không lập được: {error.message_vi}", highlight=False)
                        failed += 1
                        continue
                    (out / rendered.filename).write_bytes(rendered.content)
                    issues.append(Issue.of(paper, day, rendered))
        recorded = record_issues(services.tenants, storage, Caller(CLI_ACTOR, Role.SYSTEM), issues)
    for error in refused:
        console.print(f"  chưa lập: {error.message_vi}", highlight=False)
    own = sorted({issue.rendered.template_version for issue in issues if issue.rendered.template_version.startswith(
        "tenant-")})
    console.print(f"{out}: {len(issues)} files, {len(papers)} documents in {time.perf_counter() - started:.1f} s; "
                  f"{sum(1 for r in recorded if r is not None)} recorded as issued"
                  + (f"; the province's templates {', '.join(own)}" if own else ""), highlight=False)
    if failed:
        raise typer.Exit(2)
