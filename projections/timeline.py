"""The ``timeline`` projection: every event, in order, with who, when, and a Vietnamese sentence.

Each row names its aggregate and, when the event concerns one, the unit — so a unit's history
includes its inspections and its place in programmes. The projection keeps its own small table of
references (inspection → unit, programme → plan number) so that it never reads another projection.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from isotrail.domain.tenancy import TenantStorage
from isotrail.projections.events import EventRecord
from isotrail.projections.tables import Column as C  # noqa: N817 - table definitions read as a list
from isotrail.projections.tables import Table, create_statements
from isotrail.projections.timeline_text import describe

TIMELINE = Table("rm_timeline", [
    C("notification_id", "bigint", False), C("aggregate_id", "uuid", False),
    C("aggregate_type", "text", False), C("event_type", "text", False), C("version", "int", False),
    C("unit_id", "uuid"), C("programme_id", "uuid"), C("actor_id", "text", False),
    C("role", "text", False), C("correlation_id", "text", False), C("occurred_on", "date", False),
    C("recorded_at", "timestamptz", False), C("summary_vi", "text", False),
], key=["notification_id"], indexes=["unit_id, notification_id", "aggregate_id, version", "occurred_on"])

REFS = Table("rm_timeline_refs", [
    C("aggregate_id", "uuid", False), C("unit_id", "uuid"), C("programme_id", "uuid"), C("label", "text"),
], key=["aggregate_id"])


class TimelineProjection:
    name = "timeline"
    tables = (TIMELINE, REFS)

    def __init__(self, storage: TenantStorage, suffix: str = "") -> None:
        self.schema, self.suffix = storage.schema, suffix
        self.tracking_name = self.name + suffix
        self.timeline_table = f"{TIMELINE.name}{suffix}"
        self.load_refs = REFS.select_sql(self.schema, "aggregate_id", suffix)
        self.upsert_refs = REFS.upsert_sql(self.schema, suffix)

    def create_statements(self) -> list[str]:
        return create_statements(self.tables, self.schema, self.suffix)

    def view_statements(self) -> list[str]:
        return []

    async def apply(self, conn: Any, events: list[EventRecord]) -> None:
        wanted = {e.aggregate_id for e in events}
        wanted.update(e.get("programme_id") for e in events if e.kind == "Inspection.Scheduled")
        refs = {row["aggregate_id"]: dict(row) for row in await conn.fetch(self.load_refs, list(wanted))}
        changed: set[UUID] = set()
        records = []
        for e in events:
            unit_id, programme_id = _remember(refs, changed, e)
            meta = e.meta
            records.append((
                e.notification_id, e.aggregate_id, e.aggregate_type, e.event_type, e.version,
                unit_id, programme_id, meta["actor_id"], meta["role"], meta["correlation_id"], e.occurred_on,
                e.recorded_at, describe(e, refs),
            ))
        if changed:
            await conn.executemany(self.upsert_refs, [REFS.params(refs[key]) for key in changed])
        await conn.copy_records_to_table(self.timeline_table, schema_name=self.schema, records=records,
                                         columns=TIMELINE.column_names)


def _remember(refs: dict[UUID, dict[str, Any]], changed: set[UUID], e: EventRecord) -> tuple[Any, Any]:
    """Update the references this event creates; return the (unit, programme) it concerns."""
    kind, aggregate_id = e.kind, e.aggregate_id
    if kind in ("Unit.Registered", "Unit.Renamed"):
        refs[aggregate_id] = {"aggregate_id": aggregate_id, "unit_id": aggregate_id, "programme_id": None,
                              "label": e.state["name"]}
        changed.add(aggregate_id)
    elif kind in ("Programme.Drafted", "Programme.PlanDetailsCorrected"):
        refs[aggregate_id] = {"aggregate_id": aggregate_id, "unit_id": None, "programme_id": aggregate_id,
                              "label": e.state["plan_number"]}
        changed.add(aggregate_id)
    elif kind == "Inspection.Scheduled":
        refs[aggregate_id] = {"aggregate_id": aggregate_id, "unit_id": e.get("unit_id"),
                              "programme_id": e.get("programme_id"), "label": None}
        changed.add(aggregate_id)
    if kind == "Programme.UnitAddedToScope":
        return e.get("entry")["unit_id"], aggregate_id
    if kind == "Programme.UnitRemovedFromScope":
        return e.get("unit_id"), aggregate_id
    ref = refs.get(aggregate_id, {})
    return ref.get("unit_id"), ref.get("programme_id")
