"""A rebuild replays from zero into fresh tables and swaps them in: the same rows as before."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.projections import batch_writes
from isotrail.projections.audit_tables import AUDIT_TABLES
from isotrail.projections.event_log import event_log
from isotrail.projections.projector import Projector, apply, build_projection, decode
from isotrail.projections.rebuild import rebuild
from isotrail.projections.timeline_tables import TIMELINE
from isotrail.services.commands import RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.demo import replay_seed
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import write_units_and_renames
from tests.projections.conftest import rows

TABLES = [*AUDIT_TABLES, TIMELINE]


async def snapshot(pool, storage: Tenant) -> dict[str, list[dict]]:
    return {t.name: await rows(pool, storage, t.name, ", ".join(t.key)) for t in TABLES}


async def test_rebuilding_gives_identical_tables_and_keeps_following(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, project
) -> None:
    replay_seed(app)
    unit_id = app.unit_id("SNV")
    handle(app, admin, RenameUnit(unit_id=unit_id, name="Sở Nội vụ thành phố Cần Thơ", occurred_on=date(2025, 7, 1)))
    await project(batch_size=97)  # many small batches, so that batch boundaries fall everywhere
    before = await snapshot(pool, storage)
    async with pool.acquire() as conn:
        summary_before = dict(await conn.fetchrow(f'SELECT * FROM "{storage.schema}".rm_programme_summary'))
    progress: list[int] = []
    position = await rebuild(pool, storage, ["audit", "timeline"], batch_size=500, on_batch=progress.append)
    assert position == app.recorder.max_notification_id()
    assert sum(progress) == app.recorder.max_notification_id()  # one reader for both
    assert await snapshot(pool, storage) == before
    async with pool.acquire() as conn:
        assert dict(await conn.fetchrow(f'SELECT * FROM "{storage.schema}".rm_programme_summary')) == summary_before
        leftovers = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename LIKE $2",
                                        storage.schema, "%rebuild%")
    assert leftovers == 0
    # the live projector carries on from the swapped-in position
    handle(app, admin, RenameUnit(unit_id=unit_id, name="Sở Nội vụ", occurred_on=date(2025, 8, 1)))
    await project()
    live = Projector(pool, storage, [build_projection("audit", storage)])
    assert await live.positions() == {"audit": app.recorder.max_notification_id()}
    units = {u["unit_id"]: u for u in await rows(pool, storage, "rm_units", "unit_id")}
    assert units[unit_id]["name"] == "Sở Nội vụ"
    # and a second rebuild works on the renamed indexes too
    await rebuild(pool, storage, ["audit"])


async def test_batches_written_one_after_another_in_one_transaction_upsert_each_row_once(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild's swap folds what arrived meanwhile batch after batch in its one transaction: the temp
    tables a big batch is copied through must not carry the previous batch's rows into the next."""
    monkeypatch.setattr(batch_writes, "BULK_ROWS", 5)  # every batch below goes through the temp tables
    registered = write_units_and_renames(app, admin, units=8, renames=0)
    for unit in _unit_ids(app, 8):
        handle(app, admin, RenameUnit(unit_id=unit, name=f"Đổi tên {unit}", occurred_on=date(2021, 1, 4)))
    audit = build_projection("audit", storage)
    await Projector(pool, storage, [audit]).prepare()
    async with pool.acquire() as conn, conn.transaction():
        events = decode(await conn.fetch(event_log(storage).select, 0, 1_000))
        await apply(conn, audit, events[:registered])
        await apply(conn, audit, events[registered:])
    units = await rows(pool, storage, "rm_units", "code")
    assert [(unit["name"], unit["version"]) for unit in units] == [
        (f"Đổi tên {unit['unit_id']}", 2) for unit in units]


def _unit_ids(app: TenantApplication, count: int) -> list:
    return [app.unit_id(f"B{n}") for n in range(count)]
