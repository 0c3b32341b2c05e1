"""The ``timeline`` projection: every event, in order, with who, when, and a Vietnamese sentence.

Each row names its aggregate and, when the event concerns one, the unit — so a unit's history
includes its inspections and its place in programmes. The projection keeps its own small table of
references (inspection → unit, programme → plan number) so that it never reads another projection, and
keeps those it has seen in memory between batches.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from isotrail.domain.tenancy import Tenant
from isotrail.projections.batch_writes import TableWriter, Write, encode_rows
from isotrail.projections.driver import Connection
from isotrail.projections.event_record import EventRecord
from isotrail.projections.failures import fold_failed
from isotrail.projections.projection import MEMORY_ROWS
from isotrail.projections.tables import Column as C  # noqa: N817 - table definitions read as a list
from isotrail.projections.tables import Index, Table, create_statements
from isotrail.projections.timeline_text import describe

TIMELINE = Table("rm_timeline", [
    C("notification_id", "bigint", False), C("aggregate_id", "uuid", False),
    C("aggregate_type", "text", False), C("event_type", "text", False), C("version", "int", False),
    C("unit_id", "uuid"), C("programme_id", "uuid"), C("actor_id", "text", False),
    C("role", "text", False), C("correlation_id", "text", False), C("occurred_on", "date", False),
    C("recorded_at", "timestamptz", False), C("summary_vi", "text", False),
], key=["notification_id"], indexes=[
    "unit_id, notification_id",
    "aggregate_id",  # time travel reads an aggregate's rows whole; a btree on (aggregate_id, version) cost 60 % more
    Index("occurred_on", using="brin"),  # business dates mostly grow with the log; a btree cost twice as much
], retired_indexes=["aggregate_id, version", "occurred_on"])

REFS = Table("rm_timeline_refs", [
    C("aggregate_id", "uuid", False), C("unit_id", "uuid"), C("programme_id", "uuid"), C("label", "text"),
], key=["aggregate_id"])


class TimelineProjection:
    name = "timeline"
    tables = (TIMELINE, REFS)

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
        except the programme an inspection is scheduled in)."""
        refs = self._refs
        # an aggregate first seen here at version 1 makes its reference in this batch
        wanted = {aggregate_id for aggregate_id, e in first.items() if e.version > 1 and aggregate_id not in refs}
        wanted.update(programme_id for e in first.values() if e.event_kind == "Inspection.Scheduled"
                      and (programme_id := e.get("programme_id")) not in refs and programme_id not in first)
        if wanted:
            for row in await conn.fetch(self.load_refs, list(wanted)):
                refs[row["aggregate_id"]] = dict(row)

    def fold(self, events: list[EventRecord]) -> None:
        refs, changed = self._refs, self._changed
        day, instant = date.fromisoformat, datetime.fromisoformat
        append = self._records.append
        try:
            for e in events:
                concerns = _CONCERNS.get(e.event_kind)
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


Refs = dict[UUID, dict[str, Any]]


def _unit_named(refs: Refs, changed: set[UUID], e: EventRecord) -> tuple[Any, Any]:
    refs[e.aggregate_id] = {"aggregate_id": e.aggregate_id, "unit_id": e.aggregate_id, "programme_id": None,
                            "label": e.name}
    changed.add(e.aggregate_id)
    return e.aggregate_id, None


def _plan_numbered(refs: Refs, changed: set[UUID], e: EventRecord) -> tuple[Any, Any]:
    refs[e.aggregate_id] = {"aggregate_id": e.aggregate_id, "unit_id": None, "programme_id": e.aggregate_id,
                            "label": e.plan_number}
    changed.add(e.aggregate_id)
    return None, e.aggregate_id


def _inspection_scheduled(refs: Refs, changed: set[UUID], e: EventRecord) -> tuple[Any, Any]:
    unit_id, programme_id = e.get("unit_id"), e.get("programme_id")
    refs[e.aggregate_id] = {"aggregate_id": e.aggregate_id, "unit_id": unit_id, "programme_id": programme_id,
                            "label": None}
    changed.add(e.aggregate_id)
    return unit_id, programme_id


# The events that create references, or concern a unit other than their aggregate's; any other event
# concerns what its aggregate's reference says.
_CONCERNS: dict[str, Callable[[Refs, set[UUID], EventRecord], tuple[Any, Any]]] = {
    "Unit.Registered": _unit_named,
    "Unit.Renamed": _unit_named,
    "Programme.Drafted": _plan_numbered,
    "Programme.PlanDetailsCorrected": _plan_numbered,
    "Inspection.Scheduled": _inspection_scheduled,
    "Programme.UnitAddedToScope": lambda refs, changed, e: (e.get("entry")["unit_id"], e.aggregate_id),
    "Programme.UnitRemovedFromScope": lambda refs, changed, e: (e.get("unit_id"), e.aggregate_id),
}
