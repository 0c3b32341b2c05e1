"""How unit events change the audit read model's unit rows (``rm_units``)."""

from __future__ import annotations

from typing import Any

from isotrail.projections.audit_memory import AuditMemory, Handler
from isotrail.projections.audit_tables import UNITS
from isotrail.projections.event_record import EventRecord


def _links(e: EventRecord, direction: str, unit_ids: list[Any]) -> list[dict[str, Any]]:
    """Lineage links to ``unit_ids`` as ``e`` records them: the decision that ordered them and the date they took
    effect (the event's business date)."""
    decision = e.get("decision") or {}
    return [{"direction": direction, "unit_id": str(unit_id), "decision_number": decision.get("number"),
             "decision_signed_on": decision.get("signed_on"), "effective_on": e.occurred_on.iso}
            for unit_id in unit_ids]


def _unit_registered(memory: AuditMemory, e: EventRecord) -> None:
    name, on = e.name, e.occurred_on.iso
    memory.put(UNITS.name, (e.aggregate_id,), {
        "unit_id": e.aggregate_id, "code": e.code, "name": name, "kind": e.kind, "registered_on": on,
        "tenant": e.tenant, "lineage": _links(e, "predecessor", e.get("predecessor_ids") or []),
        "dissolved_on": None, "names": [[name, on]], "predecessor_ids": e.get("predecessor_ids"),
        "successor_ids": [], "qms_standard": None, "qms_announced_on": None,
        "last_internal_audit_on": None, "last_management_review_on": None, "qms_host_id": None, "qms_sharer_ids": [],
        "version": e.version,
    })


def _unit_renamed(memory: AuditMemory, e: EventRecord) -> None:
    row = memory.touch(UNITS.name, (e.aggregate_id,), e)
    row["name"] = e.name
    row["names"].append([e.name, e.occurred_on.iso])


def _unit_reclassified(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(UNITS.name, (e.aggregate_id,), e)["kind"] = e.kind


def _qms_facts_recorded(memory: AuditMemory, e: EventRecord) -> None:
    facts = e.get("facts")
    memory.touch(UNITS.name, (e.aggregate_id,), e).update(
        qms_standard=facts["standard"], qms_announced_on=facts["announced_on"],
        last_internal_audit_on=facts["last_internal_audit_on"],
        last_management_review_on=facts["last_management_review_on"])


def _unit_dissolved(memory: AuditMemory, e: EventRecord) -> None:
    row = memory.touch(UNITS.name, (e.aggregate_id,), e)
    row.update(dissolved_on=e.occurred_on.iso, successor_ids=e.get("successor_ids"),
               lineage=[*(row["lineage"] or []), *_links(e, "successor", e.get("successor_ids") or [])])


def _predecessors_joined(memory: AuditMemory, e: EventRecord) -> None:
    row = memory.touch(UNITS.name, (e.aggregate_id,), e)
    row.update(predecessor_ids=[*(row["predecessor_ids"] or []), *e.get("predecessor_ids")],
               lineage=[*(row["lineage"] or []), *_links(e, "predecessor", e.get("predecessor_ids"))])


def _qms_shared(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(UNITS.name, (e.aggregate_id,), e)["qms_host_id"] = e.get("host_id")


def _qms_sharing_ended(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(UNITS.name, (e.aggregate_id,), e)["qms_host_id"] = None


def _qms_sharer_joined(memory: AuditMemory, e: EventRecord) -> None:
    row = memory.touch(UNITS.name, (e.aggregate_id,), e)
    row["qms_sharer_ids"] = [*(row["qms_sharer_ids"] or []), e.get("sharer_id")]


def _qms_sharer_left(memory: AuditMemory, e: EventRecord) -> None:
    row = memory.touch(UNITS.name, (e.aggregate_id,), e)
    row["qms_sharer_ids"] = [unit_id for unit_id in row["qms_sharer_ids"] or [] if unit_id != e.get("sharer_id")]


UNIT_HANDLERS: dict[str, Handler] = {
    "Unit.Registered": _unit_registered,
    "Unit.Renamed": _unit_renamed,
    "Unit.Reclassified": _unit_reclassified,
    "Unit.QmsFactsRecorded": _qms_facts_recorded,
    "Unit.Dissolved": _unit_dissolved,
    "Unit.PredecessorsJoined": _predecessors_joined,
    "Unit.QmsShared": _qms_shared,
    "Unit.QmsSharingEnded": _qms_sharing_ended,
    "Unit.QmsSharerJoined": _qms_sharer_joined,
    "Unit.QmsSharerLeft": _qms_sharer_left,
}
