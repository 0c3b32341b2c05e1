"""Stored events as the read side sees them: rows of a tenant's event table, decoded without an Application.

The state is eventsourcing's compact JSON; values of our own types are ``{"_type_": name, "_data_": …}``
(see ``services/transcodings.py`` for the names). Topics are taken from the domain's event classes,
so a renamed event class breaks here loudly instead of being skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec
from asyncpg.pgproto import pgproto
from eventsourcing.utils import get_topic

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit

_decode = msgspec.json.Decoder().decode

EVENT_KINDS: dict[str, tuple[str, str, str]] = {  # topic → ("Unit.Registered", "Unit", "Registered")
    get_topic(cls): (f"{aggregate.__name__}.{cls.__name__}", aggregate.__name__, cls.__name__)
    for aggregate in (Unit, Programme, Inspection)
    for cls in vars(aggregate).values()
    if isinstance(cls, type) and issubclass(cls, aggregate.Event) and cls is not aggregate.Event
    and cls.__name__ != "Created"
}


def plain(value: Any) -> Any:
    """Unwrap one transcoded value: dates and datetimes stay ISO strings, UUIDs become UUIDs (asyncpg's
    own subclass, equal to and hashed like ``uuid.UUID``, made and sent to PostgreSQL eight times cheaper)."""
    if isinstance(value, dict) and "_type_" in value:
        kind, data = value["_type_"], value["_data_"]
        if kind == "uuid_hex":
            return pgproto.UUID(data)
        if kind in ("date_iso", "datetime_iso"):
            return data
        return {key: plain(item) for key, item in data.items()} if isinstance(data, dict) else data
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def _unknown_kind(topic: str) -> tuple[str, str, str]:
    """An event class the read side does not know (yet): named from its topic, folded by no handler."""
    qualname = topic.rpartition(":")[2]
    aggregate_type, _, event_type = qualname.rpartition(".")
    return qualname, aggregate_type or qualname, event_type


@dataclass(slots=True)
class EventRecord:
    """One notification of a tenant's log, decoded."""

    notification_id: int
    aggregate_id: UUID
    version: int
    kind: str  # "Unit.Registered", "Inspection.MinutesSigned", …
    aggregate_type: str  # "Unit"
    event_type: str  # "Registered"
    state: dict[str, Any]

    @classmethod
    def from_row(cls, row: Any) -> EventRecord:
        """From a row of :func:`select_events_sql`, whose columns come in this order."""
        notification_id, originator_id, version, topic, state = row
        kind, aggregate_type, event_type = EVENT_KINDS.get(topic) or _unknown_kind(topic)
        return cls(notification_id, originator_id, version, kind, aggregate_type, event_type, _decode(state))

    def get(self, name: str) -> Any:
        return plain(self.state[name])

    @property
    def occurred_on(self) -> date:
        return date.fromisoformat(self.state["occurred_on"]["_data_"])

    @property
    def recorded_at(self) -> datetime:
        return datetime.fromisoformat(self.state["timestamp"]["_data_"])

    @property
    def meta(self) -> dict[str, str]:
        return self.state["meta"]["_data_"]


class _Stamp(msgspec.Struct):
    data: str = msgspec.field(name="_data_")


class _Dates(msgspec.Struct):
    """The two dates of a stored event's state; the rest of it is skipped, not decoded."""

    timestamp: _Stamp
    occurred_on: _Stamp


_decode_dates = msgspec.json.Decoder(_Dates).decode


def stored_dates(state: bytes) -> tuple[datetime, date]:
    """(recorded time, business date) of a stored event, from its state alone."""
    dates = _decode_dates(state)
    return datetime.fromisoformat(dates.timestamp.data), date.fromisoformat(dates.occurred_on.data)


def select_events_sql(schema: str, table: str) -> str:
    """Events after a position, in notification order; identifiers come from a validated slug. The columns'
    order is the one :meth:`EventRecord.from_row` takes them in."""
    return (f'SELECT notification_id, originator_id, originator_version, topic, state '
            f'FROM "{schema}"."{table}" WHERE notification_id > $1 ORDER BY notification_id LIMIT $2')
