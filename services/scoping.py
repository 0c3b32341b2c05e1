"""Unit scoping: what of its tenant a caller may read. A unit representative reads its own unit only.

This is the one place that decides it; the request's reader (graphql/reading.py) is the one place that
applies it, to the read models' filters, the event store's streams and the live events. A stream belongs
to a unit when it is that unit's or one of its inspections': a unit representative reads all of its own
streams and nothing of another unit's. A programme belongs to no unit: a unit representative reads its
header (dates, status, approval, report) and, of its scope, only its own unit's entry; of its history,
only the events that name no other unit (a unit added to or removed from the scope names it). Versions
keep their numbers, so the gaps tell how many events were left out, which the programme's summary counts
tell anyway; who recorded them, when and about whom is not.

A refusal is the not-found error of what was asked for (``unit_not_found``, ``inspection_not_found``, …),
the very answer an id that exists nowhere gets, and a stream's is decided from its first event before
anything is folded, so neither the answer nor its time tells whether another unit's inspection exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from uuid import UUID

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.domain.unit import Unit

NotFound = Callable[[], Exception]  # the not-found error of what was asked for


class OfUnit(Protocol):
    """An entry about one unit: a scope entry, a unit left out of a plan."""

    @property
    def unit_id(self) -> UUID: ...


E = TypeVar("E", bound=OfUnit)


@dataclass(frozen=True)
class UnitScope:
    """The unit a caller is confined to (``unit_id``), or the whole tenant (``unit_id`` None)."""

    role: Role
    unit_id: UUID | None = None

    @classmethod
    def of(cls, role: Role, unit_id: UUID | None) -> UnitScope:
        role = Role(role)
        return cls(role, unit_id if role is Role.UNIT_REPRESENTATIVE else None)

    def sees_unit(self, unit_id: UUID | None) -> bool:
        return self.unit_id is None or unit_id == self.unit_id

    def require_unit(self, unit_id: UUID | None, not_found: NotFound) -> None:
        """Raise ``not_found()`` unless the caller may read unit ``unit_id``'s records."""
        if not self.sees_unit(unit_id):
            raise not_found()

    def require_stream(self, first_event: Any | None, not_found: NotFound) -> None:
        """Refuse a stream that is not the caller's, from its first event alone (None: no such stream),
        with ``not_found()``.

        A stream that exists nowhere is refused like another unit's; a programme's belongs to no unit."""
        if self.unit_id is None or isinstance(first_event, Programme.Event):
            return
        owner = None
        if isinstance(first_event, Unit.Event):
            owner = first_event.originator_id
        elif isinstance(first_event, Inspection.Event):
            owner = first_event.unit_id
        self.require_unit(owner, not_found)

    def events(self, events: Iterable[Any]) -> list[Any]:
        """The events of a readable stream that name no other unit."""
        return [e for e in events if self.unit_id is None or _named_units(e) <= {self.unit_id}]

    def scope(self, entries: Iterable[E]) -> list[E]:
        """Of a programme's scope (or the units its approval left out), the entries the caller may read."""
        return [entry for entry in entries if self.sees_unit(entry.unit_id)]


def _named_units(event: Any) -> set[UUID]:
    """The units an event is about, by its ``unit_id``, its scope ``entry``'s or the units an approval left out
    of the plan (``uncovered_units``)."""
    named = {getattr(event, "unit_id", None), getattr(getattr(event, "entry", None), "unit_id", None),
             *(left_out.unit_id for left_out in getattr(event, "uncovered_units", None) or ())}
    return {unit_id for unit_id in named if unit_id is not None}
