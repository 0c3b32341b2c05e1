"""Time travel: an aggregate as it stood at a version, a recorded time or a business date.

Events are immutable and ordered per aggregate, so the state "as of" a moment is the fold of a prefix
of its stream: up to a version; up to the last event recorded at or before a time; or up to the last
event before the first one whose business date (``occurred_on``) is after a date. A business date
that a later event back-dates is therefore not reached into: what is shown never includes anything
dated after the date asked for, and the prefix keeps every fold a state the aggregate really had.

Which version a time or date selects is read from the timeline read model, indexed by aggregate, for
the events it holds; the few it has not folded yet (the projector's lag, usually none) are read from
the event table and their dates decoded here. So the write side carries no index for time travel (two
expression indexes on the event table cost 14 % of the commands/s, measured). That version is then
loaded from the nearest snapshot at or below it plus the events after it (see ``tenant_application.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.errors import IsotrailError
from isotrail.domain.identifiers import quoted
from isotrail.domain.input_errors import InvalidValueError
from isotrail.services.application import TenantApplicationBase
from isotrail.services.scoping import UnitScope

A = TypeVar("A", bound=IsotrailAggregate)

_DATE_COLUMNS = ("recorded_at", "occurred_on")  # the timeline's columns, in _stored_dates() order
# One statement, so one snapshot: read apart, a projector committing in between made the first find no
# row past the bound and the second count the rows it had just written (a version too late). One pass
# over the aggregate's rows, which the timeline indexes by aggregate.
_TIMELINE = ("SELECT min(version) FILTER (WHERE {column} > %(bound)s) AS past, "
             "coalesce(max(version), 0) AS projected FROM {table} WHERE aggregate_id = %(id)s")
_UNPROJECTED = ("SELECT originator_version, state FROM {table} WHERE originator_id = %s AND originator_version > %s "
                "ORDER BY originator_version")


def _stored_dates(state: bytes) -> tuple[datetime, date]:
    """(recorded time, business date) of a stored event, from its state alone: eventsourcing's JSON, dates in
    ``{"_type_": …, "_data_": iso}`` wrappers (services/transcodings.py)."""
    values = json.loads(state)
    return (datetime.fromisoformat(values["timestamp"]["_data_"]),
            date.fromisoformat(values["occurred_on"]["_data_"]))


class AsOfSelectorError(IsotrailError):
    """Time travel needs exactly one of a recorded time, a version or a business date."""

    code = "as_of_selector"
    field = "asOf"
    template_vi = "Cần đúng một trong asOf (thời điểm ghi nhận), asOfVersion (phiên bản) hoặc " \
                  "asOfOccurredOn (ngày nghiệp vụ); đã nhận {given}."
    template_en = "Give exactly one of asOf (recorded time), asOfVersion (version) or " \
                  "asOfOccurredOn (business date); got {given}."


def _version_as_of(app: TenantApplicationBase, aggregate_id: UUID, column: str, bound: Any) -> int | None:
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
        cursor.execute(_UNPROJECTED.format(table=quoted(storage.schema, storage.events_table)),
                       (aggregate_id, projected))
        last, which = projected or None, _DATE_COLUMNS.index(column)
        for row in cursor:
            if _stored_dates(row["state"])[which] > bound:
                return row["originator_version"] - 1
            last = row["originator_version"]
        return last


def as_of(
    app: TenantApplicationBase, cls: type[A], aggregate_id: UUID, not_found: Callable[[], Exception], *,
    at: datetime | None = None, version: int | None = None, occurred_on: date | None = None,
    scope: UnitScope | None = None,
) -> A:
    """The aggregate as of exactly one of: a recorded time ``at``, a ``version``, a business date ``occurred_on``.

    A ``scope`` confined to one unit refuses another unit's stream before anything is folded."""
    given = [name for name, value in (("asOf", at), ("asOfVersion", version), ("asOfOccurredOn", occurred_on))
             if value is not None]
    if len(given) != 1:
        raise AsOfSelectorError(given=", ".join(given) or "không có / none")
    if version is not None and version < 1:
        raise InvalidValueError(field_name="asOfVersion", reason_vi="phải từ 1 trở lên", reason_en="must be ≥ 1")
    _require_stream(app, aggregate_id, scope)
    if at is not None:
        if at.tzinfo is None:
            raise InvalidValueError(field_name="asOf", reason_vi="phải có múi giờ", reason_en="must carry a time zone")
        version = _version_as_of(app, aggregate_id, "recorded_at", at)
    elif occurred_on is not None:
        version = _version_as_of(app, aggregate_id, "occurred_on", occurred_on)
    if not version:
        raise not_found()
    try:
        aggregate = app.repository.get(aggregate_id, version=version)
    except AggregateNotFoundError:
        raise not_found() from None
    if not isinstance(aggregate, cls):
        raise not_found()
    return aggregate


def history(app: TenantApplicationBase, aggregate_id: UUID, scope: UnitScope) -> list[Any]:
    """Every event of one aggregate that ``scope`` may read, oldest first (another unit's stream is
    refused from its first event, before the rest is read)."""
    _require_stream(app, aggregate_id, scope)
    return scope.events(app.events.get(aggregate_id))


def _require_stream(app: TenantApplicationBase, aggregate_id: UUID, scope: UnitScope | None) -> None:
    """Refuse, from its first event alone (one indexed row), a stream the caller's unit scope excludes."""
    if scope is not None and scope.unit_id is not None:
        scope.require_stream(next(iter(app.events.get(aggregate_id, lte=1)), None))
