"""How inspection events change the audit read model: the inspection's row, its assessments, the report
deadline its minutes or letter set, and its recommendations (its findings: audit_findings.py)."""

from __future__ import annotations

from isotrail.projections.audit_memory import AuditMemory, Handler
from isotrail.projections.audit_tables import ASSESSMENTS, FINDINGS, INSPECTIONS, RECOMMENDATIONS
from isotrail.projections.event_record import EventRecord


def _inspection_scheduled(memory: AuditMemory, e: EventRecord) -> None:
    memory.put(INSPECTIONS.name, (e.aggregate_id,), {
        "inspection_id": e.aggregate_id, "programme_id": e.get("programme_id"), "unit_id": e.get("unit_id"),
        "form": e.form, "joint_team": e.joint_team,
        "catalogue_version": e.catalogue_version, "status": "scheduled",
        "scheduled_on": e.iso("scheduled_on"), "conducted_on": None, "inspectors": [],
        "findings_communicated_on": None, "minutes_number": None, "team_leader_signatory": None,
        "unit_signatory": None, "letter_number": None,
        "report_due_on": None, "decision": None, "report_requests": [], "opening_meeting": None, "version": e.version,
        "ad_hoc_reason": e.ad_hoc_reason, "ad_hoc_decision": e.ad_hoc_decision,
    })


def _inspection_rescheduled(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)["scheduled_on"] = e.iso("scheduled_on")


def _decision_issued(memory: AuditMemory, e: EventRecord) -> None:
    """Mẫu 20 as one JSON value: number, date, signer, team with roles, scope and window."""
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)["decision"] = {
        "decision_number": e.decision_number, "decided_on": e.occurred_on.iso, "signer": e.signer,
        "team": e.get("team"), "scope": e.scope, "starts_on": e.iso("starts_on"), "ends_on": e.iso("ends_on")}


def _report_requested(memory: AuditMemory, e: EventRecord) -> None:
    row = memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    row["report_requests"] = [*(row["report_requests"] or []), {
        "letter_number": e.letter_number, "sent_on": e.occurred_on.iso, "report_due_on": e.iso("report_due_on")}]


def _opening_meeting_held(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)["opening_meeting"] = {
        "held_on": e.occurred_on.iso, "decision_number": e.decision_number, "agenda": e.agenda}


def _inspection_conducted(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e).update(
        status="conducted", conducted_on=e.occurred_on.iso, inspectors=e.inspectors)


def _item_assessed(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    item = e.item_code
    memory.rows[ASSESSMENTS.name][(e.aggregate_id, item)] = (  # ASSESSMENTS' columns, in order
        e.aggregate_id, item, e.result, e.note, e.occurred_on.iso, e.corrects_version)


def _findings_communicated(memory: AuditMemory, e: EventRecord) -> None:
    due = e.iso("report_due_on")
    minutes, letter = getattr(e, "minutes_number", None), getattr(e, "letter_number", None)
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e).update(
        status="findings_communicated", findings_communicated_on=e.occurred_on.iso,
        minutes_number=minutes, letter_number=letter, report_due_on=due,
        team_leader_signatory=getattr(e, "team_leader_signatory", None),
        unit_signatory=getattr(e, "unit_signatory", None))
    for finding in memory.findings_of(e.aggregate_id):
        if finding["status"] in ("open", "reported", "not_accepted"):
            memory.touch(FINDINGS.name, (finding["nonconformity_id"],))["report_due_on"] = due


def _recommendation_recorded(memory: AuditMemory, e: EventRecord) -> None:
    inspection = memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    memory.rows[RECOMMENDATIONS.name][(e.notification_id,)] = (  # RECOMMENDATIONS' columns, in order
        e.notification_id, e.aggregate_id, inspection["programme_id"], inspection["unit_id"], e.source,
        e.text, e.occurred_on.iso)


INSPECTION_HANDLERS: dict[str, Handler] = {
    "Inspection.Scheduled": _inspection_scheduled,
    "Inspection.Rescheduled": _inspection_rescheduled,
    "Inspection.DecisionIssued": _decision_issued,
    "Inspection.ReportRequested": _report_requested,
    "Inspection.OpeningMeetingHeld": _opening_meeting_held,
    "Inspection.Conducted": _inspection_conducted,
    "Inspection.ItemAssessed": _item_assessed,
    "Inspection.MinutesSigned": _findings_communicated,
    "Inspection.FindingsLetterSent": _findings_communicated,
    "Inspection.RecommendationRecorded": _recommendation_recorded,
}
