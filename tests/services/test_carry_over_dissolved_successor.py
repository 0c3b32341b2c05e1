"""A nonconformity is not carried over to a successor that was itself dissolved by then (issue 17, review): its
later programme could never inspect that unit, so the finding, closed in its own inspection as carried over, would
never be re-checked; the unit carrying on now (the successor's successor) is named instead."""

from __future__ import annotations

from datetime import date

from isotrail.domain.reorganisation import ReorganisationRow
from isotrail.domain.unit_values import Decision
from isotrail.services.commands import ReorganiseUnits
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.services.test_carry_over_lineage import Story, _carry, _programme, _refused, story
from tests.services.test_stream_continuation import stored_rows

__all__ = ["story"]  # the fixture


def test_a_carry_over_to_a_successor_dissolved_since_is_refused_and_to_its_successor_accepted(
    registry: TenantRegistry, story: Story, admin: Caller
) -> None:
    with registry.application(story.can_tho) as app:
        code = app.get_unit(story.stranger_id).code
    registry.handle(story.can_tho, admin, ReorganiseUnits(  # Cần Thơ's Sở Tư pháp merged into another in 2026
        decision=Decision("5/QĐ-UBND", date(2025, 12, 30)), occurred_on=date(2026, 1, 1),
        rows=[ReorganisationRow(old_unit_id=story.successor_id, new_code=code)]))
    programme_id = _programme(registry, story.can_tho, admin, 2026, [story.stranger_id])
    before = stored_rows(registry, story.can_tho)
    _refused("unit_dissolved", lambda: _carry(registry, story.can_tho, admin, story, programme_id,
                                               to_unit_id=story.successor_id))
    assert stored_rows(registry, story.can_tho) == before
    _carry(registry, story.can_tho, admin, story, programme_id, to_unit_id=story.stranger_id)
