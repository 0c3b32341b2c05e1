"""A successor's read models fold its predecessors' event stores beside its own (services/tenant_merge.py): each
log exactly once from a position of its own, its notification ids kept apart, rebuilt alike, and a fold that
fails on a predecessor's log named and recorded as that log's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from isotrail.domain.lineage import LogSource, logged_id
from isotrail.domain.tenancy import Tenant
from isotrail.projections import audit
from isotrail.projections.event_record import EventRecord
from isotrail.projections.failures import FoldFailedError, record_failure
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.projections.rebuild import rebuild
from isotrail.projections.recorded_failures import read_failures
from isotrail.services.commands import (
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RenameUnit,
    SignMinutes,
    VerifyCorrectiveAction,
)
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import conducted_inspection, fresh_tenant, register_unit
from tests.projections.conftest import rows

JULY_2025 = date(2025, 7, 1)


@pytest.fixture
def lineage(registry: TenantRegistry) -> Iterator[tuple[Tenant, Tenant]]:
    """(predecessor, successor), each a fresh tenant; merged by the test."""
    with (fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as predecessor,
          fresh_tenant(registry, "Sở KH&CN Cần Thơ") as successor):
        yield predecessor, successor


def _projector(pool: Any, successor: Tenant, sources: tuple[LogSource, ...], *names: str) -> Projector:
    projections = [build_projection(name, successor) for name in names or PROJECTIONS]
    return Projector(pool, successor, projections, batch_size=3, sources=sources)


def _last(registry: TenantRegistry, tenant: Tenant) -> int:
    with registry.application(tenant, read_only=True) as app:
        return app.recorder.max_notification_id() or 0


async def test_a_successor_folds_its_predecessors_log_beside_its_own_exactly_once_and_rebuilds_alike(
    registry: TenantRegistry, pool: Any, lineage: tuple[Tenant, Tenant], admin: Caller,
) -> None:
    predecessor, successor = lineage
    with registry.application(predecessor) as app:
        theirs = [register_unit(app, admin, f"Sở {n} (Sóc Trăng)") for n in range(3)]
        handle(app, admin, RenameUnit(unit_id=theirs[0], name="Sở Tư pháp tỉnh Sóc Trăng",
                                      occurred_on=date(2021, 1, 1)))
    with registry.application(successor) as app:
        ours = [register_unit(app, admin, f"Sở {n} (Cần Thơ)") for n in range(2)]
    merge_tenants(registry, successor, [predecessor], JULY_2025)
    sources = (await registry.registry.lineages())[successor.slug]
    assert [source.tenant for source in sources] == [predecessor] and sources[0].number > 0
    projector = _projector(pool, successor, sources)
    await projector.prepare()
    assert await projector.catch_up() == 4 + 2  # in batches of 3: the predecessor's log, then the own
    units = await rows(pool, successor, "rm_units", "unit_id")
    assert {row["unit_id"] for row in units} == {*theirs, *ours}
    assert next(row["name"] for row in units if row["unit_id"] == theirs[0]) == "Sở Tư pháp tỉnh Sóc Trăng"
    timeline = await rows(pool, successor, "rm_timeline", "notification_id")
    assert len(timeline) == 6  # the logs' ids 1–4 and 1–2 kept apart: no row overwrote another
    carried = [row["notification_id"] for row in timeline if row["aggregate_id"] in theirs]
    assert all(-sources[0].offset < n < 0 for n in carried)  # below the successor's own, in order
    assert [logged_id(n) for n in carried] == [1, 2, 3, 4]
    assert await projector.positions() == {
        "audit": 2, "timeline": 2, f"audit@{predecessor.slug}": 4, f"timeline@{predecessor.slug}": 4}
    assert await projector.catch_up() == 0  # exactly once
    with registry.application(successor) as app:
        handle(app, admin, RenameUnit(unit_id=ours[0], name="Sở Tư pháp thành phố Cần Thơ", occurred_on=JULY_2025))
    assert await _projector(pool, successor, sources).catch_up() == 1
    before = {table: await rows(pool, successor, table, "1") for table in ("rm_units", "rm_timeline")}
    assert await rebuild(pool, successor, list(PROJECTIONS), batch_size=2, sources=sources) == 3
    for table, held in before.items():
        assert sorted(map(repr, await rows(pool, successor, table, "1"))) == sorted(map(repr, held))
    assert (await _projector(pool, successor, sources).positions())[f"audit@{predecessor.slug}"] == 4


async def test_a_fold_that_fails_on_a_predecessors_log_is_that_logs_and_stops_the_projection_visibly(
    registry: TenantRegistry, pool: Any, lineage: tuple[Tenant, Tenant], admin: Caller,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    predecessor, successor = lineage
    with registry.application(predecessor) as app:
        register_unit(app, admin, "Sở Tài chính")
        poisoned = register_unit(app, admin, "Hỏng")
    with registry.application(successor) as app:
        register_unit(app, admin, "Sở Y tế")
    merge_tenants(registry, successor, [predecessor], JULY_2025)
    sources = (await registry.registry.lineages())[successor.slug]
    registered = audit._HANDLERS["Unit.Registered"]

    def buggy(memory: Any, e: EventRecord) -> None:
        if e.name == "Hỏng":
            raise KeyError("a bug")
        registered(memory, e)

    monkeypatch.setitem(audit._HANDLERS, "Unit.Registered", buggy)
    projector = _projector(pool, successor, sources, "audit")
    await projector.prepare()
    with pytest.raises(FoldFailedError) as caught:
        await projector.catch_up()
    error = caught.value
    assert error.projections == (f"audit@{predecessor.slug}",)
    assert error.notification_id == _last(registry, predecessor) == 2  # the id its own log stores
    # the own log waits: its events may continue the predecessor's streams (services/lineage_store.py)
    assert await projector.positions() == {"audit": 0, f"audit@{predecessor.slug}": 0}
    await record_failure(pool, successor, error, "isotrail-projector:test")
    async with pool.acquire() as conn:
        recorded = await read_failures(conn, successor)
    assert set(recorded) == {f"audit@{predecessor.slug}"} and recorded[f"audit@{predecessor.slug}"].notification_id == 2
    monkeypatch.setitem(audit._HANDLERS, "Unit.Registered", registered)
    assert await _projector(pool, successor, sources, "audit").catch_up() == 2 + 1
    async with pool.acquire() as conn:
        assert await read_failures(conn, successor) == {}
    assert poisoned in {row["unit_id"] for row in await rows(pool, successor, "rm_units", "unit_id")}


async def test_an_event_the_successor_records_on_a_predecessors_unit_updates_the_rows_folded_from_its_log(
    registry: TenantRegistry, pool: Any, lineage: tuple[Tenant, Tenant], admin: Caller,
) -> None:
    predecessor, successor = lineage
    with registry.application(predecessor) as app:
        unit_id = register_unit(app, admin, "Sở Tư pháp tỉnh Sóc Trăng")
    merge_tenants(registry, successor, [predecessor], JULY_2025)
    registry.handle(successor, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp (cũ) Sóc Trăng",
                                                 occurred_on=JULY_2025))
    sources = (await registry.registry.lineages())[successor.slug]
    projector = _projector(pool, successor, sources)
    await projector.prepare()
    assert await projector.catch_up() == 2
    [unit] = await rows(pool, successor, "rm_units", "unit_id")
    assert (unit["unit_id"], unit["name"], unit["version"]) == (unit_id, "Sở Tư pháp (cũ) Sóc Trăng", 2)
    assert [name for name, _ in unit["names"]] == ["Sở Tư pháp tỉnh Sóc Trăng", "Sở Tư pháp (cũ) Sóc Trăng"]
    timeline = await rows(pool, successor, "rm_timeline", "notification_id")
    assert [(row["version"], row["notification_id"] < 0) for row in timeline] == [(1, True), (2, False)]
    before = {table: await rows(pool, successor, table, "1") for table in ("rm_units", "rm_timeline")}
    await rebuild(pool, successor, list(PROJECTIONS), batch_size=1, sources=sources)
    for table, held in before.items():
        assert sorted(map(repr, await rows(pool, successor, table, "1"))) == sorted(map(repr, held))


async def test_a_predecessors_finding_reported_on_and_verified_by_the_successor_updates_its_folded_row(
    registry: TenantRegistry, pool: Any, lineage: tuple[Tenant, Tenant], admin: Caller,
) -> None:
    predecessor, successor = lineage
    with registry.application(predecessor) as app:
        _, inspection_id = conducted_inspection(app, admin)
        finding = handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="9.2",
                                                        description="Đánh giá nội bộ còn hình thức",
                                                        occurred_on=date(2020, 6, 2))).entity_id
        handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="01/BBKT",
                                       team_leader_signatory="Kiểm tra viên 1", unit_signatory="Giám đốc",
                                       occurred_on=date(2020, 6, 2)))
    merge_tenants(registry, successor, [predecessor], JULY_2025)
    registry.handle(successor, admin, ReceiveCorrectiveActionReport(
        inspection_id=inspection_id, reference="05/BC", summary="Đã khắc phục", occurred_on=date(2025, 7, 20)))
    registry.handle(successor, admin, VerifyCorrectiveAction(inspection_id=inspection_id, nonconformity_id=finding,
                                                             occurred_on=date(2025, 8, 1)))
    sources = (await registry.registry.lineages())[successor.slug]
    projector = _projector(pool, successor, sources)
    await projector.prepare()
    await projector.catch_up()
    [row] = await rows(pool, successor, "rm_findings", "nonconformity_id")
    assert (row["nonconformity_id"], row["status"], row["reports_received"]) == (finding, "verified", 1)
    [report] = await rows(pool, successor, "rm_corrective_action_reports", "1")
    assert report["notification_id"] > 0  # recorded in the successor's own log, after the predecessor's
