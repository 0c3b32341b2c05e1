"""The audit projection's memory (audit.py): the rows its fold changes, kept between batches, and which
of them the batch changed; the event handlers (audit_units.py, audit_programmes.py,
audit_inspections.py, audit_findings.py) change rows only through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from isotrail.projections.audit_tables import (
    ASSESSMENTS,
    AUDIT_TABLES,
    FINDINGS,
    ISSUES,
    RECOMMENDATIONS,
    RECORDS,
    REPORTS,
    SCOPE,
    TEMPLATES,
)
from isotrail.projections.event_record import EventRecord

Row = dict[str, Any]


class AuditMemory:
    """The rows of units, programmes, inspections and findings folded so far (or loaded), kept between
    batches; the rows of tables only ever written (assessments, recommendations, reports, scope, records, the
    documents' templates and issues) last one batch, kept as their records (values in column order) by key."""

    WRITTEN_ONLY = (ASSESSMENTS.name, RECOMMENDATIONS.name, REPORTS.name, SCOPE.name, RECORDS.name, TEMPLATES.name,
                    ISSUES.name)

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


Handler = Callable[[AuditMemory, EventRecord], None]  # folds one event kind into the memory
