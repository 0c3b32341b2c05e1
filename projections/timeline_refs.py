"""Which unit and programme a timeline row concerns, from the references the timeline keeps: a unit's name,
a programme's plan number, an inspection's unit and programme. The events that make a reference, or that
concern a unit other than their aggregate's, have a function here; any other event concerns what its
aggregate's reference says."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from isotrail.projections.event_record import EventRecord

Refs = dict[UUID, dict[str, Any]]


def _unit_named(refs: Refs, changed: set[UUID], e: EventRecord) -> tuple[Any, Any]:
    refs[e.aggregate_id] = {"aggregate_id": e.aggregate_id, "unit_id": e.aggregate_id, "programme_id": None,
                            "label": e.name}
    changed.add(e.aggregate_id)
    return e.aggregate_id, None


def _plan_numbered(refs: Refs, changed: set[UUID], e: EventRecord) -> tuple[Any, Any]:
    refs[e.aggregate_id] = {"aggregate_id": e.aggregate_id, "unit_id": None, "programme_id": e.aggregate_id,
                            "label": e.plan_number}
    changed.add(e.aggregate_id)
    return None, e.aggregate_id


def _inspection_scheduled(refs: Refs, changed: set[UUID], e: EventRecord) -> tuple[Any, Any]:
    unit_id, programme_id = e.get("unit_id"), e.get("programme_id")
    refs[e.aggregate_id] = {"aggregate_id": e.aggregate_id, "unit_id": unit_id, "programme_id": programme_id,
                            "label": None}
    changed.add(e.aggregate_id)
    return unit_id, programme_id


CONCERNS: dict[str, Callable[[Refs, set[UUID], EventRecord], tuple[Any, Any]]] = {
    "Unit.Registered": _unit_named,
    "Unit.Renamed": _unit_named,
    "Programme.Drafted": _plan_numbered,
    "Programme.PlanDetailsCorrected": _plan_numbered,
    "Inspection.Scheduled": _inspection_scheduled,
    "Programme.UnitAddedToScope": lambda refs, changed, e: (e.get("entry")["unit_id"], e.aggregate_id),
    "Programme.UnitRemovedFromScope": lambda refs, changed, e: (e.get("unit_id"), e.aggregate_id),
}
