"""Merging tenants (services/tenant_merge.py): a record in the registry, atomic and resumable; a merged tenant's
event store stays as stored and takes no write, even from writers racing the merge."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.domain.unit_values import UnitKind
from isotrail.projections.read_model_layout import read_model_layout
from isotrail.services.availability_errors import TenantMergedError
from isotrail.services.commands import RegisterUnit
from isotrail.services.database import Database
from isotrail.services.merge_errors import (
    AlreadyMergedError,
    MergeIntoItselfError,
    SuccessorMoveError,
    SuccessorNameRequiredError,
)
from isotrail.services.permissions import Caller
from isotrail.services.registry import Registry
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenant_move import move_tenant
from isotrail.services.tenants import TenantRegistry
from isotrail.services.write_barrier import refuse_writes
from tests.builders import fresh_tenant, new_tenant_slug, register_unit

JULY_2025 = date(2025, 7, 1)
CAN_THO = "Sở Khoa học và Công nghệ thành phố Cần Thơ"
ISOTRAIL = str(Path(sys.executable).parent / "isotrail")


@pytest.fixture
def two(registry: TenantRegistry) -> Iterator[tuple[Tenant, Tenant]]:
    with fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as first, fresh_tenant(registry, "Sở KH&CN Hậu Giang") as second:
        yield first, second


@pytest.fixture
def successor(registry: TenantRegistry) -> Iterator[Tenant]:
    """A slug for the successor, purged afterwards if a test made it (before its predecessors are)."""
    slug = Tenant(new_tenant_slug())
    yield slug
    if slug.slug in {record.slug for record in registry.list()}:
        registry.purge(slug)


def _events(registry: TenantRegistry, tenant: Tenant) -> tuple[int, str]:
    """How many events the tenant's store holds, and an md5 over every one of them as stored."""
    with registry.database.connect() as conn:
        rows = conn.execute(f'SELECT notification_id, originator_id, originator_version, topic, state FROM '
                            f'"{tenant.schema}"."{tenant.events_table}" ORDER BY notification_id').fetchall()
    return len(rows), hashlib.md5(repr([tuple(row) for row in rows]).encode()).hexdigest()  # noqa: S324


def _register(registry: TenantRegistry, tenant: Tenant, caller: Caller, code: str) -> UUID:
    command = RegisterUnit(code=code, name=f"Cơ quan {code}", kind=UnitKind.PROVINCIAL_DEPARTMENT,
                           occurred_on=date(2020, 1, 2))
    return registry.handle(tenant, caller, command).aggregate_id


def test_a_merge_records_each_predecessor_as_merged_into_the_successor_it_creates(
    registry: TenantRegistry, two: tuple[Tenant, Tenant], successor: Tenant, admin: Caller
) -> None:
    with registry.application(two[0]) as app:
        register_unit(app, admin)
    stored = [_events(registry, tenant) for tenant in two]
    report = merge_tenants(registry, successor, list(two), JULY_2025, display_name=CAN_THO,
                           decision_number="202/2025/QH15", decision_date=date(2025, 6, 12))
    assert report.created and report.merged_now == [two[0].slug, two[1].slug]
    assert report.successor.display_name == CAN_THO and report.successor.status is TenantStatus.ACTIVE
    assert report.successor.predecessors == (two[0].slug, two[1].slug)
    for tenant in two:
        record = registry.get(tenant)
        assert (record.status, record.merged_into, record.merged_on) == (TenantStatus.MERGED, successor.slug, JULY_2025)
    with registry.database.connect() as conn:
        decision = conn.execute("SELECT decision_number, decision_date FROM isotrail.tenant_merges "
                                "WHERE predecessor = %s", (two[0].slug,)).fetchone()
    assert tuple(decision) == ("202/2025/QH15", date(2025, 6, 12))
    assert [_events(registry, tenant) for tenant in two] == stored  # nothing rewritten, renumbered or moved
    again = merge_tenants(registry, successor, list(two), JULY_2025)  # resumed after it succeeded: nothing to do
    assert not again.created and again.merged_now == []


def test_a_merged_tenant_refuses_every_command_naming_its_successor(
    registry: TenantRegistry, two: tuple[Tenant, Tenant], successor: Tenant, admin: Caller
) -> None:
    merge_tenants(registry, successor, [two[0]], JULY_2025, display_name=CAN_THO)
    with pytest.raises(TenantMergedError) as refused:
        _register(registry, two[0], admin, "STP")
    error = refused.value
    assert error.code == "tenant_merged" and error.successor == successor.slug
    assert f"«{successor.slug}»" in error.message_vi and "01/07/2025" in error.message_vi
    assert f"merged into '{successor.slug}'" in error.message_en
    for change in (lambda: registry.set_status(two[0], TenantStatus.ACTIVE), lambda: registry.begin_move(two[0])):
        with pytest.raises(TenantMergedError):
            change()
    with pytest.raises(SuccessorMoveError):  # its predecessor's store stays on its server: so does it
        move_tenant(registry, successor, "postgresql://postgres@127.0.0.1:5432/elsewhere", read_model_layout)
    with pytest.raises(SuccessorMoveError):  # a mover whose cache missed the merge is refused under the row's lock
        registry.begin_move(successor)
    assert registry.get(successor).status is TenantStatus.ACTIVE
    with registry.application(two[0], read_only=True) as app:  # read, as its successor's users read it
        assert app.recorder.max_notification_id() in (None, 0)
    assert _register(registry, two[1], admin, "STP")  # the other tenant was not part of it
    assert _register(registry, successor, admin, "STP")


def test_a_merge_is_refused_as_a_whole_when_it_cannot_happen(
    registry: TenantRegistry, two: tuple[Tenant, Tenant], successor: Tenant, admin: Caller
) -> None:
    with pytest.raises(MergeIntoItselfError):
        merge_tenants(registry, two[0], [two[0]], JULY_2025)
    with pytest.raises(SuccessorNameRequiredError):
        merge_tenants(registry, successor, list(two), JULY_2025)
    merge_tenants(registry, successor, [two[0]], JULY_2025, display_name=CAN_THO)
    with pytest.raises(AlreadyMergedError) as refused:
        merge_tenants(registry, two[1], [two[0]], JULY_2025)  # a tenant is merged once
    assert refused.value.successor == successor.slug
    with pytest.raises(TenantMergedError):
        merge_tenants(registry, two[0], [two[1]], JULY_2025)  # nothing merges into a merged tenant
    assert registry.get(two[1]).status is TenantStatus.ACTIVE
    assert _register(registry, two[1], admin, "SYT")


def test_a_merge_that_fails_half_way_leaves_every_tenant_as_it_was_and_a_second_run_finishes_it(
    registry: TenantRegistry, two: tuple[Tenant, Tenant], successor: Tenant, admin: Caller
) -> None:
    registry.create(successor, CAN_THO)
    frozen: list[str] = []

    def freeze_then_fail(conn: object, predecessor: Tenant, into: Tenant) -> None:
        refuse_writes(conn, predecessor, into)
        frozen.append(predecessor.slug)
        if len(frozen) == 2:
            raise RuntimeError("the server went away half-way")

    with pytest.raises(RuntimeError):
        registry.registry.merge(successor, list(two), JULY_2025, (None, None),
                                check=lambda rows: list(two), freeze=freeze_then_fail)
    assert frozen == [two[0].slug, two[1].slug]
    for tenant in two:  # the first was frozen in the transaction that rolled back: writable, unmerged
        assert registry.get(tenant).status is TenantStatus.ACTIVE and registry.get(tenant).merged_into is None
        assert _register(registry, tenant, admin, "SNV")
    assert registry.get(successor).predecessors == ()
    report = merge_tenants(registry, successor, list(two), JULY_2025)
    assert report.merged_now == [two[0].slug, two[1].slug]


def test_writers_racing_the_merge_each_either_land_before_it_or_are_refused(
    registry: TenantRegistry, database: Database, two: tuple[Tenant, Tenant], successor: Tenant, admin: Caller
) -> None:
    """Half the writers are another process's (their registry's cache still says active after the merge, up to
    its CACHE_SECONDS): the event table's trigger refuses them, and they are told tenant_merged all the same."""
    other_process = TenantRegistry(Registry(database), registry.settings)
    tenant = two[0]
    landed: dict[int, list[UUID]] = {}
    refusals: dict[int, TenantMergedError] = {}
    started = threading.Barrier(5)  # four writers, each after its first write, and the merge

    def write(number: int) -> None:
        writer = other_process if number % 2 else registry
        landed[number] = []
        for attempt in range(100_000):
            try:
                landed[number].append(_register(writer, tenant, admin, f"W{number}X{attempt}"))
            except TenantMergedError as error:
                refusals[number] = error
                return
            if attempt == 0:
                started.wait(timeout=60)

    writers = [threading.Thread(target=write, args=(number,)) for number in range(4)]
    try:
        for writer in writers:
            writer.start()
        started.wait(timeout=60)
        merge_tenants(registry, successor, [tenant], JULY_2025, display_name=CAN_THO)
        at_merge = _events(registry, tenant)
        for writer in writers:
            writer.join(timeout=120)
    finally:
        other_process.close()
    assert sorted(refusals) == [0, 1, 2, 3]  # every writer was refused in the end, with the typed error
    assert all(error.successor == successor.slug for error in refusals.values())
    written = [unit_id for ids in landed.values() for unit_id in ids]
    assert all(landed.values())
    with registry.application(tenant, read_only=True) as app:
        stored = [n.originator_id for n in app.recorder.select_notifications(start=1, limit=100_000)]
    assert sorted(stored) == sorted(written)  # every write that was told it landed is stored, and nothing else
    assert _events(registry, tenant) == at_merge  # nothing landed once the merge had committed


def test_the_merge_command_merges_and_a_second_run_confirms_it(
    database_url: str, registry: TenantRegistry, two: tuple[Tenant, Tenant], successor: Tenant
) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "COLUMNS": "200"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([ISOTRAIL, "tenant", *args], env=env, capture_output=True, text=True, timeout=300,
                              check=False)

    command = ["merge", "--into", successor.slug, "--from", two[0].slug, "--from", two[1].slug,
               "--effective-on", "2025-07-01"]
    unnamed = run(*command)
    assert unnamed.returncode == 2 and "successor_name_required" in unnamed.stdout
    first = run(*command, "--display-name", CAN_THO, "--decision-number", "202/2025/QH15")
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"Created tenant {successor.slug}" in first.stdout
    assert f"Tenant {two[0].slug} merged into {successor.slug} from 01/07/2025." in first.stdout
    second = run(*command)
    assert second.returncode == 0 and f"Tenant {two[1].slug} already merged into" in second.stdout
    listing = run("list")
    assert f"→ {successor.slug} (01/07/2025)" in listing.stdout
