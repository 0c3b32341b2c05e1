"""What the CLI's document commands (reports.py, programme_set.py) share: a province's own templates read for the
documents about to be printed, and a file rendered from the repo's templates in this process or from the
province's in the template sandbox (services/documents/sandbox.py: killed at its deadline, capped in memory), as
the API renders them."""

from __future__ import annotations

import base64
from collections.abc import Iterable

from isotrail.domain.document_template import template_version
from isotrail.domain.documents.document import Document, DocumentKind
from isotrail.domain.tenancy import Tenant
from isotrail.projections.document_queries import tenant_template
from isotrail.projections.driver import Connection
from isotrail.services.documents.rendering import DocumentFormat, RenderedDocument, TenantTemplate, render
from isotrail.services.documents.sandbox import TemplateSandbox

Templates = dict[tuple[DocumentKind, DocumentFormat], TenantTemplate]


async def province_templates(conn: Connection, storage: Tenant,
                             wanted: Iterable[tuple[DocumentKind, DocumentFormat]]) -> Templates:
    """The province's own template of each kind and format ``wanted`` that it uploaded (as last uploaded)."""
    found: Templates = {}
    for kind, fmt in set(wanted):
        row = await tenant_template(conn, storage, kind.value, fmt.value)
        if row is not None:
            found[kind, fmt] = TenantTemplate(base64.b64decode(row["content"]),
                                              template_version(row["number"], row["sha256"]))
    return found


def print_file(sandbox: TemplateSandbox, found: Document, fmt: DocumentFormat,
               template: TenantTemplate | None) -> RenderedDocument:
    """``found`` as ``fmt``: from the repo's templates here, from the province's ``template`` in ``sandbox`` (raising
    TemplateRenderTimeoutError / TemplateRenderFailedError)."""
    return render(found, fmt) if template is None else sandbox.render(found, fmt, template)
