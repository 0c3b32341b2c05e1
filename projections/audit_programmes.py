"""How programme events change the audit read model: the programme's row and its scope
(``rm_programmes``, ``rm_programme_scope``)."""

from __future__ import annotations

from isotrail.projections.audit_memory import AuditMemory, Handler
from isotrail.projections.audit_tables import PROGRAMMES, SCOPE
from isotrail.projections.event_record import EventRecord


def _programme_drafted(memory: AuditMemory, e: EventRecord) -> None:
    memory.put(PROGRAMMES.name, (e.aggregate_id,), {
        "programme_id": e.aggregate_id, "code": e.code, "year": e.year, "title": e.title,
        "plan_number": e.plan_number, "plan_date": e.iso("plan_date"), "legal_basis": e.legal_basis,
        "standard": e.standard, "catalogue_version": e.catalogue_version, "organiser": e.organiser,
        "status": "draft", "drafted_on": e.occurred_on.iso, "starts_on": None, "ends_on": None,
        "team": [], "approved_on": None, "approved_by": None, "reported_on": None, "report_number": None,
        "report_summary": None, "proposals": None, "version": e.version, **_funding(e),
        "mandatory_count": None, "uncovered_units": None, "report_signer": None, "compilation": None,
        "immediate_reports": [],
    })


def _funding(e: EventRecord) -> dict[str, object]:
    """The plan's budget and partner unit as drafted or corrected (None in events from before them)."""
    return {"budget_vnd": e.budget_vnd, "budget_source": e.budget_source, "partner_unit": e.partner_unit}


def _unit_added_to_scope(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e)
    entry = e.get("entry")
    key = (e.aggregate_id, entry["unit_id"])
    memory.scope_removed = [k for k in memory.scope_removed if k != key]
    memory.rows[SCOPE.name][key] = (  # SCOPE's columns, in order
        e.aggregate_id, entry["unit_id"], entry["form"], entry["joint_team"], e.occurred_on.iso)


def _unit_removed_from_scope(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e)
    key = (e.aggregate_id, e.get("unit_id"))
    memory.rows[SCOPE.name].pop(key, None)
    memory.scope_removed.append(key)


def _team_member_assigned(memory: AuditMemory, e: EventRecord) -> None:
    row = memory.touch(PROGRAMMES.name, (e.aggregate_id,), e)
    row["team"] = [*row["team"], e.get("member")]


def _schedule_set(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e).update(
        starts_on=e.iso("starts_on"), ends_on=e.iso("ends_on"))


def _plan_details_corrected(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e).update(
        title=e.title, plan_number=e.plan_number, plan_date=e.iso("plan_date"), **_funding(e))


def _programme_approved(memory: AuditMemory, e: EventRecord) -> None:
    """With Art. 33's coverage as approved: the units bound to apply a QMS, and those left out knowingly (None
    in approvals from before the check)."""
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e).update(
        status="approved", approved_on=e.occurred_on.iso, approved_by=e.approved_by,
        mandatory_count=e.mandatory_count, uncovered_units=e.get("uncovered_units"))


def _results_reported(memory: AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e).update(
        status="reported", reported_on=e.occurred_on.iso, report_number=e.report_number,
        report_summary=e.summary, proposals=e.proposals, report_signer=e.signer)


def _results_compiled(memory: AuditMemory, e: EventRecord) -> None:
    """Art. 38.1's compilation as one JSON value: number, date, signer, the figures counted, its text."""
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e)["compilation"] = {
        "compilation_number": e.compilation_number, "compiled_on": e.occurred_on.iso, "signer": e.signer,
        "figures": e.get("figures"), "assessment": e.assessment, "proposals": e.proposals}


def _immediate_report_sent(memory: AuditMemory, e: EventRecord) -> None:
    row = memory.touch(PROGRAMMES.name, (e.aggregate_id,), e)
    row["immediate_reports"] = [*(row["immediate_reports"] or []), {
        "report_number": e.report_number, "sent_on": e.occurred_on.iso, "signer": e.signer,
        "recipient": e.recipient, "subject": e.subject, "reason": e.reason}]


PROGRAMME_HANDLERS: dict[str, Handler] = {
    "Programme.Drafted": _programme_drafted,
    "Programme.UnitAddedToScope": _unit_added_to_scope,
    "Programme.UnitRemovedFromScope": _unit_removed_from_scope,
    "Programme.TeamMemberAssigned": _team_member_assigned,
    "Programme.ScheduleSet": _schedule_set,
    "Programme.PlanDetailsCorrected": _plan_details_corrected,
    "Programme.Approved": _programme_approved,
    "Programme.ResultsReported": _results_reported,
    "Programme.ResultsCompiled": _results_compiled,
    "Programme.ImmediateReportSent": _immediate_report_sent,
}
