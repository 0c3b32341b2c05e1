"""A stream begun in a merged tenant continues in its successor's store (services/lineage_store.py): the successor
renames and dissolves a predecessor's unit by its id, the predecessor's store stays as stored, every reader of the
successor sees the whole stream, and two writers appending the same version still conflict."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest

from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.services import history
from isotrail.services.commands import DissolveUnit, RenameUnit
from isotrail.services.commands.handle import save
from isotrail.services.conflict_errors import ConcurrentWriteError
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.scoping import UnitScope
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, register_unit

JULY_2025 = date(2025, 7, 1)


def stored_rows(registry: TenantRegistry, tenant: Tenant) -> tuple[int, str]:
    """How many events the tenant's store holds, and a sha256 over every one of them as stored."""
    with registry.database.connect() as conn:
        rows = conn.execute(f'SELECT notification_id, originator_id, originator_version, topic, state FROM '
                            f'"{tenant.schema}"."{tenant.events_table}" ORDER BY notification_id').fetchall()
    return len(rows), hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()


@pytest.fixture
def merged(registry: TenantRegistry, admin: Caller) -> Iterator[tuple[Tenant, Tenant, Tenant, UUID]]:
    """(Sóc Trăng, Cần Thơ, An Giang, a Sóc Trăng unit renamed once there), the first merged into the second."""
    with (fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as soc_trang, fresh_tenant(registry, "Sở KH&CN Cần Thơ")
          as can_tho, fresh_tenant(registry, "Sở KH&CN An Giang") as an_giang):
        with registry.application(soc_trang) as app:
            unit_id = register_unit(app, admin, "Sở Tư pháp tỉnh Sóc Trăng")
            registry.handle(soc_trang, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp Sóc Trăng",
                                                         occurred_on=date(2021, 1, 1)))
        merge_tenants(registry, can_tho, [soc_trang], JULY_2025)
        yield soc_trang, can_tho, an_giang, unit_id


def test_the_successor_continues_a_predecessors_stream_in_its_own_store_leaving_the_predecessors_as_stored(
    registry: TenantRegistry, merged: tuple[Tenant, Tenant, Tenant, UUID], admin: Caller
) -> None:
    soc_trang, can_tho, _, unit_id = merged
    before = stored_rows(registry, soc_trang)
    with registry.application(can_tho) as app:
        successor = register_unit(app, admin, "Sở Tư pháp thành phố Cần Thơ")
    renamed = registry.handle(can_tho, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp (cũ) Sóc Trăng",
                                                         occurred_on=JULY_2025))
    assert renamed.version == 3  # the versions that follow the predecessor's two
    dissolved = registry.handle(can_tho, admin, DissolveUnit(unit_id=unit_id, reason="Hợp nhất vào Sở Tư pháp Cần Thơ",
                                                             occurred_on=JULY_2025, successor_ids=[successor]))
    assert dissolved.version == 4
    assert stored_rows(registry, soc_trang) == before  # nothing rewritten, nothing added
    with registry.application(can_tho, read_only=True) as app:
        unit = app.get_unit(unit_id)
        assert (unit.version, unit.name, unit.dissolved_on, unit.successor_ids) == (
            4, "Sở Tư pháp (cũ) Sóc Trăng", JULY_2025, [successor])
        assert unit.tenant == soc_trang.slug  # the province that registered it
        def not_found() -> UnitNotFoundError:
            return UnitNotFoundError(unit_id=unit_id)
        events = history.history(app, unit_id, UnitScope.of(admin.role, None), not_found)
        assert [e.originator_version for e in events] == [1, 2, 3, 4]
        assert history.as_of(app, Unit, unit_id, not_found, version=2).name == "Sở Tư pháp Sóc Trăng"
        assert history.as_of(app, Unit, unit_id, not_found, occurred_on=date(2025, 6, 30)).version == 2
        assert [e.originator_version for e in app.events.get(unit_id, desc=True, limit=3)] == [4, 3, 2]
        assert [e.originator_version for e in app.events.get(unit_id, gt=1, lte=3)] == [2, 3]
        assert {u.id for u in app.unit_register()} == {unit_id, successor}
        own = app.recorder.select_events(unit_id)
        assert [e.originator_version for e in own] == [3, 4]  # the continuation only, in the successor's store


def test_two_writers_appending_the_same_version_to_a_continued_stream_conflict(
    registry: TenantRegistry, merged: tuple[Tenant, Tenant, Tenant, UUID], admin: Caller
) -> None:
    _, can_tho, _, unit_id = merged
    with registry.application(can_tho) as app:
        first, second = app.get_unit(unit_id), app.get_unit(unit_id)
        with recording_as(EventMeta(admin.actor_id, admin.role, app.tenant, admin.correlation_id)):
            first.rename("Tên A", occurred_on=JULY_2025)
            second.rename("Tên B", occurred_on=JULY_2025)
        save(app, first)
        with pytest.raises(ConcurrentWriteError):
            save(app, second)
        assert app.get_unit(unit_id).name == "Tên A"


def test_a_third_tenant_reaches_none_of_a_predecessors_units(
    registry: TenantRegistry, merged: tuple[Tenant, Tenant, Tenant, UUID], admin: Caller
) -> None:
    _, _, an_giang, unit_id = merged
    with pytest.raises(UnitNotFoundError):
        registry.handle(an_giang, admin, RenameUnit(unit_id=unit_id, name="Tên lạ", occurred_on=JULY_2025))
    with registry.application(an_giang, read_only=True) as app:
        assert not app.exists(unit_id)
