"""A unit's lineage events carry the decision that ordered them (issue 17): registered from predecessors,
renamed, dissolved into successors, and an existing unit taking over others' duties; events stored before the
decision existed read as ordered by none."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.unit import Unit
from isotrail.domain.unit_errors import UnitAlreadyPredecessorError
from isotrail.domain.unit_values import Decision, UnitKind

JULY_2025 = date(2025, 7, 1)
DECISION = Decision(" 1234 / QĐ-UBND ", date(2025, 6, 30))


def _unit(code: str = "STP") -> Unit:
    return Unit.register(tenant="can_tho", code=code, name="Sở Tư pháp thành phố Cần Thơ",
                         kind=UnitKind.PROVINCIAL_DEPARTMENT, occurred_on=date(2010, 1, 1))


def test_each_lineage_event_records_the_decision_cleaned_and_its_effective_date_as_its_business_date() -> None:
    old = _unit("OLD")
    old.rename("Sở Tư pháp (cũ)", occurred_on=JULY_2025, decision=DECISION)
    new = Unit.register(tenant="can_tho", code="NEW", name="Sở Nội vụ", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                        occurred_on=JULY_2025, predecessor_ids=[old.id], decision=DECISION)
    old.dissolve(occurred_on=JULY_2025, reason="Hợp nhất", successor_ids=[new.id], decision=DECISION)
    events = [*old.collect_events(), *new.collect_events()]
    recorded = [event for event in events if type(event) in (Unit.Renamed, Unit.Dissolved, Unit.Registered)
                and event.originator_id in (old.id, new.id) and getattr(event, "decision", None)]
    assert len(recorded) == 3
    assert {event.decision for event in recorded} == {Decision("1234/QĐ-UBND", date(2025, 6, 30))}
    assert {event.occurred_on for event in recorded} == {JULY_2025}


def test_an_existing_unit_takes_over_its_predecessors_duties_once_and_never_its_own() -> None:
    unit = _unit()
    first, second = uuid4(), uuid4()
    unit.absorb([first, second, first], occurred_on=JULY_2025, decision=DECISION)
    assert unit.predecessor_ids == [first, second] and unit.last_changed_on == JULY_2025
    joined = unit.collect_events()[-1]
    assert isinstance(joined, Unit.PredecessorsJoined) and joined.predecessor_ids == [first, second]
    for again in ([first], [unit.id]):
        with pytest.raises(UnitAlreadyPredecessorError):
            unit.absorb(again, occurred_on=JULY_2025)
    with pytest.raises(InvalidValueError):
        unit.absorb([uuid4()], occurred_on=JULY_2025, decision=Decision("\x00", date(2025, 6, 30)))


def test_lineage_events_stored_before_the_decision_existed_upcast_to_none() -> None:
    for event_class in (Unit.Registered, Unit.Renamed, Unit.Dissolved):
        state: dict[str, object] = {"name": "x"}
        event_class.upcast_v1_v2(state)
        assert state["decision"] is None and event_class.class_version == 2
