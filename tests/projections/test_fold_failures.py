"""What a failed fold names and records, and what clears the record: a batch folded past it, by any
projector (a fixed process taking over), or a rebuild."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from isotrail.domain.tenancy import Tenant
from isotrail.projections import audit
from isotrail.projections.event_record import EventRecord
from isotrail.projections.failures import FoldFailedError, record_failure
from isotrail.projections.projector import Projector, build_projection
from isotrail.projections.rebuild import rebuild
from isotrail.projections.recorded_failures import projection_failure, read_failures
from isotrail.services.commands import RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import register_unit


def audit_projector(pool, storage: Tenant) -> Projector:
    return Projector(pool, storage, [build_projection("audit", storage)], batch_size=1000)


async def failures(pool, storage: Tenant) -> dict:
    async with pool.acquire() as conn:
        return await read_failures(conn, storage)


async def test_a_batch_postgresql_refuses_fails_with_its_range_and_a_fixed_projector_clears_the_record(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, monkeypatch: pytest.MonkeyPatch,
) -> None:
    unit_id = register_unit(app, admin)
    first = app.recorder.max_notification_id()
    renamed = audit._HANDLERS["Unit.Renamed"]

    def bad_row(memory: Any, e: EventRecord) -> None:  # a bug that writes what PostgreSQL refuses
        renamed(memory, e)
        memory.touch("rm_units", (e.aggregate_id,))["registered_on"] = "not a date"

    monkeypatch.setitem(audit._HANDLERS, "Unit.Renamed", bad_row)
    last = handle(app, admin, RenameUnit(unit_id=unit_id, name="Sở Tư pháp (mới)",
                                         occurred_on=date(2021, 1, 1))).notification_id
    buggy = audit_projector(pool, storage)
    await buggy.prepare()
    with pytest.raises(FoldFailedError) as caught:
        await buggy.catch_up()
    error = caught.value
    assert (error.projections, error.notification_id, error.through_id) == (("audit",), first, last)
    assert error.reason.startswith("InvalidDatetimeFormatError: ")
    assert await buggy.positions() == {"audit": 0}
    await record_failure(pool, storage, error, "isotrail-projector:old")
    await record_failure(pool, storage, error, "isotrail-projector:old")  # a retry counts once more
    recorded = (await failures(pool, storage))["audit"]
    assert (recorded.notification_id, recorded.through_id, recorded.attempts) == (first, last, 2)
    assert recorded.where == f"{first}–{last}"
    assert await projection_failure(pool, storage, "audit") == recorded
    assert await projection_failure(pool, storage, "timeline") is None

    monkeypatch.setitem(audit._HANDLERS, "Unit.Renamed", renamed)  # another process, without the bug
    assert await audit_projector(pool, storage).catch_up() == last
    assert await failures(pool, storage) == {}  # cleared in the batch's own transaction


async def test_a_handler_failure_names_its_event_and_a_rebuild_clears_the_record(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, monkeypatch: pytest.MonkeyPatch,
) -> None:
    unit_id = register_unit(app, admin)
    poisoned = handle(app, admin, RenameUnit(unit_id=unit_id, name="Hỏng",
                                             occurred_on=date(2021, 1, 1))).notification_id
    handle(app, admin, RenameUnit(unit_id=unit_id, name="Lành", occurred_on=date(2021, 1, 2)))
    renamed = audit._HANDLERS["Unit.Renamed"]

    def buggy(memory: Any, e: EventRecord) -> None:
        if e.name == "Hỏng":
            raise KeyError("\x00 in a message")
        renamed(memory, e)

    monkeypatch.setitem(audit._HANDLERS, "Unit.Renamed", buggy)
    projector = audit_projector(pool, storage)
    await projector.prepare()
    with pytest.raises(FoldFailedError) as caught:
        await projector.catch_up()
    assert (caught.value.notification_id, caught.value.through_id) == (poisoned, None)
    await record_failure(pool, storage, caught.value, "isotrail-projector:old")
    assert (await failures(pool, storage))["audit"].error == "KeyError: '\\x00 in a message'"
    monkeypatch.setitem(audit._HANDLERS, "Unit.Renamed", renamed)
    await rebuild(pool, storage, ["audit"])
    assert await failures(pool, storage) == {}
