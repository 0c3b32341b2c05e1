"""The ``timeline`` projection: every event, in order, with who, when, and a Vietnamese sentence.

Each row names its aggregate and, when the event concerns one, the unit — so a unit's history
includes its inspections and its place in programmes. Printing a document or replacing a template is not in it
(``rm_documents_issued`` and ``rm_document_templates`` keep those). The projection keeps its own small table of
references (inspection → unit, programme → plan number) so that it never reads another projection, and
keeps those it has seen in memory between batches.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from isotrail.domain.tenancy import Tenant
from isotrail.projections.batch_writes import TableWriter, Write, encode_rows
from isotrail.projections.driver import Connection
from isotrail.projections.event_record import EventRecord
from isotrail.projections.failures import fold_failed
from isotrail.projections.projection import MEMORY_ROWS
from isotrail.projections.table_ddl import create_statements
from isotrail.projections.timeline_refs import CONCERNS
from isotrail.projections.timeline_tables import REFS, TIMELINE, TIMELINE_SHAPE
from isotrail.projections.timeline_text import describe

NOT_IN_TIMELINE = frozenset({"DocumentTemplate", "IssuedDocument"})  # what was printed is no event of a unit's story


class TimelineProjection:
    name = "timeline"
    tables = (TIMELINE, REFS)
    shape = TIMELINE_SHAPE

    def __init__(self, storage: Tenant, suffix: str = "") -> None:
        self.schema, self.suffix = storage.schema, suffix
        self.tracking_name = self.name + suffix
        self.timeline_table = f"{TIMELINE.name}{suffix}"
        self.load_refs = REFS.select_sql(self.schema, "aggregate_id", suffix)
        self.refs_writer = TableWriter(REFS, self.schema, suffix)
        self._refs: dict[UUID, dict[str, Any]] = {}  # kept between batches, like the audit's rows
        self._records: list[tuple[Any, ...]] = []  # the batch's timeline rows, folded, not yet written
        self._changed: set[UUID] = set()  # the batch's references to write

    def create_statements(self) -> list[str]:
        return create_statements(self.tables, self.schema, self.suffix)

    def view_statements(self) -> list[str]:
        return []

    def forget(self) -> None:
        self._refs, self._records, self._changed = {}, [], set()

    def memory_full(self) -> bool:
        return len(self._refs) > MEMORY_ROWS

    async def load(self, conn: Connection, events: list[EventRecord], first: dict[UUID, EventRecord]) -> None:
        """Read the references these events need that memory lacks (none for an aggregate's first event,
        except the programme an inspection is scheduled in; the plan and unit a nonconformity is carried to)."""
        refs = self._refs
        # an aggregate first seen here at version 1 makes its reference in this batch
        wanted = {aggregate_id for aggregate_id, e in first.items() if e.version > 1 and aggregate_id not in refs}
        wanted.update(programme_id for e in first.values() if e.event_kind == "Inspection.Scheduled"
                      and (programme_id := e.get("programme_id")) not in refs and programme_id not in first)
        wanted.update(named for e in events if e.event_kind == "Inspection.NonconformityCarriedOver"  # its sentence's
                      for named in (e.get("to_programme_id"), e.get("to_unit_id")) if named and named not in refs)
        if wanted:
            for row in await conn.fetch(self.load_refs, list(wanted)):
                refs[row["aggregate_id"]] = dict(row)

    def fold(self, events: list[EventRecord]) -> None:
        refs, changed = self._refs, self._changed
        day, instant = date.fromisoformat, datetime.fromisoformat
        append = self._records.append
        try:
            for e in events:
                if e.aggregate_type in NOT_IN_TIMELINE:
                    continue
                concerns = CONCERNS.get(e.event_kind)
                if concerns is not None:
                    unit_id, programme_id = concerns(refs, changed, e)
                elif (ref := refs.get(e.aggregate_id)) is not None:
                    unit_id, programme_id = ref["unit_id"], ref["programme_id"]
                else:
                    unit_id = programme_id = None
                meta = e.meta.data
                append((e.notification_id, e.aggregate_id, e.aggregate_type, e.event_type, e.version, unit_id,
                        programme_id, meta.actor_id, meta.role, meta.correlation_id, day(e.occurred_on.iso),
                        instant(e.timestamp.iso), describe(e, refs)))
        except Exception as error:  # free when nothing is raised
            raise fold_failed(error, [self.tracking_name], e.notification_id) from error

    def batch_write(self) -> Write:
        refs = [REFS.record(self._refs[key]) for key in self._changed]
        write_refs = encode_rows([(self.refs_writer, refs, ())])
        records, self._records, self._changed = self._records, [], set()

        async def write(conn: Connection) -> None:
            await write_refs(conn)
            await conn.copy_records_to_table(self.timeline_table, schema_name=self.schema, records=records,
                                             columns=TIMELINE.column_names)
        return write
