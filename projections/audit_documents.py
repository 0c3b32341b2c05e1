"""How the documents' events change the audit read model: a province's template per kind and format as last
uploaded (``rm_document_templates``, its file included, which the renderers read) and one row per document file
handed out (``rm_documents_issued``: who, when, which template, which digests). A successor folds its predecessors'
documents handed out as history, never their templates (issue 17)."""

from __future__ import annotations

from isotrail.domain.lineage import of_predecessor
from isotrail.projections.audit_memory import AuditMemory, Handler
from isotrail.projections.audit_tables import ISSUES, TEMPLATES
from isotrail.projections.event_record import EventRecord


def _uploaded(memory: AuditMemory, e: EventRecord) -> None:
    if of_predecessor(e.notification_id):
        return  # a merged province's template was its own: its id (kind, format) is every tenant's, not carried on
    memory.rows[TEMPLATES.name][e.aggregate_id] = (  # TEMPLATES' columns, in order
        e.aggregate_id, e.kind, e.format, e.number, e.filename, e.sha256, e.byte_size, e.content,
        e.occurred_on.iso, e.timestamp.iso, e.meta.data.actor_id, e.version)


def _issued(memory: AuditMemory, e: EventRecord) -> None:
    meta = e.meta.data
    memory.rows[ISSUES.name][e.aggregate_id] = (  # ISSUES' columns, in order
        e.aggregate_id, e.kind, e.format, e.get("object_id"), e.owner, e.get("unit_id"), e.iso("as_of"),
        e.template_version, e.content_digest, e.sha256, e.filename, e.byte_size, e.timestamp.iso, meta.actor_id,
        meta.role, meta.correlation_id)


DOCUMENT_HANDLERS: dict[str, Handler] = {
    "DocumentTemplate.Uploaded": _uploaded,
    "IssuedDocument.Issued": _issued,
}
