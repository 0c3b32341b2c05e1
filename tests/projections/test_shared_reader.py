"""One projector feeding several projections: each event folded once into each, wherever each stood."""

from __future__ import annotations

from uuid import uuid4

import msgspec
import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.projections.failures import FoldFailedError
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.projections.tracking import PositionMovedError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import write_units_and_renames
from tests.projections.conftest import rows


async def test_projections_at_different_positions_fold_each_event_once_from_one_reader(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, project
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


async def test_a_projector_refuses_a_batch_when_another_wrote_one_of_its_positions(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, project
) -> None:
    both = Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS])
    await both.prepare()
    assert await both.catch_up() == 0  # it now knows both positions, and keeps them
    written = write_units_and_renames(app, admin, units=10, renames=4)
    await project("timeline")  # someone else folds the timeline meanwhile
    with pytest.raises(PositionMovedError, match="timeline"):
        await both.catch_up()
    timeline = await rows(pool, storage, "rm_timeline", "notification_id")
    assert [entry["notification_id"] for entry in timeline] == list(range(1, written + 1))  # once, not twice
    await both.catch_up()  # positions read again: the audit folds the batch, the timeline skips it
    assert await both.positions() == {"audit": written, "timeline": written}
    assert len(await rows(pool, storage, "rm_units", "code")) == 10


async def test_a_position_rewritten_in_place_makes_the_projector_forget_what_it_kept(
    app: TenantApplication, admin: Caller, pool, storage: Tenant
) -> None:
    """A rebuild's swap may leave a position where it was while the rows under it changed: the row's stamp
    tells, and what the projector kept in memory is not trusted any more."""
    audit = Projector(pool, storage, [build_projection("audit", storage)])
    await audit.prepare()
    write_units_and_renames(app, admin, units=3, renames=1)
    await audit.catch_up()
    async with pool.acquire() as conn:  # as a swap would: same position, other rows
        await conn.execute(f'UPDATE "{storage.schema}".rm_positions SET position = position WHERE projection = $1',
                           "audit")
        await conn.execute(f'UPDATE "{storage.schema}".rm_units SET name = $1', "đổi ở nơi khác")
    write_units_and_renames(app, admin, units=3, renames=1, prefix="C")
    with pytest.raises(PositionMovedError, match="audit"):
        await audit.catch_up()
    await audit.catch_up()
    units = await rows(pool, storage, "rm_units", "code")
    assert [unit["name"] for unit in units] == ["đổi ở nơi khác"] * 3 + [f"Đơn vị C{n} lần 1" for n in range(3)]


async def test_an_event_that_does_not_decode_stops_the_projector_with_its_own_error(
    app: TenantApplication, admin: Caller, pool, storage: Tenant
) -> None:
    write_units_and_renames(app, admin, units=2, renames=1)
    async with pool.acquire() as conn:  # a stored event whose state is not JSON
        await conn.execute(f'INSERT INTO "{storage.schema}"."{storage.events_table}" '
                           "(originator_id, originator_version, topic, state) VALUES ($1, 1, $2, $3)",
                           uuid4(), "isotrail.domain.unit:Unit.Renamed", b"not json")
    both = Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS])
    await both.prepare()
    with pytest.raises(FoldFailedError) as caught:
        await both.catch_up()
    assert isinstance(caught.value.cause, msgspec.DecodeError)
    assert caught.value.projections == ("audit", "timeline")  # every projection fed from the reader
    assert (caught.value.notification_id, caught.value.through_id) == (app.recorder.max_notification_id(), None)
    assert await both.positions() == {"audit": 0, "timeline": 0}  # the batch is not folded in part
