"""A rebuild replays from zero into fresh tables and swaps them in: the same rows as before."""

from __future__ import annotations

from datetime import date

from isotrail.domain.tenancy import TenantStorage
from isotrail.projections.audit_schema import AUDIT_TABLES
from isotrail.projections.projector import Projector, build_projection
from isotrail.projections.rebuild import rebuild
from isotrail.projections.timeline import TIMELINE
from isotrail.services.demo import replay_seed
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.projections.conftest import rows

TABLES = [*AUDIT_TABLES, TIMELINE]


async def snapshot(pool, storage: TenantStorage) -> dict[str, list[dict]]:
    return {t.name: await rows(pool, storage, t.name, ", ".join(t.key)) for t in TABLES}


async def test_rebuilding_gives_identical_tables_and_keeps_following(
    app: TenantApplication, admin: Caller, pool, storage: TenantStorage, project
) -> None:
    replay_seed(app)
    unit_id = app.unit_id("SNV")
    app.rename_unit(admin, unit_id, name="Sở Nội vụ thành phố Cần Thơ", occurred_on=date(2025, 7, 1))
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
    app.rename_unit(admin, unit_id, name="Sở Nội vụ", occurred_on=date(2025, 8, 1))
    await project()
    live = Projector(pool, storage, [build_projection("audit", storage)])
    assert await live.positions() == {"audit": app.recorder.max_notification_id()}
    units = {u["unit_id"]: u for u in await rows(pool, storage, "rm_units", "unit_id")}
    assert units[unit_id]["name"] == "Sở Nội vụ"
    # and a second rebuild works on the renamed indexes too
    await rebuild(pool, storage, ["audit"])
