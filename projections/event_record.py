"""One notification of a tenant's log as the read side folds it: an :class:`EventRecord`, whose subclass
per event kind event_kinds.py makes and event_decoding.py fills."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

import msgspec

from isotrail.projections.stored_values import Stamp, plain


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
    domain class's fields (:func:`~isotrail.projections.event_kinds.record_type`); fields the read side
    does not know are skipped.

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
        """A field's value unwrapped (:func:`~isotrail.projections.stored_values.plain`)."""
        return plain(getattr(self, name))

    def iso(self, name: str) -> str | None:
        """A date field's ISO text; None when it is unset or the event has no such field."""
        value = getattr(self, name, None)
        return value.iso if value is not None else None


def first_events(events: list[EventRecord]) -> dict[UUID, EventRecord]:
    """Each aggregate's first event among ``events``, by aggregate id."""
    return {event.aggregate_id: event for event in reversed(events)}  # type: ignore[misc]
