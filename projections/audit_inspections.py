"""How inspection events change the audit read model: the inspection's row, its assessments, its findings
through their corrective actions, and its recommendations."""

from __future__ import annotations

from isotrail.projections.audit_memory import AuditMemory, Handler, Row
from isotrail.projections.audit_tables import ASSESSMENTS, FINDINGS, INSPECTIONS, RECOMMENDATIONS
from isotrail.projections.event_record import EventRecord


def top_level_clause(item_code: str) -> str:
    """"6.2" → "6"; Art. 36 and Decision 19 items stand for themselves."""
    return item_code.split(".", maxsplit=1)[0] if item_code[:1].isdigit() else item_code


def _inspection_scheduled(memory: AuditMemory, e: EventRecord) -> None:
    memory.put(INSPECTIONS.name, (e.aggregate_id,), {
        "inspection_id": e.aggregate_id, "programme_id": e.get("programme_id"), "unit_id": e.get("unit_id"),
        "form": e.form, "joint_team": e.joint_team,
        "catalogue_version": e.catalogue_version, "status": "scheduled",
        "scheduled_on": e.iso("scheduled_on"), "conducted_on": None, "inspectors": [],
        "findings_communicated_on": None, "minutes_number": None, "letter_number": None,
        "report_due_on": None, "version": e.version,
    })


def _inspection_rescheduled(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)["scheduled_on"] = e.iso("scheduled_on")


def _inspection_conducted(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e).update(
        status="conducted", conducted_on=e.occurred_on.iso, inspectors=e.inspectors)


def _item_assessed(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    item = e.item_code
    memory.rows[ASSESSMENTS.name][(e.aggregate_id, item)] = (  # ASSESSMENTS' columns, in order
        e.aggregate_id, item, e.result, e.note, e.occurred_on.iso, e.corrects_version)


def _nonconformity_raised(memory: AuditMemory, e: EventRecord) -> None:
    inspection = memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    nonconformity_id, item = e.get("nonconformity_id"), e.item_code
    memory.put(FINDINGS.name, (nonconformity_id,), {
        "nonconformity_id": nonconformity_id, "inspection_id": e.aggregate_id,
        "programme_id": inspection["programme_id"], "unit_id": inspection["unit_id"], "item_code": item,
        "clause": top_level_clause(item), "description": e.description,
        "raised_on": e.occurred_on.iso, "status": "open", "report_due_on": None,
        "reports_received": 0, "last_report_on": None, "not_accepted_count": 0, "closed_on": None,
        "carried_to_programme_id": None})


def _findings_communicated(memory: AuditMemory, e: EventRecord) -> None:
    due = e.iso("report_due_on")
    minutes, letter = getattr(e, "minutes_number", None), getattr(e, "letter_number", None)
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e).update(
        status="findings_communicated", findings_communicated_on=e.occurred_on.iso,
        minutes_number=minutes, letter_number=letter, report_due_on=due)
    for finding in memory.findings_of(e.aggregate_id):
        if finding["status"] in ("open", "reported", "not_accepted"):
            memory.touch(FINDINGS.name, (finding["nonconformity_id"],))["report_due_on"] = due


def _finding(memory: AuditMemory, e: EventRecord) -> Row:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    return memory.touch(FINDINGS.name, (e.get("nonconformity_id"),))


def _report_received(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    on = e.occurred_on.iso
    for nonconformity_id in e.get("nonconformity_ids"):
        finding = memory.touch(FINDINGS.name, (nonconformity_id,))
        finding.update(status="reported", reports_received=finding["reports_received"] + 1, last_report_on=on)


def _corrective_action_verified(memory: AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="verified", closed_on=e.occurred_on.iso)


def _corrective_action_not_accepted(memory: AuditMemory, e: EventRecord) -> None:
    finding = _finding(memory, e)
    finding.update(status="not_accepted", report_due_on=e.iso("report_due_on"),
                   not_accepted_count=finding["not_accepted_count"] + 1)


def _nonconformity_withdrawn(memory: AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="withdrawn", closed_on=e.occurred_on.iso)


def _nonconformity_carried_over(memory: AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="carried_over", closed_on=e.occurred_on.iso,
                             carried_to_programme_id=e.get("to_programme_id"))


def _recommendation_recorded(memory: AuditMemory, e: EventRecord) -> None:
    inspection = memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    memory.rows[RECOMMENDATIONS.name][(e.notification_id,)] = (  # RECOMMENDATIONS' columns, in order
        e.notification_id, e.aggregate_id, inspection["programme_id"], inspection["unit_id"], e.source,
        e.text, e.occurred_on.iso)


INSPECTION_HANDLERS: dict[str, Handler] = {
    "Inspection.Scheduled": _inspection_scheduled,
    "Inspection.Rescheduled": _inspection_rescheduled,
    "Inspection.Conducted": _inspection_conducted,
    "Inspection.ItemAssessed": _item_assessed,
    "Inspection.NonconformityRaised": _nonconformity_raised,
    "Inspection.NonconformityWithdrawn": _nonconformity_withdrawn,
    "Inspection.MinutesSigned": _findings_communicated,
    "Inspection.FindingsLetterSent": _findings_communicated,
    "Inspection.CorrectiveActionReportReceived": _report_received,
    "Inspection.CorrectiveActionVerified": _corrective_action_verified,
    "Inspection.CorrectiveActionNotAccepted": _corrective_action_not_accepted,
    "Inspection.NonconformityCarriedOver": _nonconformity_carried_over,
    "Inspection.RecommendationRecorded": _recommendation_recorded,
}
