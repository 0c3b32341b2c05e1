"""The ``audit`` projection: current state of units, programmes, inspections and findings.

A batch is folded in memory: the rows it changes that memory lacks are loaded (:meth:`load`), every event
updates them in order (:meth:`fold`), and each table's changed rows are encoded for set-based writes
(:meth:`batch_write`: rows of aggregates the batch begins are inserted, others upserted), written by
the projector in the batch's transaction while the next batch is folded. Rows stay in memory between
batches, so a live batch usually reads nothing; the projector makes the projection forget them whenever
someone else may have written its tables. Handlers are looked up by event kind (events are records
decoded from their JSON, never domain objects, for speed), one module per aggregate (audit_units.py,
audit_programmes.py, audit_inspections.py; audit_findings.py for an inspection's nonconformities;
audit_documents.py for the documents' templates and issues), then audit_records.py's for the record an event
keeps (Art. 39); an event kind without a handler only advances the position.
"""

from __future__ import annotations

from uuid import UUID

from isotrail.domain.collation import search_key, vietnamese_sort_key
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_documents import DOCUMENT_HANDLERS
from isotrail.projections.audit_findings import FINDING_HANDLERS
from isotrail.projections.audit_inspections import INSPECTION_HANDLERS
from isotrail.projections.audit_memory import AuditMemory, Handler
from isotrail.projections.audit_programmes import PROGRAMME_HANDLERS
from isotrail.projections.audit_records import RECORD_HANDLERS
from isotrail.projections.audit_tables import (
    ASSESSMENTS,
    AUDIT_SHAPE,
    AUDIT_TABLES,
    FINDINGS,
    INSPECTIONS,
    ISSUES,
    PROGRAMMES,
    RECOMMENDATIONS,
    RECORDS,
    REPORTS,
    SCOPE,
    TEMPLATES,
    UNITS,
)
from isotrail.projections.audit_units import UNIT_HANDLERS
from isotrail.projections.audit_views import audit_views
from isotrail.projections.batch_writes import TableWriter, Write, encode_rows
from isotrail.projections.driver import Connection
from isotrail.projections.event_record import EventRecord
from isotrail.projections.failures import fold_failed
from isotrail.projections.projection import MEMORY_ROWS
from isotrail.projections.table_ddl import create_statements


class AuditProjection:
    name = "audit"
    tables = AUDIT_TABLES
    shape = AUDIT_SHAPE

    def __init__(self, storage: Tenant, suffix: str = "") -> None:
        self.schema, self.suffix = storage.schema, suffix
        self.tracking_name = self.name + suffix
        self.writers = {t.name: TableWriter(t, self.schema, suffix) for t in self.tables}
        self.delete_scope = SCOPE.delete_sql(self.schema, suffix)
        self.load_units = UNITS.select_sql(self.schema, "unit_id", suffix)
        self.load_programmes = PROGRAMMES.select_sql(self.schema, "programme_id", suffix)
        self.load_inspections = INSPECTIONS.select_sql(self.schema, "inspection_id", suffix)
        self.load_findings = FINDINGS.select_sql(self.schema, "inspection_id", suffix)
        self._memory = AuditMemory()

    def create_statements(self) -> list[str]:
        views = audit_views(self.schema) if not self.suffix else []
        return create_statements(self.tables, self.schema, self.suffix) + views

    def view_statements(self) -> list[str]:
        return audit_views(self.schema)

    def forget(self) -> None:
        self._memory = AuditMemory()

    def memory_full(self) -> bool:
        return self._memory.size() > MEMORY_ROWS

    async def load(self, conn: Connection, events: list[EventRecord], first: dict[UUID, EventRecord]) -> None:
        """Read the rows these events change that memory lacks (a re-check's carried-over finding too); an aggregate
        first seen at version 1 has none yet: it is born in this batch, and so are all the rows it owns."""
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
        for event in events:  # a re-check changes the carried-over finding, of another inspection
            if (event.event_kind == "Inspection.CarriedOverNonconformityRechecked"
                    and (origin := event.get("origin_inspection_id")) not in born
                    and (origin,) not in known["Inspection"] and origin not in missing["Inspection"]):
                missing["Inspection"].append(origin)
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
            if table.name in AuditMemory.WRITTEN_ONLY:  # kept as records already
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
    (ASSESSMENTS, "inspection_id"), (FINDINGS, "inspection_id"), (RECOMMENDATIONS, "inspection_id"),
    (REPORTS, "inspection_id"), (RECORDS, "aggregate_id"), (TEMPLATES, "template_id"), (ISSUES, "issue_id"))}


def _then(first: Handler, second: Handler) -> Handler:
    def both(memory: AuditMemory, event: EventRecord) -> None:
        first(memory, event)
        second(memory, event)
    return both


_ROW_HANDLERS = {**UNIT_HANDLERS, **PROGRAMME_HANDLERS, **INSPECTION_HANDLERS, **FINDING_HANDLERS, **DOCUMENT_HANDLERS}
_HANDLERS = {  # by event kind: the rows an event changes, then the record it keeps (Art. 39), if any
    kind: _then(_ROW_HANDLERS[kind], keep) if kind in _ROW_HANDLERS else keep for kind, keep in RECORD_HANDLERS.items()}
_HANDLERS = {**_ROW_HANDLERS, **_HANDLERS}
