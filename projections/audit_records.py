"""How events add to the register of kept records (``rm_records``; Circular 26/2014 Art. 39, the kinds in
``domain/record_kinds.py``): each record by the event that recorded it — its aggregate and version — with its
number, date and signer where the event has them. Most events make one row; a correction of the plan's header
rewrites the plan's row (number and date as corrected, the correction's version beside the original's).

These run after the handlers of the same event kinds in audit_programmes.py and audit_inspections.py
(audit.py joins them), so the inspection's or programme's row they read is already up to date."""

from __future__ import annotations

from typing import Any

from isotrail.domain.record_kinds import RecordKind
from isotrail.projections.audit_memory import AuditMemory, Handler
from isotrail.projections.audit_tables import INSPECTIONS, RECORDS
from isotrail.projections.event_record import EventRecord


def _put(memory: AuditMemory, e: EventRecord, kind: RecordKind, number: str | None, *, version: int | None = None,
         issued_on: str | None = None, signer: str | None = None, co_signer: str | None = None,
         nonconformity_ids: list[Any] | None = None, corrected_in_version: int | None = None) -> None:
    """One record of ``e``'s aggregate (RECORDS' columns, in order), kept under the aggregate and ``version``
    (the event's unless given)."""
    if e.aggregate_type == "Inspection":
        inspection = memory.rows[INSPECTIONS.name][(e.aggregate_id,)]
        programme_id, inspection_id, unit_id = inspection["programme_id"], e.aggregate_id, inspection["unit_id"]
    else:
        programme_id, inspection_id, unit_id = e.aggregate_id, None, None
    version = e.version if version is None else version
    memory.rows[RECORDS.name][(e.aggregate_id, version)] = (
        e.aggregate_id, version, programme_id, inspection_id, unit_id, kind.value, number,
        issued_on or e.occurred_on.iso, signer, co_signer, nonconformity_ids, corrected_in_version)


def _plan(memory: AuditMemory, e: EventRecord) -> None:
    """The plan (Mẫu 19) as drafted, kept under the draft's version; a correction rewrites it."""
    corrected = e.version if e.event_type == "PlanDetailsCorrected" else None
    _put(memory, e, RecordKind.PLAN, e.plan_number, version=1, issued_on=e.iso("plan_date"),
         corrected_in_version=corrected)


def _scheduled(memory: AuditMemory, e: EventRecord) -> None:
    if e.ad_hoc_decision is not None:
        _put(memory, e, RecordKind.AD_HOC_DECISION, e.ad_hoc_decision)


def _compiled(memory: AuditMemory, e: EventRecord) -> None:
    _put(memory, e, RecordKind.COMPILATION, e.compilation_number, signer=e.signer)


def _minutes(memory: AuditMemory, e: EventRecord) -> None:
    _put(memory, e, RecordKind.MINUTES, e.minutes_number, signer=e.team_leader_signatory, co_signer=e.unit_signatory)


def _judged(kind: RecordKind) -> Handler:
    def put(memory: AuditMemory, e: EventRecord) -> None:
        _put(memory, e, kind, e.notice_number, signer=e.signer, nonconformity_ids=[e.get("nonconformity_id")])
    return put


RECORD_HANDLERS: dict[str, Handler] = {
    "Programme.Drafted": _plan,
    "Programme.PlanDetailsCorrected": _plan,
    "Programme.Approved": lambda memory, e: _put(memory, e, RecordKind.PLAN_APPROVAL, None, signer=e.approved_by),
    "Programme.ImmediateReportSent": lambda memory, e: _put(
        memory, e, RecordKind.IMMEDIATE_REPORT, e.report_number, signer=e.signer),
    "Programme.ResultsCompiled": _compiled,
    "Programme.ResultsReported": lambda memory, e: _put(
        memory, e, RecordKind.RESULTS_REPORT, e.report_number, signer=e.signer),
    "Inspection.Scheduled": _scheduled,
    "Inspection.ReportRequested": lambda memory, e: _put(
        memory, e, RecordKind.REPORT_REQUEST, e.letter_number, signer=e.signer),
    "Inspection.DecisionIssued": lambda memory, e: _put(
        memory, e, RecordKind.INSPECTION_DECISION, e.decision_number, signer=e.signer),
    "Inspection.MinutesSigned": _minutes,
    "Inspection.FindingsLetterSent": lambda memory, e: _put(
        memory, e, RecordKind.FINDINGS_LETTER, e.letter_number, signer=e.signer),
    "Inspection.CorrectiveActionReportReceived": lambda memory, e: _put(
        memory, e, RecordKind.CORRECTIVE_ACTION_REPORT, e.reference, nonconformity_ids=e.get("nonconformity_ids")),
    "Inspection.CorrectiveActionVerified": _judged(RecordKind.ACCEPTANCE),
    "Inspection.CorrectiveActionNotAccepted": _judged(RecordKind.NON_ACCEPTANCE_NOTICE),
}
