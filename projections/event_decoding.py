"""Rows of a tenant's event table decoded into records (event_record.py) without an Application: each
topic's state by its kind's decoder, upcast when stored by an older class version, its text made writable
(writable.py) when it holds what PostgreSQL cannot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from isotrail.projections.event_kinds import EVENT_CLASSES, EVENT_TYPES, record_kind
from isotrail.projections.event_record import EventRecord
from isotrail.projections.writable import BACKSLASH, NUL_ESCAPE, writable_json


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


_DECODERS: dict[str, Callable[[bytes], EventRecord]] = {
    topic: _decoder(EVENT_CLASSES[topic][1], kind) for topic, kind in EVENT_TYPES.items()}


def _unknown_kind(topic: str) -> Callable[[bytes], EventRecord]:
    """An event class the read side does not know (yet): named from its topic, folded by no handler."""
    decode = _DECODERS[topic] = msgspec.json.Decoder(record_kind(topic.rpartition(":")[2], [])).decode
    return decode


def decode_rows(rows: list[Any]) -> list[EventRecord]:
    """Rows of :attr:`~isotrail.projections.event_log.LogStatements.select` (columns in this order),
    decoded, their text made writable (see writable.py) when it holds what PostgreSQL cannot."""
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
