"""Events already stored with text PostgreSQL cannot hold (a NUL; a lone surrogate, crafted) are folded:
each such character becomes U+FFFD, the same way every time, so a rebuild (``isotrail projections rebuild``)
gives the same rows.

The events are written below the command layer, as an older version (which did not refuse them) could
have: through the tenant's Application, calling an aggregate's ``@event`` method directly, and by
inserting a crafted state into the event table."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID

import pytest

from isotrail.domain.inspection_values import RecommendationSource
from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections import batch_writes
from isotrail.projections.audit_tables import AUDIT_TABLES
from isotrail.projections.event_decoding import decode_rows
from isotrail.projections.event_log import event_log
from isotrail.projections.timeline_tables import TIMELINE
from isotrail.projections.writable import writable_json, writable_text
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import conducted_inspection, register_unit
from tests.projections.conftest import rows
from tests.projections.test_cli import _run

POISONED_NAME = "Sở\x00Y tế"
TABLES = [*AUDIT_TABLES, TIMELINE]


def store_poison(app: TenantApplication, admin: Caller) -> tuple[UUID, UUID]:
    """A unit renamed and a recommendation recorded with a NUL, by a NUL actor: (unit id, inspection id)."""
    _, inspection_id = conducted_inspection(app, admin)
    unit_id = register_unit(app, admin)  # after the plan's approval, which it is not in the scope of
    with recording_as(EventMeta("kẻ\x00phá", Role.TENANT_ADMIN, app.tenant, "corr\x00")):
        unit = app.get_unit(unit_id)
        unit._renamed(name=POISONED_NAME, occurred_on=date(2021, 1, 1))  # below the command
        inspection = app.get_inspection(inspection_id)
        inspection._recommendation_recorded(
            source=RecommendationSource.TEAM, text="Tập huấn\x00", occurred_on=date(2020, 6, 2))
        app.save(unit, inspection)
    return unit_id, inspection_id


def insert_crafted(app: TenantApplication, registry, unit_id: UUID, name_json: bytes) -> None:
    """A new Renamed event of ``unit_id`` whose name is the JSON text ``name_json``, bytes as written."""
    storage = Tenant(app.tenant)
    table = f'"{storage.schema}"."{storage.events_table}"'
    poisoned = json.dumps(POISONED_NAME, ensure_ascii=False).encode()
    with registry.database.connect() as conn:
        topic, state = conn.execute(f"SELECT topic, state FROM {table} WHERE originator_id = %s "
                                    "AND position(%s in state) > 0", (unit_id, poisoned)).fetchone()
        [version] = conn.execute(f"SELECT max(originator_version) FROM {table} WHERE originator_id = %s",
                                 (unit_id,)).fetchone()
        conn.execute(f"INSERT INTO {table} (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)",
                     (unit_id, version + 1, topic, bytes(state).replace(poisoned, name_json)))


async def snapshot(pool, storage: Tenant) -> dict[str, list[dict]]:
    return {t.name: await rows(pool, storage, t.name, ", ".join(t.key)) for t in TABLES}


@pytest.mark.parametrize("bulk", [False, True], ids=["executemany", "copy"])
async def test_a_stored_nul_is_folded_as_u_fffd_and_rebuilt_identically(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, project, database_url: str,
    monkeypatch: pytest.MonkeyPatch, bulk: bool,
) -> None:
    if bulk:
        monkeypatch.setattr(batch_writes, "BULK_ROWS", 1)  # every table written through COPY
    unit_id, inspection_id = store_poison(app, admin)
    await project()
    units = {u["unit_id"]: u for u in await rows(pool, storage, "rm_units", "unit_id")}
    assert units[unit_id]["name"] == "Sở\ufffdY tế"
    assert units[unit_id]["names"][-1] == ["Sở\ufffdY tế", "2021-01-01"]  # a jsonb column
    assert units[unit_id]["name_search"] == "so\ufffdy te"
    [recommendation] = await rows(pool, storage, "rm_recommendations", "inspection_id")
    assert (recommendation["inspection_id"], recommendation["text"]) == (inspection_id, "Tập huấn\ufffd")
    timeline = await rows(pool, storage, "rm_timeline", "notification_id")
    assert timeline[-1]["actor_id"] == "kẻ\ufffdphá" and timeline[-1]["correlation_id"] == "corr\ufffd"
    assert any("Sở\ufffdY tế" in entry["summary_vi"] for entry in timeline)
    before = await snapshot(pool, storage)
    rebuilt = _run(database_url, "projections", "rebuild", "--tenant", storage.slug)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert await snapshot(pool, storage) == before


async def test_crafted_lone_surrogates_raw_nuls_and_bad_utf8_are_folded_the_same_way_every_time(
    app: TenantApplication, admin: Caller, registry, pool, storage: Tenant, project, database_url: str,
) -> None:
    unit_id, _ = store_poison(app, admin)
    insert_crafted(app, registry, unit_id, b'"\\ud800x\\ud83d\\ude00 \\uDFFF"')  # a valid pair among lone ones
    await project()
    units = {u["unit_id"]: u for u in await rows(pool, storage, "rm_units", "unit_id")}
    assert units[unit_id]["name"] == "\ufffdx😀 \ufffd"
    insert_crafted(app, registry, unit_id, b'"raw\x00nul \xed\xa0\x80"')  # not JSON, not UTF-8
    await project()
    units = {u["unit_id"]: u for u in await rows(pool, storage, "rm_units", "unit_id")}
    assert units[unit_id]["name"] == "raw\ufffdnul \ufffd\ufffd\ufffd"
    before = await snapshot(pool, storage)
    rebuilt = _run(database_url, "projections", "rebuild", "--tenant", storage.slug)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert await snapshot(pool, storage) == before


async def test_only_states_with_a_nul_or_that_msgspec_refuses_take_the_slow_path(
    app: TenantApplication, admin: Caller, pool, storage: Tenant,
) -> None:
    store_poison(app, admin)
    async with pool.acquire() as conn:
        stored = await conn.fetch(event_log(storage).select, 0, 1000)
    events = decode_rows(stored)
    assert [e.notification_id for e in events] == [row["notification_id"] for row in stored]
    assert writable_text("a\x00b\ud800") == "a\ufffdb\ufffd"
    assert writable_json(b'{"a\\u0000": ["\\ud800", 1, {"b": "\\u0000"}]}') == {
        "a\ufffd": ["\ufffd", 1, {"b": "\ufffd"}]}
    with pytest.raises(ValueError, match="notification 7"):
        decode_rows([(7, stored[0]["originator_id"], 1, stored[0]["topic"], b"not json")])
