"""Snapshots of a stream continued in a successor's store (issue 17, review): taken in the successor's own snapshot
store at a version of its part, the unit rebuilt from one and the later events equals the full fold through both
stores, and time travel to a version of the predecessor's part ignores it."""

from __future__ import annotations

from datetime import date

from isotrail.domain.unit import Unit
from isotrail.services import history
from isotrail.services.commands import RenameUnit
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, register_unit


def test_a_continued_units_snapshot_rebuilds_it_as_the_full_fold(registry: TenantRegistry, admin: Caller) -> None:
    with fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as soc_trang, fresh_tenant(registry, "Sở KH&CN Cần Thơ") \
            as can_tho:
        with registry.application(soc_trang) as app:
            unit_id = register_unit(app, admin, "Sở Tư pháp tỉnh Sóc Trăng")
        for n in range(2, 4):
            registry.handle(soc_trang, admin, RenameUnit(unit_id=unit_id, name=f"Sở Tư pháp {n}",
                                                         occurred_on=date(2021, 1, n)))
        merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        for n in range(4, 7):
            registry.handle(can_tho, admin, RenameUnit(unit_id=unit_id, name=f"Sở Tư pháp {n}",
                                                       occurred_on=date(2025, 7, n)))
        with registry.application(can_tho) as app:
            app.take_snapshot(unit_id, 5)
            [snapshot] = list(app.snapshots.get(unit_id))  # type: ignore[union-attr]  # in its own store
            assert snapshot.originator_version == 5
            app.forget(unit_id)
            rebuilt = app.get_unit(unit_id)
            assert (rebuilt.version, rebuilt.name, [name for name, _ in rebuilt.names]) == (
                6, "Sở Tư pháp 6", ["Sở Tư pháp tỉnh Sóc Trăng", *(f"Sở Tư pháp {n}" for n in range(2, 7))])
            def not_found() -> UnitNotFoundError:
                return UnitNotFoundError(unit_id=unit_id)
            assert history.as_of(app, Unit, unit_id, not_found, version=2).name == "Sở Tư pháp 2"
            assert history.as_of(app, Unit, unit_id, not_found, version=5).name == "Sở Tư pháp 5"
        with registry.application(soc_trang, read_only=True) as app:
            assert list(app.snapshots.get(unit_id)) == []  # type: ignore[union-attr]  # nothing written there
