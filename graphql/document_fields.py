"""Documents as fields of the records they are printed for: every kind of document (domain/documents/owners.py
says whose) is a field of its owner's type, named from the kind (``inspection-plan`` → ``inspectionPlan``), taking
the format (its first format by default) and the date it is asked as of, and answering a :class:`DocumentFile`: a
short-lived signed link to download it from this app (services/documents/links.py), with its digest and template
version. ``@with_documents(DocumentOwner.INSPECTION)`` on the inspection's type is all an inspection's papers
need: a new kind is its line in the owners' table and the renderer's.

Producing a file renders it (graphql/document_files.py), keeps it for its link's downloads
(services/documents/kept_files.py) and records its issue (who, when, which template, which
digest: services/documents/issues.py), so these fields are never served from the response cache and a request
may ask for a bounded number of them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from inspect import Parameter, Signature
from typing import Annotated, Any, TypeVar
from uuid import UUID

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.owners import OWNERS, DocumentOwner
from isotrail.domain.errors import IsotrailError
from isotrail.graphql.commands import caller_of
from isotrail.graphql.document_enums import DocumentFormatEnum, DocumentKindEnum
from isotrail.graphql.document_files import Asked, Printing, TooManyDocumentsError, produce
from isotrail.graphql.document_issues import ISSUES_LISTED, DocumentIssue
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.permissions import allowed
from isotrail.services.documents.issues import Issue, record_issue
from isotrail.services.documents.kept_files import FileKey
from isotrail.services.documents.links import DocumentLink
from isotrail.services.documents.rendering import FORMATS, KIND_EN, KIND_VI, DocumentFormat
from isotrail.services.permissions import Action

T = TypeVar("T")



def field_name(kind: DocumentKind) -> str:
    """The kind's field on its owner's type: ``inspection-plan`` → ``inspectionPlan``."""
    return to_camel_case(kind.value.replace("-", "_"))


DOCUMENT_FIELDS = frozenset(field_name(kind) for kind in DocumentKind)  # never answered from the response cache


@strawberry.type(description=(
    "Một văn bản (a document) as a file: download it from `url`, with no token, before `expiresAt`. The link is "
    "the permission itself — whoever holds it may fetch that one file until it expires — so it lives minutes and "
    "the download checks again the tenant, the role and (for a unit representative) the unit that asked."))
class DocumentFile:
    url: str = strawberry.field(description=(
        "The signed download link on this server (GET; answers the file, or a typed error as JSON: "
        "document_link_invalid 403, document_link_expired 410, a not-found 404, document_changed 409, "
        "document_render_busy 429). Fetching it again serves the same file, kept from when the link was made."))
    expires_at: datetime = strawberry.field(description="When the link stops working (a few minutes from now).")
    filename: str = strawberry.field(description='The file\'s name ("ke-hoach-35-KH-UBND.pdf").')
    content_type: str = strawberry.field(description="Its media type (application/pdf, …).")
    byte_size: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description=(
        "The file's sha256 (hex): the download serves exactly these bytes, or refuses with document_changed when "
        "the records changed since."))
    content_digest: str = strawberry.field(description=(
        "The sha256 of the facts it prints: the same in every format of the same document."))
    template_version: str = strawberry.field(description=(
        "The template set that made it: default-<digest> (the repo's), or the province's own (tenant-<n>-<digest>)."))
    kind: DocumentKindEnum = strawberry.field(description="Which document.")  # type: ignore[valid-type]
    format: DocumentFormatEnum = strawberry.field(description="Its format.")  # type: ignore[valid-type]
    as_of: date = strawberry.field(description=(
        "The date it was asked as of: the records as they stood that day (a paper still speaks as of its own "
        "date)."))
    issue_id: UUID | None = strawberry.field(description=(
        "The recorded issue of this file (documentsIssued); null if it could not be recorded."))


async def document_file(info: Info, asked: Asked) -> DocumentFile:
    """Produce the document for the token's caller, record its issue, and sign its link."""
    context = info.context
    state = (context.request or context.websocket).app.state
    context.documents_asked += 1
    if context.documents_asked > state.documents.max_per_request:
        raise TooManyDocumentsError(limit=state.documents.max_per_request)
    caller = caller_of(info)
    placed = await context.pools.registered(context.storage)
    printing = Printing(caller, context.storage, placed.display_name, context.reader, context.pool, state.renderer,
                        state.read_pools)
    produced = await produce(printing, asked)
    rendered = produced.rendered
    issue = Issue(asked.object_id, produced.owner.value, produced.unit_id, asked.as_of, rendered)
    issue_id = await asyncio.to_thread(record_issue, context.tenants, context.storage, caller, issue)
    links = state.document_links
    link = DocumentLink(context.storage, caller.role, caller.unit_id, asked.kind.value, asked.object_id,
                        asked.format.value, asked.as_of, rendered.template_version, rendered.sha256, issue_id,
                        links.expiry())
    state.kept_files.keep(FileKey.of(link), rendered)  # its downloads serve it, rendering nothing
    base = str(context.request.base_url).rstrip("/") if context.request else ""
    return DocumentFile(url=base + links.url(link), expires_at=link.expires_at, filename=rendered.filename,
                        content_type=rendered.media_type, byte_size=len(rendered.content), sha256=rendered.sha256,
                        content_digest=rendered.content_digest, template_version=rendered.template_version,
                        kind=asked.kind, format=asked.format, as_of=asked.as_of, issue_id=link.issue_id)


def _field(kind: DocumentKind) -> Any:
    """The field printing ``kind`` for the record it is on (its ``uuid``)."""
    formats = FORMATS[kind]
    format_argument = Annotated[DocumentFormatEnum, strawberry.argument(description=(  # type: ignore[valid-type]
        f"The format: {', '.join(f.name for f in formats)} (another is refused: document_format_unsupported)."))]
    as_of_argument = Annotated[date | None, strawberry.argument(description=(
        "The date to print it as of: the document as it would have been printed that day, rebuilt from the events "
        "dated by then (not after today: document_as_of_in_future; before its record existed: "
        "document_not_available); null: today."))]

    async def resolve(self: Any, info: Info, **arguments: Any) -> DocumentFile:
        asked = Asked(kind, UUID(str(self.uuid)), DocumentFormat(arguments["format"]),  # asyncpg's UUID, made Python's
                      arguments.get("as_of") or date.today())
        try:
            return await document_file(info, asked)
        except IsotrailError as error:
            raise as_graphql_error(error) from error

    parameters = [Parameter("self", Parameter.POSITIONAL_OR_KEYWORD),
                  Parameter("info", Parameter.POSITIONAL_OR_KEYWORD, annotation=Info),
                  Parameter("format", Parameter.KEYWORD_ONLY, annotation=format_argument, default=formats[0]),
                  Parameter("as_of", Parameter.KEYWORD_ONLY, annotation=as_of_argument, default=None)]
    resolve.__name__ = field_name(kind)
    resolve.__signature__ = Signature(parameters, return_annotation=DocumentFile)  # type: ignore[attr-defined]
    resolve.__annotations__ = {"info": Info, "format": format_argument, "as_of": as_of_argument,
                               "return": DocumentFile}
    return strawberry.field(resolve, extensions=allowed(Action.PRINT_DOCUMENTS), description=(
        f"{KIND_VI[kind]} — the {KIND_EN[kind]} — as a file: a signed link valid for minutes. Printing it is recorded "
        "(documentsIssued). A unit representative may print only its own unit's inspection papers."))


def _issued_field() -> Any:
    async def documents_issued(self: Any, info: Info) -> list[DocumentIssue]:
        return [DocumentIssue.from_row(row) for row in await info.context.reader.documents_issued(self.uuid)]

    return strawberry.field(documents_issued, extensions=allowed(Action.READ_TENANT), metadata=costed_at(ISSUES_LISTED),
                            description=(
        "Văn bản đã lập (the documents printed of it), the latest first: every file handed out, by whom, when and "
        "from which template; a unit representative sees those of its own unit's records only."))


def with_documents(owner: DocumentOwner) -> Callable[[type[T]], type[T]]:
    """A class decorator (under ``@strawberry.type``) adding a field for every kind of document ``owner`` has,
    and ``documentsIssued``."""

    def add(cls: type[T]) -> type[T]:
        for kind, owned_by in OWNERS.items():
            if owned_by is owner:
                setattr(cls, kind.value.replace("-", "_"), _field(kind))
        cls.documents_issued = _issued_field()  # type: ignore[attr-defined]
        return cls

    return add
