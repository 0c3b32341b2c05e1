"""Time travel: an aggregate as it stood at a version, a recorded time or a business date.

Events are immutable and ordered per aggregate, so the state "as of" a moment is the fold of a prefix
of its stream: up to a version; up to the last event recorded at or before a time; or up to the last
event before the first one whose business date (``occurred_on``) is after a date. A business date
that a later event back-dates is therefore not reached into: what is shown never includes anything
dated after the date asked for, and the prefix keeps every fold a state the aggregate really had.

Which version a time or date selects is one indexed lookup: two expression indexes on the event
table give each event's recorded time and business date. That version is then loaded from the
nearest snapshot at or below it plus the events after it (see ``tenant_application.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from psycopg import sql

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.errors import InvalidValueError, IsotrailError
from isotrail.services.application import TenantApplicationBase

A = TypeVar("A", bound=IsotrailAggregate)

# The event table's JSON state is written by eventsourcing as UTF-8 text with ``timestamp`` and
# ``occurred_on`` in ISO form with an explicit offset (see transcodings.py), so these are immutable
# for every row they will see, as an index needs; the casts alone are only "stable" in general.
_FUNCTIONS = """
CREATE OR REPLACE FUNCTION {schema}.isotrail_recorded_at(state bytea) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT (convert_from(state, 'UTF8')::json #>> '{{timestamp,_data_}}')::timestamptz $$;
CREATE OR REPLACE FUNCTION {schema}.isotrail_occurred_on(state bytea) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT (convert_from(state, 'UTF8')::json #>> '{{occurred_on,_data_}}')::date $$;
"""
_INDEX = ("CREATE INDEX IF NOT EXISTS {index} ON {schema}.{table} "
          "(originator_id, {schema}.{function}(state), originator_version)")
_INDEXES = {"isotrail_recorded_at": "recorded_idx", "isotrail_occurred_on": "occurred_idx"}
# The prefix ends just before the first event past the bound; with none past it, at the last event.
# "+ 0" keeps the planner from reading min() as a walk of the primary key in version order, which
# evaluates the function on every event of the stream when none is past the bound.
_VERSION_AS_OF = (
    "SELECT coalesce((SELECT min(originator_version + 0) - 1 FROM {schema}.{table} "
    "WHERE originator_id = %(id)s AND {schema}.{function}(state) > %(bound)s), "
    "(SELECT max(originator_version) FROM {schema}.{table} WHERE originator_id = %(id)s)) AS version"
)


class AsOfSelectorError(IsotrailError):
    """Time travel needs exactly one of a recorded time, a version or a business date."""

    code = "as_of_selector"
    field = "asOf"
    template_vi = "Cần đúng một trong asOf (thời điểm ghi nhận), asOfVersion (phiên bản) hoặc " \
                  "asOfOccurredOn (ngày nghiệp vụ); đã nhận {given}."
    template_en = "Give exactly one of asOf (recorded time), asOfVersion (version) or " \
                  "asOfOccurredOn (business date); got {given}."


def ensure_history_indexes(app: TenantApplicationBase) -> None:
    """Create the recorded-time and business-date indexes of the tenant's event table, once."""
    schema, table = app.storage.schema, app.storage.events_table
    names = {function: f"{app.storage.application_name}_{suffix}" for function, suffix in _INDEXES.items()}
    datastore = app.recorder.datastore  # type: ignore[attr-defined]
    with datastore.transaction(commit=False) as cursor:
        cursor.execute("SELECT count(*) AS n FROM pg_indexes WHERE schemaname = %s AND indexname = ANY(%s)",
                       (schema, list(names.values())))
        if cursor.fetchone()["n"] == len(names):
            return
    with datastore.transaction(commit=True) as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('isotrail.history'), hashtext(%s))", (schema,))
        cursor.execute(sql.SQL(_FUNCTIONS).format(schema=sql.Identifier(schema)))
        for function, index in names.items():
            cursor.execute(sql.SQL(_INDEX).format(index=sql.Identifier(index), schema=sql.Identifier(schema),
                                                  table=sql.Identifier(table), function=sql.Identifier(function)))


def _version_as_of(app: TenantApplicationBase, aggregate_id: UUID, function: str, bound: Any) -> int | None:
    """The last version of the prefix that ``bound`` selects (0: before the first event; None: no stream)."""
    statement = sql.SQL(_VERSION_AS_OF).format(schema=sql.Identifier(app.storage.schema),
                                               table=sql.Identifier(app.storage.events_table),
                                               function=sql.Identifier(function))
    with app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        cursor.execute(statement, {"id": aggregate_id, "bound": bound})
        return cursor.fetchone()["version"]


def as_of(
    app: TenantApplicationBase, cls: type[A], aggregate_id: UUID, not_found: Callable[[], Exception], *,
    at: datetime | None = None, version: int | None = None, occurred_on: date | None = None,
) -> A:
    """The aggregate as of exactly one of: a recorded time ``at``, a ``version``, a business date ``occurred_on``."""
    given = [name for name, value in (("asOf", at), ("asOfVersion", version), ("asOfOccurredOn", occurred_on))
             if value is not None]
    if len(given) != 1:
        raise AsOfSelectorError(given=", ".join(given) or "không có / none")
    if version is not None and version < 1:
        raise InvalidValueError(field_name="asOfVersion", reason_vi="phải từ 1 trở lên", reason_en="must be ≥ 1")
    if at is not None:
        if at.tzinfo is None:
            raise InvalidValueError(field_name="asOf", reason_vi="phải có múi giờ", reason_en="must carry a time zone")
        version = _version_as_of(app, aggregate_id, "isotrail_recorded_at", at)
    elif occurred_on is not None:
        version = _version_as_of(app, aggregate_id, "isotrail_occurred_on", occurred_on)
    if not version:
        raise not_found()
    try:
        aggregate = app.repository.get(aggregate_id, version=version)
    except AggregateNotFoundError:
        raise not_found() from None
    if not isinstance(aggregate, cls):
        raise not_found()
    return aggregate


def history(app: TenantApplicationBase, aggregate_id: UUID) -> list[Any]:
    """Every event of one aggregate, oldest first."""
    return list(app.events.get(aggregate_id))
