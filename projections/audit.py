"""The ``audit`` projection: current state of units, programmes, inspections and findings.

Over 300 lines: STYLE.md keeps one table family per module, and this is the audit family's fold,
one handler per event kind, read best beside the tables it writes; its statements come from
tables.py and tracking.py, so what is left here is the fold itself.

A batch is folded in memory: the rows it changes that memory lacks are loaded (:meth:`load`), every event
updates them in order (:meth:`fold`), and each table's changed rows are encoded for set-based writes
(:meth:`batch_write`: rows of aggregates the batch begins are inserted, others upserted), written by
the projector in the batch's transaction while the next batch is folded. Rows stay in memory between
batches, so a live batch usually reads nothing; the projector makes the projection forget them whenever
someone else may have written its tables. Handlers are looked up by event kind (events are records
decoded from their JSON, never domain objects, for speed); an event kind without a handler only
advances the position.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from isotrail.domain.collation import search_key, vietnamese_sort_key
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import (
    ASSESSMENTS,
    AUDIT_TABLES,
    FINDINGS,
    INSPECTIONS,
    PROGRAMMES,
    RECOMMENDATIONS,
    SCOPE,
    UNITS,
)
from isotrail.projections.audit_views import audit_views
from isotrail.projections.batch_writes import TableWriter, Write, encode_rows
from isotrail.projections.driver import Connection
from isotrail.projections.event_record import EventRecord
from isotrail.projections.failures import fold_failed
from isotrail.projections.projection import MEMORY_ROWS
from isotrail.projections.tables import create_statements

Row = dict[str, Any]


def top_level_clause(item_code: str) -> str:
    """"6.2" → "6"; Art. 36 and Decision 19 items stand for themselves."""
    return item_code.split(".", maxsplit=1)[0] if item_code[:1].isdigit() else item_code


class AuditProjection:
    name = "audit"
    tables = AUDIT_TABLES

    def __init__(self, storage: Tenant, suffix: str = "") -> None:
        self.schema, self.suffix = storage.schema, suffix
        self.tracking_name = self.name + suffix
        self.writers = {t.name: TableWriter(t, self.schema, suffix) for t in self.tables}
        self.delete_scope = SCOPE.delete_sql(self.schema, suffix)
        self.load_units = UNITS.select_sql(self.schema, "unit_id", suffix)
        self.load_programmes = PROGRAMMES.select_sql(self.schema, "programme_id", suffix)
        self.load_inspections = INSPECTIONS.select_sql(self.schema, "inspection_id", suffix)
        self.load_findings = FINDINGS.select_sql(self.schema, "inspection_id", suffix)
        self._memory = _AuditMemory()

    def create_statements(self) -> list[str]:
        views = audit_views(self.schema) if not self.suffix else []
        return create_statements(self.tables, self.schema, self.suffix) + views

    def view_statements(self) -> list[str]:
        return audit_views(self.schema)

    def forget(self) -> None:
        self._memory = _AuditMemory()

    def memory_full(self) -> bool:
        return self._memory.size() > MEMORY_ROWS

    async def load(self, conn: Connection, events: list[EventRecord], first: dict[UUID, EventRecord]) -> None:
        """Read the rows these events change that memory lacks; an aggregate first seen at version 1 has
        none yet: it is born in this batch, and so are all the rows it owns."""
        memory = self._memory
        missing: dict[str, list[UUID]] = {"Unit": [], "Programme": [], "Inspection": []}
        known = {"Unit": memory.rows[UNITS.name], "Programme": memory.rows[PROGRAMMES.name],
                 "Inspection": memory.rows[INSPECTIONS.name]}
        born = memory.born
        for aggregate_id, event in first.items():
            if event.version == 1:
                born.add(aggregate_id)
            elif event.aggregate_type in known and (aggregate_id,) not in known[event.aggregate_type]:
                missing[event.aggregate_type].append(aggregate_id)
        if missing["Unit"]:
            memory.load(UNITS, await conn.fetch(self.load_units, missing["Unit"]))
        if missing["Programme"]:
            memory.load(PROGRAMMES, await conn.fetch(self.load_programmes, missing["Programme"]))
        if missing["Inspection"]:
            memory.load(INSPECTIONS, await conn.fetch(self.load_inspections, missing["Inspection"]))
            memory.load(FINDINGS, await conn.fetch(self.load_findings, missing["Inspection"]))

    def fold(self, events: list[EventRecord]) -> None:
        memory = self._memory
        try:
            for event in events:
                handler = _HANDLERS.get(event.event_kind)
                if handler is not None:
                    handler(memory, event)
        except Exception as error:  # free when nothing is raised
            raise fold_failed(error, [self.tracking_name], event.notification_id) from error

    def batch_write(self) -> Write:
        memory = self._memory
        for unit in memory.changed(UNITS.name):  # derived once per row, not once per event
            unit["name_search"], unit["name_sort"] = search_key(unit["name"]), vietnamese_sort_key(unit["name"])
        changes, born = [], memory.born
        for table in self.tables:
            if table.name in _AuditMemory.WRITTEN_ONLY:  # kept as records already
                records = list(memory.rows[table.name].values())
            else:
                records = [table.record(row) for row in memory.changed(table.name)]
            owner = _OWNER_COLUMN[table.name]  # rows of an aggregate born in this batch are only inserted
            upserts = [record for record in records if record[owner] not in born]
            inserts = [record for record in records if record[owner] in born] if born else []
            changes.append((self.writers[table.name], upserts, inserts))
        write = encode_rows(changes, then=self.delete_scope, then_args=memory.scope_removed)
        memory.batch_encoded()
        return write


# Each table's rows belong to one aggregate (the row's position of its id): no row of an aggregate born in a
# batch can exist before that batch is written.
_OWNER_COLUMN = {table.name: table.column_names.index(owner) for table, owner in (
    (UNITS, "unit_id"), (PROGRAMMES, "programme_id"), (SCOPE, "programme_id"), (INSPECTIONS, "inspection_id"),
    (ASSESSMENTS, "inspection_id"), (FINDINGS, "inspection_id"), (RECOMMENDATIONS, "inspection_id"))}


class _AuditMemory:
    """The rows of units, programmes, inspections and findings folded so far (or loaded), kept between
    batches; the rows of tables only ever written (assessments, recommendations, scope) last one batch,
    kept as their records (values in column order) by key."""

    WRITTEN_ONLY = (ASSESSMENTS.name, RECOMMENDATIONS.name, SCOPE.name)

    def __init__(self) -> None:
        self.rows: dict[str, dict[Any, Any]] = {t.name: {} for t in AUDIT_TABLES}  # rows, or records
        self.dirty: dict[str, set[Any]] = {t.name: set() for t in AUDIT_TABLES}
        self.scope_removed: list[tuple[UUID, UUID]] = []
        self.findings_by_inspection: dict[UUID, list[Any]] = {}
        self.born: set[UUID] = set()  # the aggregates this batch begins (see load)

    def size(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def load(self, table: Any, records: list[Any]) -> None:
        rows = self.rows[table.name]
        for record in records:
            row = table.row(record)
            key = table.key_of(row)
            rows[key] = row
            if table is FINDINGS:
                self.findings_by_inspection.setdefault(row["inspection_id"], []).append(key)

    def put(self, table: str, key: Any, row: Row) -> Row:
        self.rows[table][key] = row
        self.dirty[table].add(key)
        if table == FINDINGS.name:
            self.findings_by_inspection.setdefault(row["inspection_id"], []).append(key)
        return row

    def touch(self, table: str, key: Any, event: EventRecord | None = None) -> Row:
        row = self.rows[table][key]
        self.dirty[table].add(key)
        if event is not None and "version" in row:
            row["version"] = event.version
        return row

    def changed(self, table: str) -> list[Row]:
        rows = self.rows[table]
        return [rows[key] for key in self.dirty[table] if key in rows]

    def findings_of(self, inspection_id: UUID) -> list[Row]:
        rows = self.rows[FINDINGS.name]
        return [rows[key] for key in self.findings_by_inspection.get(inspection_id, ())]

    def batch_encoded(self) -> None:
        for dirty in self.dirty.values():
            dirty.clear()
        self.scope_removed = []
        self.born = set()
        for table in self.WRITTEN_ONLY:
            self.rows[table].clear()


# Units ----------------------------------------------------------------------------------------

def _unit_registered(memory: _AuditMemory, e: EventRecord) -> None:
    name, on = e.name, e.occurred_on.iso
    memory.put(UNITS.name, (e.aggregate_id,), {
        "unit_id": e.aggregate_id, "code": e.code, "name": name, "kind": e.kind, "registered_on": on,
        "dissolved_on": None, "names": [[name, on]], "predecessor_ids": e.get("predecessor_ids"),
        "successor_ids": [], "qms_standard": None, "qms_announced_on": None,
        "last_internal_audit_on": None, "last_management_review_on": None, "version": e.version,
    })


def _unit_renamed(memory: _AuditMemory, e: EventRecord) -> None:
    row = memory.touch(UNITS.name, (e.aggregate_id,), e)
    row["name"] = e.name
    row["names"].append([e.name, e.occurred_on.iso])


def _unit_reclassified(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(UNITS.name, (e.aggregate_id,), e)["kind"] = e.kind


def _qms_facts_recorded(memory: _AuditMemory, e: EventRecord) -> None:
    facts = e.get("facts")
    memory.touch(UNITS.name, (e.aggregate_id,), e).update(
        qms_standard=facts["standard"], qms_announced_on=facts["announced_on"],
        last_internal_audit_on=facts["last_internal_audit_on"],
        last_management_review_on=facts["last_management_review_on"])


def _unit_dissolved(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(UNITS.name, (e.aggregate_id,), e).update(
        dissolved_on=e.occurred_on.iso, successor_ids=e.get("successor_ids"))


# Programmes -----------------------------------------------------------------------------------

def _programme_drafted(memory: _AuditMemory, e: EventRecord) -> None:
    memory.put(PROGRAMMES.name, (e.aggregate_id,), {
        "programme_id": e.aggregate_id, "code": e.code, "year": e.year, "title": e.title,
        "plan_number": e.plan_number, "plan_date": e.iso("plan_date"), "legal_basis": e.legal_basis,
        "standard": e.standard, "catalogue_version": e.catalogue_version, "organiser": e.organiser,
        "status": "draft", "drafted_on": e.occurred_on.iso, "starts_on": None, "ends_on": None,
        "team": [], "approved_on": None, "approved_by": None, "reported_on": None, "report_number": None,
        "report_summary": None, "proposals": None, "version": e.version,
    })


def _unit_added_to_scope(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e)
    entry = e.get("entry")
    key = (e.aggregate_id, entry["unit_id"])
    memory.scope_removed = [k for k in memory.scope_removed if k != key]
    memory.rows[SCOPE.name][key] = (  # SCOPE's columns, in order
        e.aggregate_id, entry["unit_id"], entry["form"], entry["joint_team"], e.occurred_on.iso)


def _unit_removed_from_scope(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e)
    key = (e.aggregate_id, e.get("unit_id"))
    memory.rows[SCOPE.name].pop(key, None)
    memory.scope_removed.append(key)


def _team_member_assigned(memory: _AuditMemory, e: EventRecord) -> None:
    row = memory.touch(PROGRAMMES.name, (e.aggregate_id,), e)
    row["team"] = [*row["team"], e.get("member")]


def _schedule_set(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e).update(
        starts_on=e.iso("starts_on"), ends_on=e.iso("ends_on"))


def _plan_details_corrected(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e).update(
        title=e.title, plan_number=e.plan_number, plan_date=e.iso("plan_date"))


def _programme_approved(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e).update(
        status="approved", approved_on=e.occurred_on.iso, approved_by=e.approved_by)


def _results_reported(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(PROGRAMMES.name, (e.aggregate_id,), e).update(
        status="reported", reported_on=e.occurred_on.iso, report_number=e.report_number,
        report_summary=e.summary, proposals=e.proposals)


# Inspections ----------------------------------------------------------------------------------

def _inspection_scheduled(memory: _AuditMemory, e: EventRecord) -> None:
    memory.put(INSPECTIONS.name, (e.aggregate_id,), {
        "inspection_id": e.aggregate_id, "programme_id": e.get("programme_id"), "unit_id": e.get("unit_id"),
        "form": e.form, "joint_team": e.joint_team,
        "catalogue_version": e.catalogue_version, "status": "scheduled",
        "scheduled_on": e.iso("scheduled_on"), "conducted_on": None, "inspectors": [],
        "findings_communicated_on": None, "minutes_number": None, "letter_number": None,
        "report_due_on": None, "version": e.version,
    })


def _inspection_rescheduled(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)["scheduled_on"] = e.iso("scheduled_on")


def _inspection_conducted(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e).update(
        status="conducted", conducted_on=e.occurred_on.iso, inspectors=e.inspectors)


def _item_assessed(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    item = e.item_code
    memory.rows[ASSESSMENTS.name][(e.aggregate_id, item)] = (  # ASSESSMENTS' columns, in order
        e.aggregate_id, item, e.result, e.note, e.occurred_on.iso, e.corrects_version)


def _nonconformity_raised(memory: _AuditMemory, e: EventRecord) -> None:
    inspection = memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    nonconformity_id, item = e.get("nonconformity_id"), e.item_code
    memory.put(FINDINGS.name, (nonconformity_id,), {
        "nonconformity_id": nonconformity_id, "inspection_id": e.aggregate_id,
        "programme_id": inspection["programme_id"], "unit_id": inspection["unit_id"], "item_code": item,
        "clause": top_level_clause(item), "description": e.description,
        "raised_on": e.occurred_on.iso, "status": "open", "report_due_on": None,
        "reports_received": 0, "last_report_on": None, "not_accepted_count": 0, "closed_on": None,
        "carried_to_programme_id": None})


def _findings_communicated(memory: _AuditMemory, e: EventRecord) -> None:
    due = e.iso("report_due_on")
    minutes, letter = getattr(e, "minutes_number", None), getattr(e, "letter_number", None)
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e).update(
        status="findings_communicated", findings_communicated_on=e.occurred_on.iso,
        minutes_number=minutes, letter_number=letter, report_due_on=due)
    for finding in memory.findings_of(e.aggregate_id):
        if finding["status"] in ("open", "reported", "not_accepted"):
            memory.touch(FINDINGS.name, (finding["nonconformity_id"],))["report_due_on"] = due


def _finding(memory: _AuditMemory, e: EventRecord) -> Row:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    return memory.touch(FINDINGS.name, (e.get("nonconformity_id"),))


def _report_received(memory: _AuditMemory, e: EventRecord) -> None:
    memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    on = e.occurred_on.iso
    for nonconformity_id in e.get("nonconformity_ids"):
        finding = memory.touch(FINDINGS.name, (nonconformity_id,))
        finding.update(status="reported", reports_received=finding["reports_received"] + 1, last_report_on=on)


def _corrective_action_verified(memory: _AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="verified", closed_on=e.occurred_on.iso)


def _corrective_action_not_accepted(memory: _AuditMemory, e: EventRecord) -> None:
    finding = _finding(memory, e)
    finding.update(status="not_accepted", report_due_on=e.iso("report_due_on"),
                   not_accepted_count=finding["not_accepted_count"] + 1)


def _nonconformity_withdrawn(memory: _AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="withdrawn", closed_on=e.occurred_on.iso)


def _nonconformity_carried_over(memory: _AuditMemory, e: EventRecord) -> None:
    _finding(memory, e).update(status="carried_over", closed_on=e.occurred_on.iso,
                             carried_to_programme_id=e.get("to_programme_id"))


def _recommendation_recorded(memory: _AuditMemory, e: EventRecord) -> None:
    inspection = memory.touch(INSPECTIONS.name, (e.aggregate_id,), e)
    memory.rows[RECOMMENDATIONS.name][(e.notification_id,)] = (  # RECOMMENDATIONS' columns, in order
        e.notification_id, e.aggregate_id, inspection["programme_id"], inspection["unit_id"], e.source,
        e.text, e.occurred_on.iso)


_HANDLERS: dict[str, Callable[[_AuditMemory, EventRecord], None]] = {
    "Unit.Registered": _unit_registered,
    "Unit.Renamed": _unit_renamed,
    "Unit.Reclassified": _unit_reclassified,
    "Unit.QmsFactsRecorded": _qms_facts_recorded,
    "Unit.Dissolved": _unit_dissolved,
    "Programme.Drafted": _programme_drafted,
    "Programme.UnitAddedToScope": _unit_added_to_scope,
    "Programme.UnitRemovedFromScope": _unit_removed_from_scope,
    "Programme.TeamMemberAssigned": _team_member_assigned,
    "Programme.ScheduleSet": _schedule_set,
    "Programme.PlanDetailsCorrected": _plan_details_corrected,
    "Programme.Approved": _programme_approved,
    "Programme.ResultsReported": _results_reported,
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
