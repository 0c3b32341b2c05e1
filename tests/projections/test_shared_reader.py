"""One projector feeding several projections: each event folded once into each, wherever each stood."""

from __future__ import annotations

import pytest

from isotrail.domain.tenancy import TenantStorage
from isotrail.projections.events import select_events_sql
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection, decode
from isotrail.projections.tracking import PositionMovedError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import write_units_and_renames
from tests.projections.conftest import rows


async def test_projections_at_different_positions_fold_each_event_once_from_one_reader(
    app: TenantApplication, admin: Caller, pool, storage: TenantStorage, project
) -> None:
    first = write_units_and_renames(app, admin, units=40, renames=9, prefix="A")
    await project("audit")  # the audit is ahead; the timeline has never run
    second = write_units_and_renames(app, admin, units=40, renames=9, prefix="B")
    both = Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS], batch_size=150)
    await both.prepare()
    batches: list[int] = []
    read = await both.catch_up(on_batch=batches.append)
    last = app.recorder.max_notification_id()
    assert read == first + second == last  # the log is read once, from the lower position
    assert len(batches) > 2
    assert await both.positions() == {"audit": last, "timeline": last}
    units = await rows(pool, storage, "rm_units", "code")
    assert len(units) == 80
    assert all(len(unit["names"]) == 10 and unit["version"] == 10 for unit in units)  # no rename folded twice
    timeline = await rows(pool, storage, "rm_timeline", "notification_id")
    assert [entry["notification_id"] for entry in timeline] == list(range(1, last + 1))
    assert await both.catch_up() == 0


async def test_a_projector_refuses_a_batch_when_another_moved_one_of_its_positions(
    app: TenantApplication, admin: Caller, pool, storage: TenantStorage, project
) -> None:
    write_units_and_renames(app, admin, units=10, renames=4)
    both = Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS])
    await both.prepare()
    positions = await both.positions()
    await project("timeline")  # someone else moves the timeline after we read the positions
    events = await _events(pool, storage)
    with pytest.raises(PositionMovedError, match="timeline"):
        await both._fold(positions, events)  # the batch step, as catch_up runs it
    assert await rows(pool, storage, "rm_units", "code") == []  # nothing of the refused batch was written


async def _events(pool, storage: TenantStorage) -> list:
    async with pool.acquire() as conn:
        return decode(await conn.fetch(select_events_sql(storage.schema, storage.events_table), 0, 10_000))
