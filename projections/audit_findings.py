"""How an inspection's nonconformities (``rm_findings``) change as they are raised, reported on (each report
kept in ``rm_corrective_action_reports``), verified or not, withdrawn or carried over to a later programme."""

from __future__ import annotations

from isotrail.projections.audit_memory import AuditMemory, Handler, Row
from isotrail.projections.audit_tables import FINDINGS, INSPECTIONS, REPORTS
from isotrail.projections.event_record import EventRecord


def top_level_clause(item_code: str) -> str:
    """"6.2" → "6"; Art. 36 and Decision 19 items stand for themselves."""
    return item_code.split(".", maxsplit=1)[0] if item_code[:1].isdigit() else item_code


def _nonconformity_raised(memory: AuditMemory, e: EventRecord, nonconformity_id: object = None,
                          origin_id: object = None) -> None:
    inspection = memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    nonconformity_id, item = nonconformity_id or e.get("nonconformity_id"), e.item_code
    description = e.description if origin_id is None else e.note
    memory.put(FINDINGS.name, (nonconformity_id,), {
        "nonconformity_id": nonconformity_id, "inspection_id": e.aggregate_id,
        "programme_id": inspection["programme_id"], "unit_id": inspection["unit_id"], "item_code": item,
        "clause": top_level_clause(item), "description": description,
        "raised_on": e.occurred_on.iso, "status": "open", "report_due_on": None,
        "reports_received": 0, "last_report_on": None, "not_accepted_count": 0, "closed_on": None,
        "carried_to_programme_id": None, "carried_to_unit_id": None,
        "recheck_outcome": None, "rechecked_on": None, "rechecked_in_inspection_id": None,
        "origin_nonconformity_id": origin_id})


def _finding(memory: AuditMemory, e: EventRecord) -> Row:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    return memory.touch(FINDINGS.name, (e.get("nonconformity_id"),))


def _report_received(memory: AuditMemory, e: EventRecord) -> None:
    inspection = memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    on, covered = e.occurred_on.iso, e.get("nonconformity_ids")
    for nonconformity_id in covered:
        finding = memory.touch(FINDINGS.name, (nonconformity_id,))
        finding.update(status="reported", reports_received=finding["reports_received"] + 1, last_report_on=on)
    memory.rows[REPORTS.name][(e.notification_id,)] = (  # REPORTS' columns, in order
        e.notification_id, e.aggregate_id, inspection["programme_id"], inspection["unit_id"], e.version,
        list(covered), e.reference, e.summary, on)


def _corrective_action_verified(memory: AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="verified", closed_on=e.occurred_on.iso)


def _corrective_action_not_accepted(memory: AuditMemory, e: EventRecord) -> None:
    finding = _finding(memory, e)
    finding.update(status="not_accepted", report_due_on=None,  # no new deadline (Art. 37), whatever was stored
                   not_accepted_count=finding["not_accepted_count"] + 1)


def _nonconformity_withdrawn(memory: AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="withdrawn", closed_on=e.occurred_on.iso)


def _nonconformity_carried_over(memory: AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="carried_over", closed_on=e.occurred_on.iso,
                             carried_to_programme_id=e.get("to_programme_id"), carried_to_unit_id=e.get("to_unit_id"))


def _carried_over_rechecked(memory: AuditMemory, e: EventRecord) -> None:
    """The origin's row says the re-check; one still nonconforming is a new finding of this inspection, naming it."""
    origin_id, on = e.get("origin_nonconformity_id"), e.occurred_on.iso
    memory.touch(FINDINGS.name, (origin_id,)).update(recheck_outcome=e.outcome, rechecked_on=on,
                                                     rechecked_in_inspection_id=e.aggregate_id)
    if (nonconformity_id := e.get("nonconformity_id")) is not None:
        _nonconformity_raised(memory, e, nonconformity_id, origin_id)


FINDING_HANDLERS: dict[str, Handler] = {
    "Inspection.NonconformityRaised": _nonconformity_raised,
    "Inspection.NonconformityWithdrawn": _nonconformity_withdrawn,
    "Inspection.CorrectiveActionReportReceived": _report_received,
    "Inspection.CorrectiveActionVerified": _corrective_action_verified,
    "Inspection.CorrectiveActionNotAccepted": _corrective_action_not_accepted,
    "Inspection.NonconformityCarriedOver": _nonconformity_carried_over,
    "Inspection.CarriedOverNonconformityRechecked": _carried_over_rechecked,
}
