"""The corrective-action reports read model (``rm_corrective_action_reports``) after the seed's year, and how a
deployment whose tables are of an earlier shape folds every event again into tables of this release's."""

from __future__ import annotations

from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import AUDIT_SHAPE, REPORTS
from isotrail.projections.projector import Projector, build_projection
from isotrail.projections.timeline_tables import TIMELINE_SHAPE
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.tenant_application import TenantApplication
from tests.projections.conftest import rows


async def test_the_seed_s_27_reports_are_one_row_each_covering_their_inspection_s_nonconformities(
        app: TenantApplication, pool, storage: Tenant, project) -> None:
    seed = load_seed()
    replay_seed(app, seed)
    await project()
    reports = await rows(pool, storage, REPORTS.name, "notification_id")
    findings = await rows(pool, storage, "rm_findings", "nonconformity_id")
    reported = [unit for unit in seed["units"] if unit.get("findings") and "report_received_on" in unit]
    assert len(reports) == len(reported) == 27
    assert {(r["reference"], r["received_on"].isoformat()) for r in reports} == {
        (f"{seed['units'].index(unit) + 1}/BC-{unit['code']}", unit["report_received_on"]) for unit in reported}
    for report in reports:  # every nonconformity of its inspection, and the inspection's unit and programme
        covered = [f for f in findings if f["inspection_id"] == report["inspection_id"]]
        assert sorted(report["nonconformity_ids"]) == sorted(f["nonconformity_id"] for f in covered)
        assert {(f["unit_id"], f["programme_id"]) for f in covered} == {(report["unit_id"], report["programme_id"])}
        [received] = [e for e in app.repository.event_store.get(report["inspection_id"])
                      if type(e).__name__ == "CorrectiveActionReportReceived"]
        assert (report["version"], report["summary"]) == (received.originator_version, received.summary)
    assert sum(f["reports_received"] for f in findings) == sum(len(r["nonconformity_ids"]) for r in reports)


async def test_tables_of_an_earlier_shape_are_made_anew_and_folded_from_zero(
        app: TenantApplication, pool, storage: Tenant, project) -> None:
    replay_seed(app, load_seed())
    await project()
    schema = f'"{storage.schema}"'
    before = {table: await rows(pool, storage, table, key) for table, key in (
        ("rm_findings", "nonconformity_id"), (REPORTS.name, "notification_id"), ("rm_timeline", "notification_id"))}
    async with pool.acquire() as conn:  # a deployment of the release before shapes and before the reports table
        await conn.execute(f"ALTER TABLE {schema}.rm_positions DROP COLUMN shape")
        await conn.execute(f"DROP TABLE {schema}.{REPORTS.name}")
        timeline_position = await conn.fetchval(
            f"SELECT position FROM {schema}.rm_positions WHERE projection = 'timeline'")
    audit = Projector(pool, storage, [build_projection("audit", storage), build_projection("timeline", storage)])
    await audit.prepare()
    async with pool.acquire() as conn:
        positions = dict(await conn.fetch(f"SELECT projection, position FROM {schema}.rm_positions"))
        shapes = dict(await conn.fetch(f"SELECT projection, shape FROM {schema}.rm_positions"))
        assert await conn.fetchval(f"SELECT count(*) FROM {schema}.rm_findings") == 0
    # the audit's tables are of another shape now: made anew, folded from 0; the timeline's too once its shape
    # was raised (2: the minutes' signatories), else they keep their position
    assert positions == {"audit": 0, "timeline": timeline_position if TIMELINE_SHAPE == 1 else 0}
    assert shapes == {"audit": AUDIT_SHAPE, "timeline": TIMELINE_SHAPE}
    await audit.catch_up()
    after = {table: await rows(pool, storage, table, key) for table, key in (
        ("rm_findings", "nonconformity_id"), (REPORTS.name, "notification_id"), ("rm_timeline", "notification_id"))}
    assert after == before and len(after[REPORTS.name]) == 27
    await audit.prepare()  # once of this release's shape, a prepare changes nothing
    async with pool.acquire() as conn:
        again = dict(await conn.fetch(f"SELECT projection, position FROM {schema}.rm_positions"))
    assert again == await audit.positions() and again["audit"] > 0
