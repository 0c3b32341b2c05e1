"""A reorganisation decision's list applied as a whole (domain/reorganisation.py) by Cần Thơ after 1 Jul 2025: the
Sóc Trăng, Hậu Giang and Cần Thơ departments of justice merged into Cần Thơ's, a Sóc Trăng unit dissolved into a new
Cần Thơ unit, another renamed; a list with a faulty row stores nothing and reports every faulty row at its path;
the predecessors' stores are left as stored; a third province reaches none of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest

from isotrail.domain.reorganisation import ReorganisationRow
from isotrail.domain.reorganisation_errors import ReorganisationRejectedError
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import Decision, UnitKind
from isotrail.services.commands import RegisterUnit, ReorganiseUnits
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant
from tests.services.test_stream_continuation import stored_rows

JULY_2025 = date(2025, 7, 1)
DECISION = Decision("1234/QĐ-UBND", date(2025, 6, 30))
DEPARTMENT = UnitKind.PROVINCIAL_DEPARTMENT


@dataclass
class Provinces:
    soc_trang: Tenant
    hau_giang: Tenant
    can_tho: Tenant
    an_giang: Tenant


def _register(registry: TenantRegistry, tenant: Tenant, caller: Caller, code: str, name: str) -> UUID:
    return registry.handle(tenant, caller, RegisterUnit(code=code, name=name, kind=DEPARTMENT,
                                                        occurred_on=date(2010, 1, 1))).aggregate_id


@pytest.fixture
def provinces(registry: TenantRegistry, admin: Caller) -> Iterator[Provinces]:
    with (fresh_tenant(registry, "Sở KH&CN tỉnh Sóc Trăng") as soc_trang,
          fresh_tenant(registry, "Sở KH&CN tỉnh Hậu Giang") as hau_giang,
          fresh_tenant(registry, "Sở KH&CN thành phố Cần Thơ") as can_tho,
          fresh_tenant(registry, "Sở KH&CN tỉnh An Giang") as an_giang):
        named = ((soc_trang, "tỉnh Sóc Trăng"), (hau_giang, "tỉnh Hậu Giang"), (can_tho, "thành phố Cần Thơ"))
        for tenant, where in named:
            _register(registry, tenant, admin, "STP", f"Sở Tư pháp {where}")
        _register(registry, soc_trang, admin, "SNV", "Sở Nội vụ tỉnh Sóc Trăng")
        _register(registry, soc_trang, admin, "BQLDA", "Ban Quản lý dự án tỉnh Sóc Trăng")
        merge_tenants(registry, can_tho, [soc_trang, hau_giang], JULY_2025)
        yield Provinces(soc_trang, hau_giang, can_tho, an_giang)


def _rows(p: Provinces) -> list[ReorganisationRow]:
    return [
        ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="STP", new_code="STP"),
        ReorganisationRow(old_tenant=p.hau_giang.slug, old_code="STP", new_code="STP"),
        ReorganisationRow(old_code="STP", new_code="STP"),  # Cần Thơ's own carries on as the merged department
        ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="BQLDA", new_code="BQLDA-CT",
                          new_name="Ban Quản lý dự án thành phố Cần Thơ", new_kind=UnitKind.PUBLIC_SERVICE_UNIT),
        ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="SNV", new_code="SNV",
                          new_name="Sở Nội vụ (khu vực Sóc Trăng)"),
    ]


def test_a_faulty_list_stores_nothing_and_reports_every_faulty_row_at_its_path(
    registry: TenantRegistry, provinces: Provinces, admin: Caller
) -> None:
    p = provinces
    before = [stored_rows(registry, tenant) for tenant in (p.soc_trang, p.hau_giang, p.can_tho)]
    rows = [*_rows(p),
            ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="KHONG-CO", new_code="STP"),  # no such unit
            ReorganisationRow(old_tenant=p.an_giang.slug, old_code="STP", new_code="STP"),  # a third province's
            ReorganisationRow(old_code="STP", new_code="NEW1"),  # no name nor kind for a new unit
            ReorganisationRow(new_code="STP")]  # no old unit
    with pytest.raises(ReorganisationRejectedError) as refused:
        registry.handle(p.can_tho, admin, ReorganiseUnits(decision=DECISION, occurred_on=JULY_2025, rows=rows))
    found = sorted((error.path, error.code) for error in refused.value.row_errors)  # type: ignore[attr-defined]
    assert found == [
        (("rows", "5", "oldCode"), "unit_not_found"), (("rows", "6", "oldCode"), "unit_not_found"),
        (("rows", "7", "newName"), "invalid_value"), (("rows", "8", "oldCode"), "invalid_value")]
    assert refused.value.details["rows"] == 4 and "4 dòng" in refused.value.message_vi
    assert [stored_rows(registry, tenant) for tenant in (p.soc_trang, p.hau_giang, p.can_tho)] == before


def test_the_departments_of_justice_merge_into_can_thos_a_unit_is_dissolved_into_a_new_one_another_renamed(
    registry: TenantRegistry, provinces: Provinces, admin: Caller
) -> None:
    p = provinces
    predecessors = [stored_rows(registry, tenant) for tenant in (p.soc_trang, p.hau_giang)]
    recorded = registry.handle(p.can_tho, admin, ReorganiseUnits(decision=DECISION, occurred_on=JULY_2025,
                                                                 rows=_rows(p)))
    ids = {(t.slug, code): Unit.create_id(t.slug, code) for t in (p.soc_trang, p.hau_giang, p.can_tho)
           for code in ("STP", "SNV", "BQLDA", "BQLDA-CT")}
    justice = ids[p.can_tho.slug, "STP"]
    assert recorded.aggregate_id == justice
    assert [stored_rows(registry, tenant) for tenant in (p.soc_trang, p.hau_giang)] == predecessors
    with registry.application(p.can_tho, read_only=True) as app:
        merged = app.get_unit(justice)
        assert merged.predecessor_ids == [ids[p.soc_trang.slug, "STP"], ids[p.hau_giang.slug, "STP"]]
        for old in (ids[p.soc_trang.slug, "STP"], ids[p.hau_giang.slug, "STP"]):
            unit = app.get_unit(old)
            assert (unit.dissolved_on, unit.successor_ids) == (JULY_2025, [justice])
            assert unit.version == 2  # its first version in its own province's store, its second in Cần Thơ's
        project = app.get_unit(ids[p.can_tho.slug, "BQLDA-CT"])
        assert (project.predecessor_ids, project.kind, project.tenant) == (
            [ids[p.soc_trang.slug, "BQLDA"]], UnitKind.PUBLIC_SERVICE_UNIT, p.can_tho.slug)
        assert app.get_unit(ids[p.soc_trang.slug, "BQLDA"]).successor_ids == [project.id]
        renamed = app.get_unit(ids[p.soc_trang.slug, "SNV"])
        assert (renamed.name, renamed.dissolved_on, renamed.tenant) == (
            "Sở Nội vụ (khu vực Sóc Trăng)", None, p.soc_trang.slug)
        events = [event for unit_id in (justice, ids[p.soc_trang.slug, "SNV"]) for event in app.events.get(unit_id)]
        assert {event.decision for event in events[1:] if not isinstance(event, Unit.Registered)} == {DECISION}
    again = ReorganiseUnits(decision=DECISION, occurred_on=JULY_2025, rows=_rows(p)[:1])
    with pytest.raises(ReorganisationRejectedError) as refused:  # dissolved once: the same list again is refused
        registry.handle(p.can_tho, admin, again)
    assert [error.code for error in refused.value.row_errors] == ["unit_dissolved"]


def test_a_third_provinces_token_reaches_none_of_these_units(
    registry: TenantRegistry, provinces: Provinces, admin: Caller
) -> None:
    p = provinces
    registry.handle(p.can_tho, admin, ReorganiseUnits(decision=DECISION, occurred_on=JULY_2025, rows=_rows(p)))
    rows = [ReorganisationRow(old_unit_id=Unit.create_id(p.soc_trang.slug, "SNV"), new_code="X", new_name="X",
                              new_kind=DEPARTMENT),
            ReorganisationRow(old_tenant=p.can_tho.slug, old_code="STP", new_code="Y", new_name="Y",
                              new_kind=DEPARTMENT)]
    with pytest.raises(ReorganisationRejectedError) as refused:
        registry.handle(p.an_giang, admin, ReorganiseUnits(decision=DECISION, occurred_on=JULY_2025, rows=rows))
    assert [error.code for error in refused.value.row_errors] == ["unit_not_found", "unit_not_found"]


def test_a_split_names_every_part_as_a_successor_and_a_row_without_a_new_code_abolishes_a_unit(
    registry: TenantRegistry, provinces: Provinces, admin: Caller
) -> None:
    p = provinces
    parts = [ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="SNV", new_code=code, new_name=name,
                               new_kind=DEPARTMENT)
             for code, name in (("SNV-1", "Sở Nội vụ"), ("SLD", "Sở Lao động"))]
    abolished = ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="BQLDA")
    registry.handle(p.can_tho, admin, ReorganiseUnits(decision=DECISION, occurred_on=JULY_2025,
                                                      rows=[*parts, abolished]))
    with registry.application(p.can_tho, read_only=True) as app:
        split = app.get_unit(Unit.create_id(p.soc_trang.slug, "SNV"))
        assert split.successor_ids == [Unit.create_id(p.can_tho.slug, code) for code in ("SNV-1", "SLD")]
        for code in ("SNV-1", "SLD"):
            assert app.get_unit(Unit.create_id(p.can_tho.slug, code)).predecessor_ids == [split.id]
        gone = app.get_unit(Unit.create_id(p.soc_trang.slug, "BQLDA"))
        assert (gone.dissolved_on, gone.successor_ids) == (JULY_2025, [])


def test_rows_that_contradict_each_other_are_each_a_conflict_at_their_path(
    registry: TenantRegistry, provinces: Provinces, admin: Caller
) -> None:
    p = provinces
    rows = [ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="SNV", new_code="N", new_name="Một",
                              new_kind=DEPARTMENT),
            ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="BQLDA", new_code="N", new_name="Hai",
                              new_kind=DEPARTMENT),
            ReorganisationRow(old_tenant=p.hau_giang.slug, old_code="STP", new_code="STP"),
            ReorganisationRow(old_tenant=p.hau_giang.slug, old_code="STP", new_code="STP"),
            ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="STP", new_code="STP"),
            ReorganisationRow(old_tenant=p.soc_trang.slug, old_code="STP")]
    with pytest.raises(ReorganisationRejectedError) as refused:
        registry.handle(p.can_tho, admin, ReorganiseUnits(decision=DECISION, occurred_on=JULY_2025, rows=rows))
    assert sorted((error.path, error.code) for error in refused.value.row_errors) == [  # type: ignore[attr-defined]
        (("rows", "1", "newName"), "reorganisation_row_conflict"),
        (("rows", "3", "newCode"), "reorganisation_row_conflict"),
        (("rows", "5", "newCode"), "reorganisation_row_conflict")]
    assert "Dòng 4 mâu thuẫn với dòng 3: lặp lại." in [e.message_vi for e in refused.value.row_errors]
