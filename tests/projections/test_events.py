"""The read side decodes every field of every event kind exactly as the write side stores it.

Each domain event class is instantiated with a value of every field's type, stored with the Application's
own transcoder, and decoded by the read side's payload struct for its topic: every field must come back,
unwrapped (:func:`plain`) as the projections use it. A field added to a domain event without a matching
decoding fails here, not in a projector."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from enum import Enum
from types import UnionType
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints
from uuid import UUID, uuid4

import msgspec
import pytest
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, Mapper, UUIDAsHex
from eventsourcing.utils import resolve_topic

from isotrail.domain.inspection import Inspection
from isotrail.domain.metadata import EventMeta
from isotrail.domain.roles import Role
from isotrail.domain.unit import Unit
from isotrail.projections.event_decoding import _decoder, decode_rows
from isotrail.projections.event_kinds import EVENT_CLASSES, EVENT_TYPES, record_type
from isotrail.projections.event_record import EventRecord
from isotrail.projections.stored_values import plain
from isotrail.services.transcodings import register_transcodings


def decode_row(row: tuple[Any, ...]) -> EventRecord:
    return decode_rows([row])[0]


def _mapper() -> Mapper:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):  # eventsourcing's own, as Application's
        transcoder.register(transcoding)
    register_transcodings(transcoder)
    return Mapper(transcoder=transcoder)


def _sample(hint: Any, n: int, *, optional_as_none: bool) -> Any:
    """A value of type ``hint`` (the n-th of its kind)."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        if optional_as_none:
            return None
        (hint,) = (arg for arg in args if arg is not type(None))
        return _sample(hint, n, optional_as_none=optional_as_none)
    if origin is list:
        return [_sample(args[0], n + i, optional_as_none=optional_as_none) for i in range(2)]
    samples = {str: f"Giá trị số {n} có dấu", int: n, bool: True, UUID: uuid4(),
               date: date(2020, 6, 1 + n % 28), datetime: datetime(2020, 6, 2, 8, n % 60, tzinfo=UTC)}
    if hint in samples:
        return samples[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return list(hint)[n % len(hint)]
    assert dataclasses.is_dataclass(hint), hint
    hints = get_type_hints(hint)
    return hint(**{f.name: _sample(hints[f.name], n + i, optional_as_none=optional_as_none)
                   for i, f in enumerate(dataclasses.fields(hint))})


def _expected(value: Any) -> Any:
    """What :func:`plain` gives for a domain value: ISO text for dates, values for enums, dicts for records."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value):
        return {f.name: _expected(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_expected(item) for item in value]
    return value


ENVELOPE = {"originator_id", "originator_version", "originator_topic", "timestamp", "occurred_on", "meta"}


def _event(cls: type, *, optional_as_none: bool) -> Any:
    hints = get_type_hints(cls)
    values = {f.name: _sample(hints[f.name], i, optional_as_none=optional_as_none)
              for i, f in enumerate(dataclasses.fields(cls)) if f.name not in ENVELOPE}
    values.update(originator_id=uuid4(), originator_version=3, timestamp=datetime(2026, 12, 1, 17, 24, 49, 314634, UTC),
                  occurred_on=date(2020, 6, 2), meta=EventMeta("auditor-1", Role.AUDITOR, "soc_trang", "req-42"))
    if "originator_topic" in hints:
        values["originator_topic"] = "isotrail.domain.unit:Unit"
    return cls(**values)


@pytest.mark.parametrize("optional_as_none", [False, True], ids=["optional-set", "optional-none"])
@pytest.mark.parametrize("topic", sorted(EVENT_TYPES), ids=lambda topic: topic.rpartition(":")[2])
def test_every_field_of_every_event_kind_decodes_as_stored(topic: str, optional_as_none: bool) -> None:
    event = _event(resolve_topic(topic), optional_as_none=optional_as_none)
    stored = _mapper().to_stored_event(event)
    assert stored.topic == topic
    record = decode_row((7, stored.originator_id, stored.originator_version, stored.topic, stored.state))
    assert type(record) is EVENT_TYPES[topic]
    assert (record.notification_id, record.aggregate_id, record.version) == (7, event.originator_id, 3)
    assert record.event_kind == f"{record.aggregate_type}.{record.event_type}"
    assert record.event_type == topic.rpartition(".")[2]  # and the aggregate's name, for one its base records:
    assert record.aggregate_type == EVENT_CLASSES[topic][0].__name__  # InspectionRecords' are Inspection's
    assert record.iso("occurred_on") == event.occurred_on.isoformat()
    assert datetime.fromisoformat(record.timestamp.iso) == event.timestamp
    meta = record.meta.data
    assert (meta.actor_id, meta.role, meta.correlation_id) == ("auditor-1", "auditor", "req-42")
    fields = [f.name for f in dataclasses.fields(event) if f.name not in ENVELOPE]
    assert fields, topic
    for name in fields:
        assert record.get(name) == _expected(getattr(event, name)), name


@dataclasses.dataclass(frozen=True)
class _LaterVersion:
    """An event class as a later release might declare it: new fields with defaults."""

    timestamp: datetime
    occurred_on: date
    meta: EventMeta
    name: str
    note: str | None = None
    tags: list[str] = dataclasses.field(default_factory=list)


def test_a_field_added_with_a_default_decodes_from_events_stored_before_it() -> None:
    older = ('{"timestamp":{"_type_":"datetime_iso","_data_":"2026-12-01T17:24:49+00:00"},'
             '"occurred_on":{"_type_":"date_iso","_data_":"2020-06-02"},"meta":{"_type_":"event_meta",'
             '"_data_":{"actor_id":"a","role":"auditor","tenant":"t","correlation_id":"c"}},'
             '"name":"Sở Nội vụ","removed_since":1}').encode()
    payload = msgspec.json.Decoder(record_type(Unit, _LaterVersion)).decode(older)
    assert (payload.name, payload.note, payload.tags) == ("Sở Nội vụ", None, [])
    assert plain(payload.occurred_on) == "2020-06-02"


def test_an_event_missing_a_field_without_default_is_refused_loudly() -> None:
    stored = _mapper().to_stored_event(_event(resolve_topic(sorted(EVENT_TYPES)[0]), optional_as_none=False))
    state = msgspec.json.decode(stored.state)
    state.pop(next(name for name in state if name not in ENVELOPE))
    with pytest.raises(msgspec.ValidationError, match="missing required field"):
        decode_row((1, stored.originator_id, 1, stored.topic, msgspec.json.encode(state)))


def test_an_event_kind_the_read_side_does_not_know_keeps_its_envelope_and_name() -> None:
    renamed = _mapper().to_stored_event(_event(Unit.Renamed, optional_as_none=False))
    row = (9, renamed.originator_id, 4, "isotrail.domain.unit:Unit.Merged", renamed.state)
    record = decode_row(row)
    assert (record.event_kind, record.aggregate_type, record.event_type) == ("Unit.Merged", "Unit", "Merged")
    assert (record.notification_id, record.version, record.iso("occurred_on")) == (9, 4, "2020-06-02")
    assert not hasattr(record, "name")  # its fields are unknown, so skipped
    assert type(decode_row(row)) is type(record)  # made once per topic


def test_a_field_that_would_hide_the_records_own_attribute_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Clashing:
        timestamp: datetime
        occurred_on: date
        meta: EventMeta
        version: int  # the row's column on a record
        get: str  # a method of every record

    with pytest.raises(TypeError, match=r"\['get', 'version'\]"):
        record_type(Unit, Clashing)


@dataclasses.dataclass(frozen=True)
class _SignedV2:
    """An event class whose second version added a field, with eventsourcing's upcast for the first."""

    class_version: ClassVar[int] = 2
    timestamp: datetime
    occurred_on: date
    meta: EventMeta
    minutes_number: str
    witness: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["witness"] = "không rõ"


def test_an_event_stored_before_its_class_version_was_raised_is_upcast_as_the_write_side_does() -> None:
    decode = _decoder(_SignedV2, record_type(Inspection, _SignedV2))
    envelope = ('"timestamp":{"_type_":"datetime_iso","_data_":"2026-12-01T17:24:49+00:00"},'
                '"occurred_on":{"_type_":"date_iso","_data_":"2020-06-02"},"meta":{"_type_":"event_meta",'
                '"_data_":{"actor_id":"a","role":"auditor","tenant":"t","correlation_id":"c"}}')
    v1 = decode(f'{{{envelope},"minutes_number":"BBKT-1"}}'.encode())
    v2 = decode(f'{{{envelope},"class_version":2,"minutes_number":"BBKT-2","witness":"Bà Lâm"}}'.encode())
    assert (v1.minutes_number, v1.witness) == ("BBKT-1", "không rõ")
    assert (v2.minutes_number, v2.witness) == ("BBKT-2", "Bà Lâm")
    assert v1.iso("occurred_on") == "2020-06-02"


def test_an_event_that_does_not_decode_is_named_in_the_error() -> None:
    topic = next(iter(EVENT_TYPES))
    with pytest.raises(msgspec.ValidationError, match=rf"notification 42 \({topic}\)"):
        decode_row((42, uuid4(), 1, topic, b'{"timestamp": 1}'))
