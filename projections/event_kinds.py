"""The record type of each domain event class, made from its fields.

Topics are taken from the domain's event classes, so a renamed event class breaks here loudly instead of
being skipped silently; so is each kind's record type, made from its class's fields: a field the domain
adds is decoded without a change here, and events stored before it must have it, from the field's default
or from the class's upcast (``class_version``, event_decoding.py).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.document_template import DocumentTemplate
from isotrail.domain.inspection import Inspection
from isotrail.domain.issued_document import IssuedDocument
from isotrail.domain.programme import Programme
from isotrail.domain.unit import Unit
from isotrail.projections.event_record import EventRecord
from isotrail.projections.stored_values import Hex, Stamp

_ENVELOPE = {"originator_id", "originator_version", "originator_topic", *EventRecord.__struct_fields__}


def _stored_type(hint: Any) -> Any:
    """How a value of a domain event's field is stored: dates and UUIDs in their wrappers, JSON's own
    types as they are, the domain's value types (``{"_type_": name, "_data_": …}``) left to ``plain``."""
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


def record_kind(name: str, fields: list[Any]) -> type[EventRecord]:
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
    return record_kind(f"{aggregate.__name__}.{event_class.__name__}", fields)


def _event_classes(aggregate: type) -> dict[str, type]:
    """The event classes ``aggregate`` records, by name: its own, and those of the base aggregate it extends
    (``InspectionRecords``), whose class — not the subclass eventsourcing derives from it — is the one
    triggered and stored."""
    found: dict[str, type] = {}
    for klass in reversed(aggregate.__mro__):
        for name, cls in vars(klass).items():
            if (isinstance(cls, type) and issubclass(cls, IsotrailAggregate.Event) and name not in ("Event", "Created")
                    and name not in found):
                found[name] = cls
    return found


AGGREGATES = (Unit, Programme, Inspection, DocumentTemplate, IssuedDocument)
EVENT_CLASSES = {get_topic(cls): (aggregate, cls) for aggregate in AGGREGATES
                 for cls in _event_classes(aggregate).values()}
EVENT_TYPES: dict[str, type[EventRecord]] = {  # topic → record type
    topic: record_type(aggregate, cls) for topic, (aggregate, cls) in EVENT_CLASSES.items()}


def kind_of_event(event: object) -> str:
    """The kind of a domain event ("Unit.Registered"; "Inspection.DecisionIssued" for one its base records)."""
    return EVENT_TYPES[get_topic(type(event))].event_kind
