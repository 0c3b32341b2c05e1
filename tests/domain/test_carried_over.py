"""Art. 37 across years and a merger (domain/carried_over.py): where a nonconformity may be carried over, to which unit,
and its single re-check in the later inspection."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from isotrail.domain.carried_over import CarryOverTarget, RecheckOutcome, carried_to_unit
from isotrail.domain.carried_over_errors import (
    AlreadyRecheckedError,
    NotASuccessorUnitError,
    NotCarriedHereError,
    ProgrammeBeforeMergerError,
    ProgrammeEarlierError,
)
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_errors import InspectionNotConductedError
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.programme_values import InspectionForm, ScopeEntry
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import UnitKind

JULY_2025 = date(2025, 7, 1)


def _unit(tenant: str, code: str) -> Unit:
    return Unit.register(tenant=tenant, code=code, name=f"Sở {code}", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                         occurred_on=date(2010, 1, 1))


def test_a_successor_carries_over_only_to_a_programme_of_a_year_the_merger_has_begun_and_to_a_successor() -> None:
    old, successor, stranger = _unit("soc_trang", "SNV"), _unit("can_tho", "SNV"), _unit("can_tho", "SYT")
    old.dissolve(occurred_on=JULY_2025, reason="Hợp nhất", successor_ids=[successor.id])
    this, later = uuid4(), uuid4()

    def target(year: int, to_unit: Unit | None, **more: object) -> CarryOverTarget:
        return CarryOverTarget(programme_year=year, origin_year=2020, merged_on=JULY_2025, unit=old, to_unit=to_unit,
                               **more)  # type: ignore[arg-type]

    assert carried_to_unit(this, later, target(2026, successor), date(2026, 1, 5)) == successor.id
    assert carried_to_unit(this, later, target(2025, successor), JULY_2025) == successor.id
    with pytest.raises(ProgrammeBeforeMergerError):
        carried_to_unit(this, later, target(2024, successor), date(2026, 1, 5))
    with pytest.raises(ProgrammeEarlierError):
        carried_to_unit(this, later, target(2019, successor), date(2026, 1, 5))
    with pytest.raises(DatesOutOfOrderError):
        carried_to_unit(this, later, target(2025, successor), date(2025, 6, 30))
    with pytest.raises(NotASuccessorUnitError):
        carried_to_unit(this, later, target(2026, stranger), date(2026, 1, 5))
    with pytest.raises(InvalidValueError):  # dissolved: its successor must be named
        carried_to_unit(this, later, target(2026, None), date(2026, 1, 5))
    with pytest.raises(InvalidValueError):
        carried_to_unit(this, this, target(2026, successor), date(2026, 1, 5))
    assert carried_to_unit(this, later, target(2026, stranger, successor_ids=frozenset({stranger.id})),
                           date(2026, 1, 5)) == stranger.id  # a successor's successor


def _later_inspection(unit_id: UUID, programme_id: UUID) -> Inspection:
    return Inspection.schedule(tenant="can_tho", programme_id=programme_id,
                               entry=ScopeEntry(unit_id, InspectionForm.DOSSIER), catalogue_version="x",
                               scheduled_on=date(2026, 4, 1), occurred_on=date(2026, 3, 1))


def test_the_later_inspection_re_checks_a_carried_over_nonconformity_once_and_a_persisting_one_is_raised_anew(
    signed: tuple[Inspection, UUID]
) -> None:
    origin, nonconformity_id = signed
    later_programme = uuid4()
    origin.carry_over(nonconformity_id, to_programme_id=later_programme, occurred_on=date(2021, 1, 4))
    elsewhere = _later_inspection(origin.unit_id, uuid4())
    elsewhere.conduct(inspectors=["X"], occurred_on=date(2026, 4, 1))
    with pytest.raises(NotCarriedHereError):
        elsewhere.recheck_carried_over(origin, nonconformity_id, outcome=RecheckOutcome.RESOLVED, note="N",
                                       occurred_on=date(2026, 4, 1))
    later = _later_inspection(origin.unit_id, later_programme)
    with pytest.raises(InspectionNotConductedError):
        later.recheck_carried_over(origin, nonconformity_id, outcome=RecheckOutcome.RESOLVED, note="N",
                                   occurred_on=date(2026, 4, 1))
    later.conduct(inspectors=["X"], occurred_on=date(2026, 4, 1))
    new_id = later.recheck_carried_over(origin, nonconformity_id, outcome=RecheckOutcome.STILL_NONCONFORMING,
                                        note="Vẫn chưa khắc phục", occurred_on=date(2026, 4, 1))
    new = later.nonconformities[new_id]  # type: ignore[index]
    assert (new.origin_nonconformity_id, new.status, new.description) == (
        nonconformity_id, NonconformityStatus.OPEN, "Vẫn chưa khắc phục")
    with pytest.raises(AlreadyRecheckedError):
        later.recheck_carried_over(origin, nonconformity_id, outcome=RecheckOutcome.RESOLVED, note="N",
                                   occurred_on=date(2026, 4, 2))
    replayed = None
    for event in later.collect_events():
        replayed = event.mutate(replayed)
    assert vars(replayed) == vars(later)
