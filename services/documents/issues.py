"""Recording that a document was handed out: an ``IssuedDocument`` (domain/issued_document.py) in the tenant's
event store, stamped like every event with who, in which role, under which request, and when. It is no command a
client sends — nobody may claim to have printed something — but what printing does: the GraphQL field
(graphql/document_fields.py) and ``isotrail report`` record each file they produce, after the caller was
authorised to print it (services/permissions.py's ``PRINT_DOCUMENTS``, through the same ``authorize``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

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


def record_issue(tenants: TenantRegistry, tenant: Tenant, caller: Caller, issue: Issue, *,
                 today: date | None = None) -> UUID | None:
    """Record ``issue`` for ``caller`` on ``tenant``; its id, or None when the tenant records nothing now (a
    suspended or moving tenant is still read and printed; the refusal is logged). Synchronous: run it in a
    worker thread."""
    authorize(caller, Action.PRINT_DOCUMENTS, unit_id=issue.unit_id)
    rendered, issue_id = issue.rendered, uuid4()
    try:
        with tenants.application(tenant) as app, recording_as(
                EventMeta(caller.actor_id, caller.role, app.tenant, caller.correlation_id)):
            save(app, IssuedDocument.issue(
                issue_id, kind=rendered.kind.value, format=rendered.format.value, object_id=issue.object_id,
                owner=issue.owner, unit_id=issue.unit_id, as_of=issue.as_of,
                template_version=rendered.template_version, content_digest=rendered.content_digest,
                sha256=rendered.sha256, filename=rendered.filename, byte_size=len(rendered.content),
                occurred_on=today or date.today()))
    except IsotrailError as refused:  # TenantInactiveError, TenantMovingError: printed, not recorded
        log.warning("document %s of %s for %s not recorded: %s", rendered.kind.value, issue.object_id,
                    caller.actor_id, refused.code)
        return None
    return issue_id
