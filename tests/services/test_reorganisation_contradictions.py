"""Rows of a reorganisation list that cannot all hold (issue 17, review): a cycle (A → B, B → A), a chain (A → B,
B → C), a unit dissolved by one row while another has it take over a unit; and a merged province's unit
reorganised by its successor with effect before the merger. Each is a typed fault at its row, nothing stored."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.reorganisation import ReorganisationRow
from isotrail.domain.reorganisation_errors import ReorganisationRejectedError
from isotrail.domain.unit import Unit
from isotrail.services.commands import ReorganiseUnits
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.services.test_reorganisation import DECISION, JULY_2025, Provinces, _register, provinces
from tests.services.test_stream_continuation import stored_rows

__all__ = ["provinces"]  # the fixture


def _refused(registry: TenantRegistry, p: Provinces, admin: Caller, rows: list[ReorganisationRow],
             occurred_on: date = JULY_2025) -> list[tuple[tuple[str, ...], str]]:
    before = [stored_rows(registry, tenant) for tenant in (p.soc_trang, p.hau_giang, p.can_tho)]
    with pytest.raises(ReorganisationRejectedError) as refused:
        registry.handle(p.can_tho, admin, ReorganiseUnits(decision=DECISION, occurred_on=occurred_on, rows=rows))
    assert [stored_rows(registry, tenant) for tenant in (p.soc_trang, p.hau_giang, p.can_tho)] == before
    return sorted((error.path, error.code) for error in refused.value.row_errors)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("shape", "rows", "faulty"), [
    ("cycle", [("A", "B"), ("B", "A")], ["0", "1"]),
    ("chain", [("A", "B"), ("B", "C")], ["1"]),
    ("dissolved while taking over", [("A", "B"), ("B", None)], ["1"]),
])
def test_rows_that_make_a_unit_both_carry_on_and_end_are_conflicts(
    registry: TenantRegistry, provinces: Provinces, admin: Caller, shape: str, rows: list[tuple[str, str | None]],
    faulty: list[str]
) -> None:
    p = provinces
    for code in "ABC":
        _register(registry, p.can_tho, admin, code, f"Đơn vị {code} thành phố Cần Thơ")
    listed = [ReorganisationRow(old_code=old, new_code=new) for old, new in rows]
    assert _refused(registry, p, admin, listed) == [(("rows", row, "newCode"), "reorganisation_row_conflict")
                                                    for row in faulty], shape


def test_a_merged_provinces_unit_is_not_reorganised_with_effect_before_the_merger(
    registry: TenantRegistry, provinces: Provinces, admin: Caller
) -> None:
    p = provinces
    rows = [ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="SNV", new_code="SNV", new_name="Sở Nội vụ mới"),
            ReorganisationRow(old_code="STP", new_code="STP", new_name="Sở Tư pháp Cần Thơ (mới)")]
    assert _refused(registry, p, admin, rows, occurred_on=date(2024, 1, 1)) == [
        (("rows", "0", "oldCode"), "dates_out_of_order")]  # Cần Thơ's own unit may be renamed in 2024


def test_a_code_that_is_no_code_is_invalid_and_a_list_that_changes_nothing_is_refused(
    registry: TenantRegistry, provinces: Provinces, admin: Caller
) -> None:
    p = provinces
    rows = [ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="S" * 10_000, new_code="STP"),
            ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="SNV\x00", new_code="STP")]
    assert _refused(registry, p, admin, rows) == [(("rows", "0", "oldCode"), "invalid_value"),
                                                  (("rows", "1", "oldCode"), "invalid_value")]
    assert _refused(registry, p, admin, [ReorganisationRow(old_code="STP", new_code="STP")]) == [
        (("rows", "0", "newCode"), "invalid_value")]  # its own code, no new name: it was answered ok, nothing stored


def test_a_province_out_of_reach_is_not_found_by_its_units_id_and_a_slug_that_is_none_is_invalid(
    registry: TenantRegistry, provinces: Provinces, admin: Caller
) -> None:
    """The row's unit was reported as "unit 00000000-… not found" whatever the row named."""
    p = provinces
    rows = [ReorganisationRow(old_tenant=p.an_giang.slug, old_code="STP", new_code="STP"),
            ReorganisationRow(old_tenant="An Giang\x00", old_code="STP", new_code="STP")]
    with pytest.raises(ReorganisationRejectedError) as refused:
        registry.handle(p.can_tho, admin, ReorganiseUnits(decision=DECISION, occurred_on=JULY_2025, rows=rows))
    faults = refused.value.row_errors
    assert [(error.path, error.code) for error in faults] == [  # type: ignore[attr-defined]
        (("rows", "0", "oldCode"), "unit_not_found"), (("rows", "1", "oldTenant"), "invalid_tenant_slug")]
    assert faults[0].details["unit_id"] == Unit.create_id(p.an_giang.slug, "STP")
    assert "An Giang?" in faults[1].message_en
