"""``GET /documents/<tenant>/<kind>/<object id>.<format>?…&signature=…``: the file a signed link
(services/documents/links.py) names, served by the app that signed it, with no token. The link is checked
(signature, then expiry), then the tenant (one merged since serves no link, as its tokens are refused: 410),
then everything the GraphQL field checked is checked again for the tenant, role and unit the link names, as they
stand now (graphql/document_files.py: the permission table, the record read through
that caller's reader, a unit representative's unit); then the file the link was signed for is served as this
process kept it (services/documents/kept_files.py), so replaying a link renders nothing; else (another replica
signed it, or it was evicted) the document is produced again from the read models and served only if it is the
very file handed over (its sha256), so a link never serves facts the caller was not shown. Refusals are typed
errors as JSON, with the status each kind means."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.datastructures import State

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.errors import DocumentFormatError, DocumentNotAvailableError
from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import TenantStatus
from isotrail.graphql.document_files import Asked, Printing, allowed_to_print, produce
from isotrail.graphql.errors import error_response
from isotrail.graphql.reading import Reader
from isotrail.graphql.registered_tenants import merged_refusal
from isotrail.services.availability_errors import TenantMergedError
from isotrail.services.documents.kept_files import FileKey
from isotrail.services.documents.links import PREFIX, DocumentLinkExpiredError, DocumentLinkInvalidError, DocumentLinks
from isotrail.services.documents.renderer import DocumentRenderTimeoutError
from isotrail.services.documents.rendering import DocumentFormat
from isotrail.services.documents.template_errors import (
    TemplateRenderFailedError,
    TemplateRenderTimeoutError,
    UnprintableCharactersError,
)
from isotrail.services.documents.tenant_slots import DocumentRenderBusyError
from isotrail.services.not_found_errors import NotFoundError, TenantNotFoundError
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import Caller
from isotrail.services.token_claims import Principal

LINK_SUBJECT = "document-link"  # the reader's subject when a link, not a token, asks


class DocumentChangedError(IsotrailError):
    """The records changed since the link was made: the file it names is not the one they now print."""

    code = "document_changed"
    template_vi = "Hồ sơ đã thay đổi kể từ khi tạo đường dẫn nên văn bản không còn như cũ; hãy yêu cầu lại văn bản."
    template_en = "The records changed since the link was made, so the document is no longer the same; ask again."


STATUS: list[tuple[type[IsotrailError], int]] = [
    (DocumentLinkInvalidError, 403), (DocumentLinkExpiredError, 410), (PermissionDeniedError, 403),
    (NotFoundError, 404), (TenantMergedError, 410), (DocumentChangedError, 409), (DocumentNotAvailableError, 409),
    (DocumentFormatError, 404), (DocumentRenderTimeoutError, 503),
    (DocumentRenderBusyError, 429), (TemplateRenderTimeoutError, 503),
    (TemplateRenderFailedError, 422), (UnprintableCharactersError, 422)]


def _status(error: IsotrailError) -> int:
    return next((status for kind, status in STATUS if isinstance(error, kind)), 400)


@get(f"{PREFIX}/{{tenant:str}}/{{kind:str}}/{{file:str}}", include_in_schema=False)
async def download(request: Request[Any, Any, State], tenant: str, kind: str, file: str) -> Response[Any]:
    """The file the link names, or its refusal."""
    state = request.app.state
    try:
        return await _file(state, state.document_links, tenant, kind, file,
                           dict(request.query_params.items()))
    except IsotrailError as refused:
        return error_response(refused, _status(refused))


async def _file(state: State, links: DocumentLinks, tenant: str, kind: str, file: str,
                query: dict[str, str]) -> Response[Any]:
    link = links.verify(tenant, kind, file, query)
    try:
        asked = Asked(DocumentKind(link.kind), link.object_id, DocumentFormat(link.format), link.as_of)
    except ValueError:  # signed by this server for a kind or format a later release no longer has
        raise DocumentLinkInvalidError() from None
    placed = await state.read_pools.registered(link.tenant)
    if placed is None:
        raise TenantNotFoundError(slug=link.tenant.slug)
    if placed.status is TenantStatus.MERGED:  # read only through its successor: its tokens and links alike
        raise merged_refusal(link.tenant, placed)
    principal = Principal(LINK_SUBJECT, link.tenant, link.role, link.unit_id)
    pool = await state.read_pools.pool(placed.server)
    caller = Caller(LINK_SUBJECT, link.role, link.unit_id)
    printing = Printing(caller, link.tenant, placed.display_name, Reader(principal, pool, state.tenants), pool,
                        state.renderer, state.read_pools)
    allowed = await allowed_to_print(printing, asked)
    key = FileKey.of(link)
    rendered = state.kept_files.get(key)
    if rendered is None:
        rendered = (await produce(printing, asked, allowed)).rendered
        if rendered.sha256 != link.sha256 or rendered.template_version != link.template_version:
            raise DocumentChangedError()
        state.kept_files.keep(key, rendered)
    return Response(rendered.content, media_type=rendered.media_type, headers={
        "Content-Disposition": _disposition(rendered.filename), "Cache-Control": "private, no-store",
        "X-Template-Version": rendered.template_version, "X-Content-SHA256": rendered.sha256})


def _disposition(filename: str) -> str:
    """An attachment named ``filename``: an ASCII fallback, and the name itself (Vietnamese letters) per RFC 6266."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
