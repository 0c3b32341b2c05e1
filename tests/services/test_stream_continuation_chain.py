"""A stream continued through two merges (issue 17, review): begun in Sóc Trăng, continued by Cần Thơ after Sóc Trăng
merged into it, then by a later successor after Cần Thơ merged into that one. The last successor reads every
version, from both predecessors' stores, and continues it with the next."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.input_errors import DatesOutOfOrderError
from isotrail.domain.reorganisation import ReorganisationRow
from isotrail.domain.reorganisation_errors import ReorganisationRejectedError
from isotrail.domain.unit_values import Decision
from isotrail.services.commands import RenameUnit, ReorganiseUnits
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, register_unit


def test_a_stream_continued_through_two_merges_reads_whole_from_the_last_successor(
    registry: TenantRegistry, admin: Caller
) -> None:
    with (fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as soc_trang, fresh_tenant(registry, "Sở KH&CN Cần Thơ")
          as can_tho, fresh_tenant(registry, "Sở KH&CN vùng Tây Nam Bộ") as later):
        with registry.application(soc_trang) as app:
            unit_id = register_unit(app, admin, "Sở Tư pháp tỉnh Sóc Trăng")
        merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        registry.handle(can_tho, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp (khu vực Sóc Trăng)",
                                                   occurred_on=date(2025, 7, 1)))
        merge_tenants(registry, later, [can_tho], date(2026, 1, 1))
        with registry.application(later, read_only=True) as app:
            unit = app.get_unit(unit_id)
            assert (unit.version, unit.name) == (2, "Sở Tư pháp (khu vực Sóc Trăng)")
        renamed = registry.handle(later, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp (vùng)",
                                                           occurred_on=date(2026, 1, 1)))
        assert renamed.version == 3
        with registry.application(later, read_only=True) as app:
            assert [e.originator_version for e in app.events.get(unit_id)] == [1, 2, 3]
            assert [e.originator_version for e in app.events.get(unit_id, desc=True, limit=2)] == [3, 2]
            assert [(u.version, u.name) for u in app.unit_register()] == [(3, "Sở Tư pháp (vùng)")]



def test_a_chained_predecessors_units_are_the_last_successors_from_the_later_merger(
    registry: TenantRegistry, admin: Caller
) -> None:
    """Sóc Trăng's records came to the later successor when Cần Thơ merged into it, not when Sóc Trăng merged into
    Cần Thơ: it reorganises a Sóc Trăng unit from that later day on."""
    with (fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as soc_trang, fresh_tenant(registry, "Sở KH&CN Cần Thơ")
          as can_tho, fresh_tenant(registry, "Sở KH&CN vùng Tây Nam Bộ") as later):
        with registry.application(soc_trang) as app:
            unit_id = register_unit(app, admin, "Sở Tư pháp tỉnh Sóc Trăng")
        merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        merge_tenants(registry, later, [can_tho], date(2026, 1, 1))
        with registry.application(later, read_only=True) as app:
            assert (app.merged_on(soc_trang.slug), app.merged_on(can_tho.slug)) == (date(2026, 1, 1),) * 2
        rows = [ReorganisationRow(old_unit_id=unit_id, new_code="STP", new_name="Sở Tư pháp (vùng)")]
        with pytest.raises(ReorganisationRejectedError) as refused:
            registry.handle(later, admin, ReorganiseUnits(decision=Decision("1/QĐ", date(2025, 9, 1)),
                                                          occurred_on=date(2025, 9, 1), rows=rows))
        assert [error.code for error in refused.value.row_errors] == ["dates_out_of_order"]


def test_a_province_is_not_merged_with_effect_before_another_was_merged_into_it(registry: TenantRegistry) -> None:
    """Hậu Giang merged into Sóc Trăng from 1 Jan 2026: Sóc Trăng cannot have ended on 1 Jul 2025 (a province
    taking over another after it had ceased to exist); nothing changes."""
    with (fresh_tenant(registry, "Sở KH&CN Hậu Giang") as hau_giang, fresh_tenant(registry, "Sở KH&CN Sóc Trăng")
          as soc_trang, fresh_tenant(registry, "Sở KH&CN Cần Thơ") as can_tho):
        merge_tenants(registry, soc_trang, [hau_giang], date(2026, 1, 1))
        with pytest.raises(DatesOutOfOrderError):
            merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        assert registry.get(soc_trang).merged_into is None
        merge_tenants(registry, can_tho, [soc_trang], date(2026, 1, 1))  # the same day, or later: merged
