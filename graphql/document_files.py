"""A document as a file for one caller, the same way for the GraphQL field that hands out its link
(graphql/document_fields.py) and for the download that serves it (graphql/document_download.py): the caller's
role may print (the permission table, services/permissions.py), the record the document belongs to is read
through the caller's reader (so another tenant's id, or another unit's inspection for a unit representative, is
the same not-found as everywhere), a programme-wide paper is refused to a unit representative (it names every
unit), then the document is read from the read models as they stood on the date asked
(projections/past_read_models.py) and rendered off the event loop (services/documents/renderer.py) with the
tenant's template when it has one, a tenant rendering at most its share at once (services/documents/tenant_slots.py).
The download checks first (:func:`allowed_to_print`), then serves the file its link was signed for if this process
kept it (services/documents/kept_files.py), else produces it again."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from isotrail.domain.document_template import template_version
from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.owners import OWNERS, DocumentOwner
from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.graphql.metrics import DOCUMENTS_RENDERED
from isotrail.graphql.reading import Reader
from isotrail.graphql.request_connection import Lender
from isotrail.projections.document_sources import document
from isotrail.projections.servers import ServerPools
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.renderer import Renderer
from isotrail.services.documents.rendering import DocumentFormat, RenderedDocument, TenantTemplate
from isotrail.services.not_found_errors import InspectionNotFoundError, ProgrammeNotFoundError
from isotrail.services.permissions import Action, Caller, authorize, authorize_read

Row = dict[str, Any]


class DocumentAsOfInFutureError(IsotrailError):
    """A document was asked for as of a date still to come."""

    code = "document_as_of_in_future"
    field = "asOf"
    template_vi = "Không lập được văn bản tính đến một ngày chưa tới (hôm nay là {today})."
    template_en = "A document cannot be produced as of a date still to come ({as_of}; today is {today})."


class TooManyDocumentsError(IsotrailError):
    """A request asked for more documents than one request may produce."""

    code = "too_many_documents"
    template_vi = "Mỗi yêu cầu chỉ lập được tối đa {limit} văn bản."
    template_en = "A request may produce at most {limit} documents."


@dataclass(frozen=True)
class OwnerReads:
    """How the record a kind of document belongs to is read through the caller's reader (raising its not-found
    error), which unit its row says it belongs to (None: the whole tenant's), and its not-found error."""

    read: Callable[[Reader, UUID], Awaitable[Row]]
    unit_of: Callable[[Row], UUID | None]
    not_found: Callable[[UUID], IsotrailError]


OWNER_READS = {
    DocumentOwner.PROGRAMME: OwnerReads(lambda reader, object_id: reader.programme(object_id), lambda _row: None,
                                        lambda object_id: ProgrammeNotFoundError(programme_id=object_id)),
    DocumentOwner.INSPECTION: OwnerReads(lambda reader, object_id: reader.inspection(object_id),
                                         lambda row: row["unit_id"],
                                         lambda object_id: InspectionNotFoundError(inspection_id=object_id)),
}


@dataclass(frozen=True)
class Asked:
    """A document asked for: its kind, the record it is printed for, the format and the date it is asked as of."""

    kind: DocumentKind
    object_id: UUID
    format: DocumentFormat
    as_of: date


@dataclass(frozen=True)
class Printing:
    """What producing a document needs of the request: the caller, its tenant (and the tenant's name as its
    papers print it), the caller's reader and the read connection's lender, the renderer, and the servers' pools
    (whose registry names the tenants merged into this one, whose events a past date's document folds too)."""

    caller: Caller
    storage: Tenant
    tenant_name: str
    reader: Reader
    pool: Lender
    renderer: Renderer
    pools: ServerPools


async def province_template(reader: Reader, kind: DocumentKind, fmt: DocumentFormat) -> TenantTemplate | None:
    """The province's own template of ``kind`` as ``fmt`` (as last uploaded), or None: the repo's."""
    row = await reader.document_template(kind.value, fmt.value)
    if row is None:
        return None
    return TenantTemplate(base64.b64decode(row["content"]), template_version(row["number"], row["sha256"]))


@dataclass(frozen=True)
class Produced:
    """A document rendered, with the kind of record it was printed for and the unit that record belongs to (None:
    the whole tenant's)."""

    rendered: RenderedDocument
    owner: DocumentOwner
    unit_id: UUID | None


@dataclass(frozen=True)
class Allowed:
    """The record a document asked for belongs to, as the caller may read it: its row, its kind of owner and its
    unit (None: the whole tenant's)."""

    row: Row
    owner: DocumentOwner
    unit_id: UUID | None


async def allowed_to_print(printing: Printing, asked: Asked) -> Allowed:
    """The record ``asked`` is printed for, if ``printing.caller`` may print it.

    Raises the permission table's refusal, the record's not-found error or ``DocumentAsOfInFutureError``.
    """
    caller, owned_by = printing.caller, OWNERS[asked.kind]
    owner = OWNER_READS[owned_by]
    authorize_read(caller, Action.PRINT_DOCUMENTS)
    today = date.today()
    if asked.as_of > today:
        raise DocumentAsOfInFutureError(as_of=asked.as_of, today=today)
    row = await owner.read(printing.reader, asked.object_id)
    unit_id = owner.unit_of(row)
    unit_id = UUID(str(unit_id)) if unit_id is not None else None  # asyncpg's UUID type, made Python's
    authorize(caller, Action.PRINT_DOCUMENTS, unit_id=unit_id)  # a unit's papers: its representative only
    return Allowed(row, owned_by, unit_id)


async def produce(printing: Printing, asked: Asked, allowed: Allowed | None = None) -> Produced:
    """The document ``asked`` rendered for ``printing.caller`` (``allowed``: :func:`allowed_to_print` already said
    so).

    Raises what :func:`allowed_to_print` raises, the domain's ``DocumentNotAvailableError``
    (``RecordNotYetError`` before the record existed) / ``DocumentHistoryTooLongError`` / ``DocumentFormatError``,
    ``DocumentRenderBusyError`` (the tenant renders as many at once as it may), ``DocumentRenderTimeoutError``, or
    (from the province's template) ``TemplateRenderTimeoutError`` / ``TemplateRenderFailedError``.
    """
    allowed = allowed or await allowed_to_print(printing, asked)
    row, inspection_paper = allowed.row, allowed.owner is DocumentOwner.INSPECTION  # read by programme + inspection
    sources = (await printing.pools.lineages()).get(printing.storage.slug, ())  # today's too: records dated ahead
    async with printing.pool.acquire() as conn:
        content = await document(conn, printing.storage, asked.kind,
                                 row["programme_id"] if inspection_paper else asked.object_id,
                                 tenant_name=printing.tenant_name, as_of=asked.as_of, catalogue_of=load_catalogue,
                                 inspection_id=asked.object_id if inspection_paper else None, sources=sources)
    if content is None:
        raise OWNER_READS[allowed.owner].not_found(asked.object_id)
    template = await province_template(printing.reader, asked.kind, asked.format)
    rendered = await printing.renderer.render(printing.storage, content, asked.format, template)
    DOCUMENTS_RENDERED.labels(asked.format.value).inc()
    return Produced(rendered, allowed.owner, allowed.unit_id)
