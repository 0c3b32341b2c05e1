"""Recording that a document was handed out: an ``IssuedDocument`` (domain/issued_document.py) in the tenant's
event store, stamped like every event with who, in which role, under which request, and when. It is no command a
client sends — nobody may claim to have printed something — but what printing does: the GraphQL field
(graphql/document_fields.py), ``isotrail report`` and ``isotrail documents`` record each file they produce, after
the caller was authorised to print it (services/permissions.py's ``PRINT_DOCUMENTS``, through the same
``authorize``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from isotrail.domain.documents.document import Document
from isotrail.domain.documents.owners import OWNERS
from isotrail.domain.errors import IsotrailError
from isotrail.domain.issued_document import IssuedDocument
from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.tenancy import Tenant
from isotrail.services.commands.handle import save
from isotrail.services.documents.rendering import RenderedDocument
from isotrail.services.permissions import Action, Caller, authorize
from isotrail.services.tenants import TenantRegistry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issue:
    """A file about to be handed out: the record it was printed for (``owner`` says what kind of record, and
    ``unit_id`` whose unit's, None for the whole tenant's), the date asked as of, and the file itself."""

    object_id: UUID
    owner: str
    unit_id: UUID | None
    as_of: date
    rendered: RenderedDocument

    @classmethod
    def of(cls, document: Document, as_of: date, rendered: RenderedDocument) -> Issue:
        """The issue of ``rendered``, a file of ``document`` (which knows the record it is printed for)."""
        if document.object_id is None:
            raise ValueError(f"a {document.kind.value} printed for no record is not recorded")
        return cls(document.object_id, OWNERS[document.kind].value, document.unit_id, as_of, rendered)


def record_issue(tenants: TenantRegistry, tenant: Tenant, caller: Caller, issue: Issue, *,
                 today: date | None = None) -> UUID | None:
    """Record ``issue`` for ``caller`` on ``tenant``; its id, or None when the tenant records nothing now (a
    suspended or moving tenant is still read and printed; the refusal is logged). Synchronous: run it in a
    worker thread."""
    return record_issues(tenants, tenant, caller, [issue], today=today)[0]


def record_issues(tenants: TenantRegistry, tenant: Tenant, caller: Caller, issues: Sequence[Issue], *,
                  today: date | None = None) -> list[UUID | None]:
    """Record every one of ``issues`` (a file each, an aggregate each) in one transaction; their ids, each None
    when the tenant records nothing now (see :func:`record_issue`)."""
    for issue in issues:
        authorize(caller, Action.PRINT_DOCUMENTS, unit_id=issue.unit_id)
    if not issues:
        return []
    ids = [uuid4() for _ in issues]
    try:
        with tenants.application(tenant) as app, recording_as(
                EventMeta(caller.actor_id, caller.role, app.tenant, caller.correlation_id)):
            save(app, *(_issued(issue_id, issue, today or date.today()) for issue_id, issue in zip(ids, issues,
                                                                                                 strict=True)))
    except IsotrailError as refused:  # TenantInactiveError, TenantMovingError: printed, not recorded
        log.warning("%d documents (%s of %s …) for %s not recorded: %s", len(issues), issues[0].rendered.kind.value,
                    issues[0].object_id, caller.actor_id, refused.code)
        return [None] * len(issues)
    return list(ids)


def _issued(issue_id: UUID, issue: Issue, today: date) -> IssuedDocument:
    rendered = issue.rendered
    return IssuedDocument.issue(
        issue_id, kind=rendered.kind.value, format=rendered.format.value, object_id=issue.object_id,
        owner=issue.owner, unit_id=issue.unit_id, as_of=issue.as_of, template_version=rendered.template_version,
        content_digest=rendered.content_digest, sha256=rendered.sha256, filename=rendered.filename,
        byte_size=len(rendered.content), occurred_on=today)
