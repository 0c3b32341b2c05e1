"""Which version of an aggregate a recorded time or a business date selects, for time travel
(services/history.py): the version before the first event dated past it, else the last one.

It is read from the timeline read model, indexed by aggregate, for the events it holds; the few it has not
folded yet (the projector's lag, usually none) are read from the event store (the tenant's own, and for a stream
begun in a predecessor, that one's: services/lineage_store.py) and their dates decoded here.
So the write side carries no index for time travel (two expression indexes on the event table cost 14 % of
the commands/s, measured).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from isotrail.domain.identifiers import quoted
from isotrail.services.application import TenantApplicationBase

_DATE_COLUMNS = ("recorded_at", "occurred_on")  # the timeline's columns, in _stored_dates() order
# One statement, so one snapshot: read apart, a projector committing in between made the first find no
# row past the bound and the second count the rows it had just written (a version too late). One pass
# over the aggregate's rows, which the timeline indexes by aggregate.
_TIMELINE = ("SELECT min(version) FILTER (WHERE {column} > %(bound)s) AS past, "
             "coalesce(max(version), 0) AS projected FROM {table} WHERE aggregate_id = %(id)s")


def _stored_dates(state: bytes) -> tuple[datetime, date]:
    """(recorded time, business date) of a stored event, from its state alone: eventsourcing's JSON, dates in
    ``{"_type_": …, "_data_": iso}`` wrappers (services/transcodings.py)."""
    values = json.loads(state)
    return (datetime.fromisoformat(values["timestamp"]["_data_"]),
            date.fromisoformat(values["occurred_on"]["_data_"]))


def version_as_of(app: TenantApplicationBase, aggregate_id: UUID, column: str, bound: Any) -> int | None:
    """The last version of the prefix that ``bound`` selects (0: before the first event; None: no stream):
    the version before the first event whose date ``column`` is past ``bound``, else the last version."""
    storage = app.storage
    timeline = quoted(storage.schema, "rm_timeline")
    with app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        projected = 0
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL AS made", (timeline,))
        if cursor.fetchone()["made"]:
            cursor.execute(_TIMELINE.format(table=timeline, column=quoted(column)),
                           {"id": aggregate_id, "bound": bound})
            found = cursor.fetchone()
            if found["past"] is not None:
                return found["past"] - 1
            projected = found["projected"]
    last, which = projected or None, _DATE_COLUMNS.index(column)
    for stored in app.events.stored(aggregate_id, gt=projected):  # type: ignore[attr-defined]
        if _stored_dates(stored.state)[which] > bound:
            return stored.originator_version - 1
        last = stored.originator_version
    return last
