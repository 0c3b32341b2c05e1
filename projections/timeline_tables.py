"""The timeline read model's tables (owned by the ``timeline`` projection, timeline.py): one row per event,
and the references that say which unit and programme an event concerns (timeline_refs.py)."""

from __future__ import annotations

from isotrail.projections.tables import Column as C  # noqa: N817 - table definitions read as a list
from isotrail.projections.tables import Index, Table

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
# The tables' shape: raised whenever a release changes what they hold (see audit_tables.AUDIT_SHAPE).
TIMELINE_SHAPE = 7  # 2: the minutes' signatories; a rejection without a new deadline; 3: "điểm không phù hợp";
# 4: "Thêm cơ quan vào danh mục", a draft without its number; 5: a lineage event's decision, units joining;
# 6: a carry-over names the later plan (and the successor unit), a carried-over nonconformity's re-check;
# 7: a predecessor's notification ids in bands rising with the order of the merges (domain/lineage.py)
