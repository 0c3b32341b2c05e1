"""Stored events as the read side sees them: rows of a tenant's event table, decoded without an Application.

The state is eventsourcing's compact JSON; values of our own types are ``{"_type_": name, "_data_": …}``
(see ``services/transcodings.py`` for the names). Topics are taken from the domain's event classes,
so a renamed event class breaks here loudly instead of being skipped silently; so is each kind's record
type, made from its class's fields: a field the domain adds is decoded without a change here, and events
stored before it must have it, from the field's default or from the class's upcast (``class_version``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from types import UnionType
from typing import Any, ClassVar, NamedTuple, Union, get_args, get_origin, get_type_hints
from uuid import UUID

import msgspec
from asyncpg.pgproto import pgproto
from eventsourcing.utils import get_topic

from isotrail.domain.identifiers import quoted
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.projections.writable import BACKSLASH, NUL_ESCAPE, writable_json


class Stamp(msgspec.Struct, gc=False):
    """A stored date or datetime, ``{"_type_": "date_iso", "_data_": "2020-06-02"}``: its ISO text."""

    iso: str = msgspec.field(name="_data_")

    def plain(self) -> str:
        return self.iso


class Hex(msgspec.Struct, gc=False):
    """A stored UUID, ``{"_type_": "uuid_hex", "_data_": "…"}``: its 32 hex digits."""

    hex: str = msgspec.field(name="_data_")

    def plain(self) -> UUID:
        return pgproto.UUID(self.hex)


class Meta(msgspec.Struct, gc=False):
    """Who recorded an event, in which role, for which request (the domain's ``EventMeta``)."""

    actor_id: str
    role: str
    correlation_id: str


class _StoredMeta(msgspec.Struct, gc=False):
    data: Meta = msgspec.field(name="_data_")


class EventRecord(msgspec.Struct, gc=False, kw_only=True):
    """One notification of a tenant's log, decoded: the row's ids, then the event's state, whose fields
    are attributes (``e.name``, ``e.occurred_on.iso``). Each event kind is a subclass made from its
    domain class's fields (:func:`record_type`); fields the read side does not know are skipped.

    One struct per event, not dicts nor a record wrapping them: a third of the objects, made and freed
    three times faster (the largest cost of a catch-up, measured). No record holds a reference cycle,
    hence ``gc=False``.
    """

    event_kind: ClassVar[str] = ""  # "Unit.Registered", "Inspection.MinutesSigned", …
    aggregate_type: ClassVar[str] = ""  # "Unit"
    event_type: ClassVar[str] = ""  # "Registered"

    notification_id: int = 0  # these three come from the row's columns, not from the state
    aggregate_id: UUID | None = None
    version: int = 0
    timestamp: Stamp
    occurred_on: Stamp
    meta: _StoredMeta

    def get(self, name: str) -> Any:
        """A field's value unwrapped (:func:`plain`)."""
        return plain(getattr(self, name))

    def iso(self, name: str) -> str | None:
        """A date field's ISO text; None when it is unset or the event has no such field."""
        value = getattr(self, name, None)
        return value.iso if value is not None else None


_ENVELOPE = {"originator_id", "originator_version", "originator_topic", *EventRecord.__struct_fields__}


def _stored_type(hint: Any) -> Any:
    """How a value of a domain event's field is stored: dates and UUIDs in their wrappers, JSON's own
    types as they are, the domain's value types (``{"_type_": name, "_data_": …}``) left to :func:`plain`."""
    if hint in (date, datetime):
        return Stamp
    if hint is UUID:
        return Hex
    if hint in (str, int, bool, float):
        return hint
    args = get_args(hint)
    if get_origin(hint) is list:
        return list[_stored_type(args[0])]  # type: ignore[misc]
    if get_origin(hint) in (Union, UnionType) and type(None) in args:
        (value,) = (arg for arg in args if arg is not type(None))
        return _stored_type(value) | None
    return Any


def _default(field: dataclasses.Field[Any]) -> tuple[Any, ...]:
    """A field the domain class gives a default may be missing from events stored before it existed."""
    if field.default is not dataclasses.MISSING:
        return (field.default,)
    if field.default_factory is not dataclasses.MISSING:
        return (msgspec.field(default_factory=field.default_factory),)
    return ()


def _kind(name: str, fields: list[Any]) -> type[EventRecord]:
    """The record type of the event kind ``name`` ("Unit.Registered")."""
    aggregate_type, _, event_type = name.rpartition(".")
    return msgspec.defstruct(name.replace(".", "_"), fields, bases=(EventRecord,), gc=False, namespace={
        "event_kind": name, "aggregate_type": aggregate_type or name, "event_type": event_type})


# What a domain event's own field may not be called: the record's attributes, methods and row columns.
_RESERVED = {name for name in dir(EventRecord) if not name.startswith("_")} - {"timestamp", "occurred_on", "meta"}


def record_type(aggregate: type, event_class: type) -> type[EventRecord]:
    """The record type of one domain event class, from its fields."""
    hints = get_type_hints(event_class)
    names = {field.name for field in dataclasses.fields(event_class)}
    if clashes := names & _RESERVED:
        raise TypeError(f"{event_class.__qualname__}: field(s) {sorted(clashes)} would hide EventRecord's own; "
                        "rename them (the read side reads events as EventRecord subclasses)")
    fields = [(field.name, _stored_type(hints[field.name]), *_default(field))
              for field in dataclasses.fields(event_class) if field.name not in _ENVELOPE]
    return _kind(f"{aggregate.__name__}.{event_class.__name__}", fields)


def _decoder(event_class: type, kind: type[EventRecord]) -> Callable[[bytes], EventRecord]:
    """Decodes one kind's stored state; an event stored before its class's ``class_version`` was raised is
    upcast first, by the class's own ``upcast_vN_vN+1``, as eventsourcing's mapper does (here on the stored
    JSON's values: dates and UUIDs still in their ``{"_type_": …}`` wrappers)."""
    decode = msgspec.json.Decoder(kind).decode
    class_version = getattr(event_class, "class_version", 1)
    if class_version == 1:
        return decode
    as_dict = msgspec.json.Decoder(dict[str, Any]).decode

    def upcast_and_decode(state: bytes) -> EventRecord:
        values = as_dict(state)
        stored_version = values.pop("class_version", 1)
        for version in range(stored_version, class_version):
            getattr(event_class, f"upcast_v{version}_v{version + 1}")(values)
        return msgspec.convert(values, kind)
    return upcast_and_decode


_EVENT_CLASSES = {get_topic(cls): (aggregate, cls) for aggregate in (Unit, Programme, Inspection)
                  for cls in vars(aggregate).values()
                  if isinstance(cls, type) and issubclass(cls, aggregate.Event) and cls is not aggregate.Event
                  and cls.__name__ != "Created"}
EVENT_TYPES: dict[str, type[EventRecord]] = {  # topic → record type
    topic: record_type(aggregate, cls) for topic, (aggregate, cls) in _EVENT_CLASSES.items()}
_DECODERS: dict[str, Callable[[bytes], EventRecord]] = {
    topic: _decoder(_EVENT_CLASSES[topic][1], kind) for topic, kind in EVENT_TYPES.items()}


def _unknown_kind(topic: str) -> Callable[[bytes], EventRecord]:
    """An event class the read side does not know (yet): named from its topic, folded by no handler."""
    decode = _DECODERS[topic] = msgspec.json.Decoder(_kind(topic.rpartition(":")[2], [])).decode
    return decode


def decode_rows(rows: list[Any]) -> list[EventRecord]:
    """Rows of :attr:`LogStatements.select` (columns in this order), decoded, their text made writable (see
    writable.py) when it holds what PostgreSQL cannot."""
    decoders, events, nul = _DECODERS, [], NUL_ESCAPE
    append = events.append
    for notification_id, originator_id, version, topic, state in rows:
        decode = decoders.get(topic) or _unknown_kind(topic)
        try:  # a state without a backslash has no escape at all: one memchr (20 ns), where the search took 300
            event = decode(_rewritten(state) if BACKSLASH in state and nul in state else state)
        except msgspec.DecodeError as error:  # ValidationError too
            event = _decoded_leniently(decode, state, notification_id, topic, error)
        event.notification_id = notification_id
        event.aggregate_id = originator_id
        event.version = version
        append(event)
    return events


def _rewritten(state: bytes) -> bytes:
    return msgspec.json.encode(writable_json(state))


def _decoded_leniently(decode: Callable[[bytes], EventRecord], state: bytes, notification_id: int, topic: str,
                       error: msgspec.DecodeError) -> EventRecord:
    """A state msgspec refused: a lone surrogate escape, say, which Python's json reads. Raises the refusal,
    naming the event (``notification_id`` on it too), when the state is not JSON or does not fit its kind."""
    try:
        return decode(_rewritten(state))
    except (ValueError, msgspec.DecodeError):  # not JSON at all; or not this kind's fields
        refused = type(error)(f"notification {notification_id} ({topic}): {error}")
        refused.notification_id = notification_id  # type: ignore[attr-defined]
        raise refused from error


def first_events(events: list[EventRecord]) -> dict[UUID, EventRecord]:
    """Each aggregate's first event among ``events``, by aggregate id."""
    return {event.aggregate_id: event for event in reversed(events)}  # type: ignore[misc]


_WRAPPERS = (Hex, Stamp)


def plain(value: Any) -> Any:
    """Unwrap one stored value: dates and datetimes stay ISO strings, UUIDs become UUIDs (asyncpg's
    own subclass, equal to and hashed like ``uuid.UUID``, made and sent to PostgreSQL eight times cheaper)."""
    if type(value) in _WRAPPERS:
        return value.plain()
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


class LogStatements(NamedTuple):
    """What the read side asks of a tenant's notification log."""

    select: str  # the events after $1, at most $2, in notification order; columns as decode_rows takes them
    last: str  # the last notification id (0 for an empty log)


@lru_cache(maxsize=4096)
def event_log(storage: Tenant) -> LogStatements:
    """The tenant's log statements, built on first use and kept."""
    table = quoted(storage.schema, storage.events_table)
    return LogStatements(
        select=("SELECT notification_id, originator_id, originator_version, topic, state "
                f"FROM {table} WHERE notification_id > $1 ORDER BY notification_id LIMIT $2"),
        last=f"SELECT coalesce(max(notification_id), 0) FROM {table}")
