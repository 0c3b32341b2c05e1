"""What projections keep in memory between batches changes nothing in what they write."""

from __future__ import annotations

from datetime import date

import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.projections import audit, timeline
from isotrail.projections.audit_tables import AUDIT_TABLES
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.projections.timeline_tables import REFS, TIMELINE
from isotrail.services.commands import RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.demo import replay_seed
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import write_units_and_renames
from tests.projections.conftest import rows


async def tables(pool, storage: Tenant, suffix: str) -> dict[str, list[dict]]:
    return {t.name: await rows(pool, storage, t.name + suffix, ", ".join(t.key))
            for t in (*AUDIT_TABLES, TIMELINE, REFS)}


async def test_forgetting_memory_every_few_rows_writes_the_same_tables(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    replay_seed(app)
    write_units_and_renames(app, admin, units=30, renames=3)
    kept = Projector(pool, storage, [build_projection(name, storage, "__kept") for name in PROJECTIONS],
                     batch_size=41)
    await kept.prepare()
    await kept.catch_up()
    monkeypatch.setattr(audit, "MEMORY_ROWS", 5)
    monkeypatch.setattr(timeline, "MEMORY_ROWS", 5)
    forgetful = Projector(pool, storage, [build_projection(name, storage, "__forgetful") for name in PROJECTIONS],
                          batch_size=41)
    await forgetful.prepare()
    batches: list[int] = []
    await forgetful.catch_up(on_batch=batches.append)
    assert len(batches) > 20
    assert await tables(pool, storage, "__forgetful") == await tables(pool, storage, "__kept")


async def test_each_catch_up_reads_the_rows_afresh(
    app: TenantApplication, admin: Caller, pool, storage: Tenant
) -> None:
    """Memory lasts one catch-up: a projector following many idle tenants holds none of their rows."""
    replay_seed(app)
    both = Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS])
    await both.prepare()
    await both.catch_up()
    unit_id = app.unit_id("SNV")
    async with pool.acquire() as conn:  # a row changed behind the projector's back, its position untouched
        await conn.execute(f'UPDATE "{storage.schema}".rm_units SET kind = $1 WHERE unit_id = $2', "other", unit_id)
    handle(app, admin, RenameUnit(unit_id=unit_id, name="Sở Nội vụ (mới)", occurred_on=date(2025, 7, 1)))
    assert await both.catch_up() == 1
    units = {u["unit_id"]: u for u in await rows(pool, storage, "rm_units", "unit_id")}
    assert (units[unit_id]["name"], units[unit_id]["kind"]) == ("Sở Nội vụ (mới)", "other")  # read, not kept
