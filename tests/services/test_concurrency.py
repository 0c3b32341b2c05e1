"""Concurrent writers get conflicts, never lost updates."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.tenancy import Tenant
from isotrail.services.commands import ConductInspection, RaiseNonconformity, RenameUnit, ScheduleInspection
from isotrail.services.commands.handle import handle, save
from isotrail.services.conflict_errors import AlreadyExistsError, ConcurrentWriteError, ConflictError, StaleVersionError
from isotrail.services.database import Database
from isotrail.services.permissions import Caller
from isotrail.services.registry import Registry
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenants import TenantRegistry
from tests.builders import approved_programme, decide, new_tenant_slug, register_unit


def test_two_writers_of_the_same_version_one_wins_one_gets_a_conflict(
    two_processes: tuple[TenantApplication, TenantApplication], admin: Caller
) -> None:
    first, second = two_processes
    unit_id = register_unit(first, admin)
    mine, theirs = first.get_unit(unit_id), second.get_unit(unit_id)
    with recording_as(EventMeta(admin.actor_id, admin.role, first.tenant, admin.correlation_id)):
        mine.rename("Tên của người thứ nhất", occurred_on=date(2020, 2, 1))
        theirs.rename("Tên của người thứ hai", occurred_on=date(2020, 2, 1))
    save(first, mine)
    with pytest.raises(ConcurrentWriteError) as raised:
        save(second, theirs)
    assert raised.value.aggregate_id == unit_id
    assert second.get_unit(unit_id).name == "Tên của người thứ nhất"
    assert second.get_unit(unit_id).version == 2


def test_a_write_from_another_process_is_never_lost_behind_a_cached_aggregate(
    two_processes: tuple[TenantApplication, TenantApplication], admin: Caller
) -> None:
    mine, theirs = two_processes
    unit_id = register_unit(mine, admin)
    assert theirs.get_unit(unit_id).version == 1  # now cached in the other process
    handle(mine, admin, RenameUnit(unit_id=unit_id, name="Tên thứ nhất", occurred_on=date(2020, 2, 1)))
    with pytest.raises(StaleVersionError) as raised:
        handle(theirs, admin, RenameUnit(unit_id=unit_id, name="Tên dựa trên bản cũ", occurred_on=date(2020, 2, 2),
                                         expected_version=1))
    assert (raised.value.expected, raised.value.actual) == (1, 2)
    recorded = handle(theirs, admin, RenameUnit(unit_id=unit_id, name="Tên thứ hai", occurred_on=date(2020, 2, 2)))
    assert recorded.version == 3
    names = [name for name, _ in mine.get_unit(unit_id).names]
    assert names == ["Sở Tư pháp", "Tên thứ nhất", "Tên thứ hai"]


def test_many_writers_retrying_on_conflict_lose_no_update(app: TenantApplication, admin: Caller) -> None:
    unit_id = register_unit(app, admin)
    writers, renames_each = 8, 5
    conflicts = 0
    lock = threading.Lock()
    start = threading.Barrier(writers)

    def write(writer: int) -> None:
        nonlocal conflicts
        start.wait()
        for n in range(renames_each):
            while True:
                try:
                    version = app.get_unit(unit_id).version
                    handle(app, admin, RenameUnit(unit_id=unit_id, name=f"Tên {writer}-{n}",
                                                  occurred_on=date(2020, 2, 1), expected_version=version))
                    break
                except ConflictError:
                    with lock:
                        conflicts += 1

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    unit = app.get_unit(unit_id)
    assert unit.version == 1 + writers * renames_each
    assert {name for name, _ in unit.names[1:]} == {
        f"Tên {w}-{n}" for w in range(writers) for n in range(renames_each)}
    assert (app.recorder.max_notification_id() or 0) >= unit.version
    print(f"{writers} writers, {writers * renames_each} renames, {conflicts} conflicts retried")


def test_a_correct_expected_version_is_accepted_behind_a_stale_cache(
    two_processes: tuple[TenantApplication, TenantApplication], admin: Caller
) -> None:
    mine, theirs = two_processes
    unit_id = register_unit(mine, admin)
    theirs.get_unit(unit_id)  # cached at version 1 in the other process
    handle(mine, admin, RenameUnit(unit_id=unit_id, name="Tên thứ nhất", occurred_on=date(2020, 2, 1)))
    handle(mine, admin, RenameUnit(unit_id=unit_id, name="Tên thứ hai", occurred_on=date(2020, 2, 2)))
    recorded = handle(theirs, admin, RenameUnit(unit_id=unit_id, name="Tên thứ ba", occurred_on=date(2020, 2, 3),
                                                expected_version=3))
    assert recorded.version == 4


def test_a_rule_is_judged_on_the_stored_state_not_on_a_stale_cache(
    two_processes: tuple[TenantApplication, TenantApplication], admin: Caller
) -> None:
    mine, theirs = two_processes
    programme_id, unit_ids = approved_programme(mine, admin, units=1)
    later = handle(mine, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_ids[0],
                                                   scheduled_on=date(2020, 6, 3),
                                                   occurred_on=date(2020, 3, 5))).aggregate_id
    assert theirs.get_inspection(later).conducted_on is None  # cached, not yet conducted
    decide(mine, admin, later)
    handle(mine, admin, ConductInspection(inspection_id=later, inspectors=["A"], occurred_on=date(2020, 6, 3)))
    recorded = handle(theirs, admin, RaiseNonconformity(inspection_id=later, item_code="6.2", description="Mục tiêu",
                                                        occurred_on=date(2020, 6, 3)))
    assert recorded.entity_id in mine.get_inspection(later).nonconformities


def test_two_processes_creating_the_same_tenant_get_one_tenant_and_a_typed_error(
    registry: TenantRegistry, database: Database
) -> None:
    slug = Tenant(new_tenant_slug())
    registries = [TenantRegistry(Registry(database), registry.settings) for _ in range(4)]
    outcomes: list[object] = []

    def create(other: TenantRegistry) -> None:
        try:
            outcomes.append(other.create(slug, "Tỉnh đua"))
        except AlreadyExistsError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=create, args=(r,)) for r in registries]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(isinstance(o, AlreadyExistsError) for o in outcomes) == 3
        assert [t.slug for t in registry.list()].count(slug.slug) == 1
    finally:
        for other in registries:
            other.close()
        registry.purge(slug)
