"""The base of every isotrail aggregate: each event carries its business date and its metadata."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from isotrail.domain.metadata import EventMeta, current_meta


class IsotrailAggregate(Aggregate):
    """Stamps the recording context on every event, and requires a business date on each.

    ``occurred_on`` is when the thing happened in the world (bitemporal: the event's ``timestamp`` is
    when it was recorded). ``meta`` says who recorded it, in which role, for which tenant and request.
    """

    class Event(Aggregate.Event):
        occurred_on: date
        meta: EventMeta

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:  # noqa: A002
        return super()._create(event_class, id=id, meta=current_meta(), **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        super().trigger_event(event_class, meta=current_meta(), **kwargs)
