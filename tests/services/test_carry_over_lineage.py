"""Art. 37 across the 2025 merger: from Cần Thơ, an open nonconformity of a Sóc Trăng inspection is carried over to a
Cần Thơ programme and to the unit that succeeds the inspected one, recorded on the Sóc Trăng inspection's stream
(continuing in Cần Thơ's store); the later inspection re-checks it, and one still nonconforming is raised afresh,
naming its origin. Everything wrong is a typed error; a third province's ids are not found."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest

from isotrail.domain.carried_over import RecheckOutcome
from isotrail.domain.errors import IsotrailError
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.reorganisation import ReorganisationRow
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import Decision
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    CarryOverNonconformity,
    ConductInspection,
    DraftProgramme,
    RaiseNonconformity,
    RecheckCarriedOverNonconformity,
    ReorganiseUnits,
    ScheduleInspection,
    SignMinutes,
)
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import CATALOGUE, conducted_inspection, decide, fresh_tenant, register_unit
from tests.services.test_stream_continuation import stored_rows

JULY_2025 = date(2025, 7, 1)
SIGNED = date(2020, 6, 2)


@dataclass
class Story:
    soc_trang: Tenant
    can_tho: Tenant
    an_giang: Tenant
    inspection_id: UUID  # Sóc Trăng's 2020 inspection of its department of justice
    old_unit_id: UUID
    nonconformities: list[UUID]  # two, open (minutes signed, no report)
    successor_id: UUID  # Cần Thơ's department of justice, which the Sóc Trăng one merged into
    stranger_id: UUID  # a Cần Thơ unit that succeeds nothing


def _programme(registry: TenantRegistry, tenant: Tenant, admin: Caller, year: int, units: list[UUID]) -> UUID:
    programme_id = registry.handle(tenant, admin, DraftProgramme(
        code=str(year), year=year, title=f"Kiểm tra HTQLCL năm {year}", plan_number=f"12/KH-UBND-{year}",
        plan_date=date(year, 3, 1), legal_basis=[], catalogue_version=CATALOGUE, organiser="Chi cục TĐC",
        occurred_on=date(year, 2, 1))).aggregate_id
    for unit_id in units:
        registry.handle(tenant, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id,
                                                          form=InspectionForm.ON_SITE, occurred_on=date(year, 2, 2)))
    registry.handle(tenant, admin, ApproveProgramme(programme_id=programme_id, approved_by="UBND thành phố",
                                                    occurred_on=date(year, 3, 1)))
    return programme_id


@pytest.fixture
def story(registry: TenantRegistry, admin: Caller) -> Iterator[Story]:
    with (fresh_tenant(registry, "Sở KH&CN tỉnh Sóc Trăng") as soc_trang,
          fresh_tenant(registry, "Sở KH&CN thành phố Cần Thơ") as can_tho,
          fresh_tenant(registry, "Sở KH&CN tỉnh An Giang") as an_giang):
        with registry.application(soc_trang) as app:
            _, inspection_id = conducted_inspection(app, admin, on=SIGNED)
            old_unit_id = app.get_inspection(inspection_id).unit_id
        raised = [registry.handle(soc_trang, admin, RaiseNonconformity(
            inspection_id=inspection_id, item_code=item, description=f"Chưa đạt mục {item}",
            occurred_on=SIGNED)).entity_id for item in ("6.2", "9.2")]
        registry.handle(soc_trang, admin, SignMinutes(
            inspection_id=inspection_id, minutes_number="1/BB-ĐKT", team_leader_signatory="Kiểm tra viên 1",
            unit_signatory="Giám đốc Sở", occurred_on=SIGNED))
        with registry.application(can_tho) as app:
            successor_id = register_unit(app, admin, "Sở Tư pháp thành phố Cần Thơ")
            stranger_id = register_unit(app, admin, "Sở Y tế thành phố Cần Thơ")
        merge_tenants(registry, can_tho, [soc_trang], JULY_2025)
        with registry.application(can_tho) as app:
            code = app.get_unit(successor_id).code
        registry.handle(can_tho, admin, ReorganiseUnits(
            decision=Decision("1759/QĐ-UBND", date(2025, 6, 30)), occurred_on=JULY_2025,
            rows=[ReorganisationRow(old_unit_id=old_unit_id, new_code=code)]))
        yield Story(soc_trang, can_tho, an_giang, inspection_id, old_unit_id, [n for n in raised if n],
                    successor_id, stranger_id)


def _carry(registry: TenantRegistry, tenant: Tenant, admin: Caller, story: Story, programme_id: UUID, *,
           to_unit_id: UUID | None, nonconformity: int = 0, on: date = date(2026, 2, 1)) -> object:
    return registry.handle(tenant, admin, CarryOverNonconformity(
        inspection_id=story.inspection_id, nonconformity_id=story.nonconformities[nonconformity],
        to_programme_id=programme_id, to_unit_id=to_unit_id, occurred_on=on))


def _refused(code: str, action: object) -> IsotrailError:
    with pytest.raises(IsotrailError) as refused:
        action()  # type: ignore[operator]
    assert refused.value.code == code, refused.value
    return refused.value


def test_a_successor_carries_a_predecessors_nonconformity_to_its_programme_and_re_checks_it_at_the_successor_unit(
    registry: TenantRegistry, story: Story, admin: Caller
) -> None:
    can_tho, s = story.can_tho, story
    programme_2026 = _programme(registry, can_tho, admin, 2026, [s.successor_id, s.stranger_id])
    before = stored_rows(registry, s.soc_trang)
    for index in (0, 1):
        _carry(registry, can_tho, admin, s, programme_2026, to_unit_id=s.successor_id, nonconformity=index)
    assert stored_rows(registry, s.soc_trang) == before  # recorded in Cần Thơ's store, on the Sóc Trăng stream
    with registry.application(can_tho) as app:
        carried = app.get_inspection(s.inspection_id).nonconformities[s.nonconformities[0]]
        assert carried.status is NonconformityStatus.CARRIED_OVER
        assert (carried.carried_to_programme_id, carried.carried_to_unit_id) == (programme_2026, s.successor_id)
        inspection_2026 = registry.handle(can_tho, admin, ScheduleInspection(
            programme_id=programme_2026, unit_id=s.successor_id, scheduled_on=date(2026, 5, 4),
            occurred_on=date(2026, 3, 1))).aggregate_id
        decide(app, admin, inspection_2026, on=date(2026, 5, 4))
    registry.handle(can_tho, admin, ConductInspection(inspection_id=inspection_2026, inspectors=["Kiểm tra viên 1"],
                                                      occurred_on=date(2026, 5, 4)))
    recheck = RecheckCarriedOverNonconformity(
        inspection_id=inspection_2026, origin_inspection_id=s.inspection_id,
        origin_nonconformity_id=s.nonconformities[0], outcome=RecheckOutcome.RESOLVED,
        note="Đã ban hành mục tiêu chất lượng đo lường được", occurred_on=date(2026, 5, 4))
    assert registry.handle(can_tho, admin, recheck).entity_id is None
    _refused("already_rechecked", lambda: registry.handle(can_tho, admin, recheck))
    still = registry.handle(can_tho, admin, RecheckCarriedOverNonconformity(
        inspection_id=inspection_2026, origin_inspection_id=s.inspection_id,
        origin_nonconformity_id=s.nonconformities[1], outcome=RecheckOutcome.STILL_NONCONFORMING,
        note="Đánh giá nội bộ năm 2025 vẫn hình thức", occurred_on=date(2026, 5, 4))).entity_id
    with registry.application(can_tho) as app:
        new = app.get_inspection(inspection_2026).nonconformities[still]
    assert (new.origin_nonconformity_id, new.item_code, new.status) == (s.nonconformities[1], "9.2",
                                                                       NonconformityStatus.OPEN)


def test_everything_wrong_is_a_typed_error_and_a_third_provinces_ids_are_not_found(
    registry: TenantRegistry, story: Story, admin: Caller
) -> None:
    can_tho, s = story.can_tho, story
    programme_2024 = _programme(registry, can_tho, admin, 2024, [s.old_unit_id, s.successor_id, s.stranger_id])
    programme_2026 = _programme(registry, can_tho, admin, 2026, [s.successor_id, s.stranger_id])
    _refused("programme_before_merger", lambda: _carry(registry, can_tho, admin, s, programme_2024,
                                                       to_unit_id=s.successor_id))
    _refused("not_a_successor_unit", lambda: _carry(registry, can_tho, admin, s, programme_2026,
                                                    to_unit_id=s.stranger_id))
    _refused("invalid_value", lambda: _carry(registry, can_tho, admin, s, programme_2026, to_unit_id=None))
    _refused("dates_out_of_order", lambda: _carry(registry, can_tho, admin, s, programme_2026,
                                                  to_unit_id=s.successor_id, on=date(2025, 6, 1)))
    with registry.application(story.an_giang) as app:
        an_giang_programme, an_giang_inspection = conducted_inspection(app, admin)
        an_giang_unit = register_unit(app, admin, "Sở Tư pháp tỉnh An Giang")
    _refused("unit_not_found", lambda: _carry(registry, can_tho, admin, s, programme_2026, to_unit_id=an_giang_unit))
    _refused("programme_not_found", lambda: _carry(registry, can_tho, admin, s, an_giang_programme,
                                                   to_unit_id=s.successor_id))
    _refused("inspection_not_found", lambda: registry.handle(can_tho, admin, CarryOverNonconformity(
        inspection_id=an_giang_inspection, nonconformity_id=s.nonconformities[0], to_programme_id=programme_2026,
        occurred_on=date(2026, 2, 1))))
    _carry(registry, can_tho, admin, s, programme_2026, to_unit_id=s.successor_id)
    _refused("nonconformity_not_open", lambda: _carry(registry, can_tho, admin, s, programme_2026,
                                                      to_unit_id=s.successor_id))
    stranger_inspection = registry.handle(can_tho, admin, ScheduleInspection(
        programme_id=programme_2026, unit_id=s.stranger_id, scheduled_on=date(2026, 5, 4),
        occurred_on=date(2026, 3, 1))).aggregate_id
    _refused("not_carried_here", lambda: registry.handle(can_tho, admin, RecheckCarriedOverNonconformity(
        inspection_id=stranger_inspection, origin_inspection_id=s.inspection_id,
        origin_nonconformity_id=s.nonconformities[0], outcome=RecheckOutcome.RESOLVED, note="Không thuộc",
        occurred_on=date(2026, 5, 4))))
