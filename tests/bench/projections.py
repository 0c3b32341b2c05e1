"""Read-side benchmark: projection catch-up, command → visible latency, and a full rebuild.

Run:  python tests/bench/projections.py [--events N] [--es-events N] [--rebuild-events N] [--seconds S] [--rate R]
Uses DATABASE_URL, else the embedded PostgreSQL; makes its tenants through TenantRegistry and purges them at
the end, also on error. Measured on the same PostgreSQL in the same run (defaults in brackets):
1. Catch-up: --events [200,000] events in ONE tenant, a realistic mix written through the Application in big
   multi-aggregate saves (programmes of 20 units, drafted, staffed, approved; each unit inspected: 13 items
   assessed, 0-3 nonconformities, minutes, corrective-action reports, recommendations; 30 % unit renames),
   folded from position 0 into fresh tables with the live tables' indexes, tracking writes included, by
   audit alone, timeline alone, both fed from one reader (as the runner does when it owns both), and both
   at once in two processes, a projection each (as ``projections run --projection audit`` and
   ``--projection timeline`` do). Beside them, on the same rows: (a) asyncpg read in the projector's
   batches (20,000) + msgspec decode of ``state``, nothing written; (b) eventsourcing's own
   ProjectionRunner following the tenant Application into a PostgreSQL counter view (eventsourcing's test
   view: one transaction per event, with its tracking row) over the first --es-events [all] events.
2. Latency: projections/runner.py on an asyncio task in this process follows a tenant holding the Sóc Trăng
   programme; a thread issues rename_unit at --rate [50]/s for --seconds [10]; per command, the time from its
   return until Positions.wait_for (woken by the projector's NOTIFY) sees audit, then timeline, at its
   notification id.
3. Rebuild: --rebuild-events [1,000,000] events of the same mix, then projections/rebuild.py for each
   projection alone and for both from one reader: time, events/s, VmRSS sampled every 20 ms during it,
   and the process's ru_maxrss.
Targets: all read models ≥ 100,000 events/s (≥ 50 × eventsourcing's runner); p99 < 100 ms; RSS < 500 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import statistics
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import msgspec
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.projection import ProjectionRunner as EventsourcingRunner
from own_database import own_services
from psycopg.sql import SQL, Identifier

from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm, TeamMember
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import UnitKind
from isotrail.projections.event_log import event_log
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import DEFAULT_BATCH_SIZE, Projector, build_projection
from isotrail.projections.rebuild import rebuild
from isotrail.projections.runner import ProjectionRunner, RunnerSettings, projector_name
from isotrail.projections.servers import ServerPools
from isotrail.projections.table_ddl import index_statements
from isotrail.projections.waiting import Positions
from isotrail.services.catalogues import load_catalogue
from isotrail.services.commands import RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.entrypoints.bootstrap import Services
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication

SEED = load_seed()
CATALOGUE = load_catalogue(SEED["programme"]["catalogue_version"])
CLAUSES = list(SEED["finding_to_item"])
ADMIN = Caller("bench", Role.TENANT_ADMIN, correlation_id="bench-projections")
UNITS_PER_PROGRAMME = 20
RENAME_SHARE = 0.3
TEAM = [DecisionTeamMember("Trưởng đoàn", TeamRole.TEAM_LEADER), DecisionTeamMember("Kiểm tra viên", TeamRole.MEMBER)]
D = date.fromisoformat
REGISTERED, DRAFTED, PLAN, ON, REPORTED, CHECKED, CLOSED = map(D, (
    "2020-01-02", "2020-02-20", "2020-03-05", "2020-06-02", "2020-07-20", "2020-08-10", "2020-12-15"))


# The event mix -----------------------------------------------------------------------------------
def _programme(tenant: str, n: int) -> list[Any]:
    """One programme, its units and their inspections, from draft to report, plus the unit renames."""
    units = [Unit.register(tenant=tenant, code=f"U{n}-{i}", name=f"Ủy ban nhân dân xã số {n}-{i}",
                           kind=UnitKind.COMMUNE_COMMITTEE, occurred_on=REGISTERED)
             for i in range(UNITS_PER_PROGRAMME)]
    plan = SEED["programme"]
    programme = Programme.draft(
        tenant=tenant, code=f"P{n}", year=2020, title=plan["title"], plan_number=f"{n}/KH-UBND",
        plan_date=PLAN, legal_basis=plan["legal_basis"], standard="TCVN ISO 9001:2015",
        catalogue_version=CATALOGUE.version, organiser=plan["organiser"], occurred_on=DRAFTED)
    for i, unit in enumerate(units):
        programme.add_unit(unit.id, InspectionForm.ON_SITE, occurred_on=DRAFTED,
                           joint_team=plan["joint_team"] if i % 5 == 0 else None)
    for member in plan["team"]:
        programme.assign_team_member(TeamMember(**{k: v for k, v in member.items() if k != "unit"}),
                                     occurred_on=DRAFTED)
    programme.set_schedule(D(plan["starts_on"]), D(plan["ends_on"]), occurred_on=DRAFTED)
    programme.approve(approved_by=plan["approved_by"], occurred_on=PLAN, register=units)
    aggregates: list[Any] = [*units, programme]
    for i, unit in enumerate(units):
        inspection = programme.schedule_inspection(unit.id, scheduled_on=ON, occurred_on=PLAN)
        inspection.issue_decision(decision_number=f"{i + 1}/QĐ-SKHCN", signer="Giám đốc Sở KH&CN", team=TEAM,
                                  scope="Duy trì, cải tiến HTQLCL", starts_on=ON, ends_on=ON, occurred_on=PLAN)
        inspection.conduct(inspectors=plan["inspectors"], occurred_on=ON)
        clauses = CLAUSES[i % 4:i % 4 + i % 4]  # 0 to 3 nonconformities
        failing = {SEED["finding_to_item"][clause] for clause in clauses}
        for item in SEED["assessed_items"]:
            result = AssessmentResult.NONCONFORMS if item in failing else AssessmentResult.CONFORMS
            inspection.assess(CATALOGUE, item, result, occurred_on=ON)
        found = [inspection.raise_nonconformity(CATALOGUE, clause, SEED["finding_texts"][clause], occurred_on=ON)
                 for clause in clauses]
        inspection.sign_minutes(minutes_number=f"{i + 1}/BB-ĐKT",
                                team_leader_signatory="Trưởng đoàn", unit_signatory="Chủ tịch UBND xã",
                                occurred_on=ON)
        if found:
            inspection.receive_corrective_action_report(reference=f"{i + 1}/BC-UBND", summary="Đã khắc phục.",
                                                        occurred_on=REPORTED)
        for nonconformity_id in found[:2]:
            inspection.verify_corrective_action(nonconformity_id, occurred_on=CHECKED)
        for nonconformity_id in found[2:]:
            inspection.reject_corrective_action(nonconformity_id, notice_number=f"{i + 1}/TB-SKHCN",
                                                reason="Chưa có bằng chứng khắc phục.", occurred_on=CHECKED)
        if i % 2:
            inspection.record_recommendation(RecommendationSource.UNIT, "Đề nghị tập huấn HTQLCL.", occurred_on=ON)
        aggregates.append(inspection)
    programme.report_results(report_number=f"{n}/BC-SKHCN", summary=plan["report"]["summary"],
                             proposals=plan["report"]["proposals"], occurred_on=CLOSED)
    others = sum(len(a.pending_events) for a in aggregates)
    for r in range(round(others * RENAME_SHARE / (1 - RENAME_SHARE))):
        units[r % len(units)].rename(f"Ủy ban nhân dân phường số {n}-{r}", occurred_on=REGISTERED)
    return aggregates


def write_mix(services: Services, slug: str, events: int, per_save: int = 500) -> tuple[int, float]:
    """At least ``events`` events in whole programmes (about 650 each), ~``per_save`` per app.save();
    (count, seconds). A save of two programmes (1,300 events, one psycopg pipeline) never returned over a
    Unix socket, as to the embedded server (psycopg 3.3.9: the pipeline deadlocks once the socket's buffers
    are full, cf. psycopg issue 685); over TCP it did."""
    started, written, n = time.perf_counter(), 0, 0
    with services.tenants.application(Tenant(slug)) as app, recording_as(
            EventMeta(ADMIN.actor_id, ADMIN.role, slug, ADMIN.correlation_id)):
        while written < events:
            batch: list[Any] = []
            while written < events and sum(len(a.pending_events) for a in batch) < per_save:
                programme = _programme(slug, n)
                written += sum(len(a.pending_events) for a in programme)
                batch += programme
                n += 1
            app.save(*batch)
    return written, time.perf_counter() - started


# 1. Catch-up and its two baselines -------------------------------------------------------------
async def indexed_projector(pool: Any, storage: Tenant, names: Sequence[str], suffix: str) -> Projector:
    """A projector into fresh tables with every index the live ones have (a rebuild's tables, which have
    a suffix too, get their secondary indexes only once full: a catch-up into live tables maintains them)."""
    projections = [build_projection(name, storage, suffix) for name in names]
    projector = Projector(pool, storage, projections)
    await projector.prepare()
    async with pool.acquire() as conn:
        for projection in projections:
            for statement in index_statements(projection.tables, storage.schema, suffix):
                await conn.execute(statement)
    return projector


async def fold_times(dsn: str, storage: Tenant) -> tuple[int, float, float, float, float]:
    """Events; seconds for (a) read + decode, audit, timeline, both at once (from 0, into fresh tables)."""
    pool = await create_pool(dsn, max_size=4)
    decode, select = msgspec.json.Decoder().decode, event_log(storage).select
    try:
        async with pool.acquire() as conn:
            started, position, count = time.perf_counter(), 0, 0
            while rows := await conn.fetch(select, position, DEFAULT_BATCH_SIZE):
                for row in rows:
                    decode(row["state"])
                count, position = count + len(rows), rows[-1]["notification_id"]
        times = [time.perf_counter() - started]
        for run, names in (("a", ("audit",)), ("t", ("timeline",)), ("b", ("audit", "timeline"))):
            projector = await indexed_projector(pool, storage, names, f"__bench_{run}")
            started = time.perf_counter()
            await projector.catch_up()
            times.append(time.perf_counter() - started)
        return count, *times
    finally:
        await pool.close()


def _catch_up_alone(dsn: str, slug: str, name: str, start: Any, seconds: Any) -> None:
    """In a process of its own: one projection from 0 into fresh tables, started with the others."""

    async def run() -> float:
        storage = Tenant(slug)
        pool = await create_pool(dsn, max_size=4)
        try:
            projector = await indexed_projector(pool, storage, [name], "__bench_p")
            start.wait()
            started = time.perf_counter()
            await projector.catch_up()
            return time.perf_counter() - started
        finally:
            await pool.close()

    seconds.put((name, asyncio.run(run())))


def process_per_projection_time(dsn: str, slug: str) -> float:
    """Seconds until every projection is caught up, each in a process of its own started at the same time,
    as ``projections run --projection audit`` and ``--projection timeline`` run them."""
    spawn = multiprocessing.get_context("spawn")
    names = ("audit", "timeline")
    start, seconds = spawn.Barrier(len(names) + 1), spawn.Queue()
    processes = [spawn.Process(target=_catch_up_alone, args=(dsn, slug, name, start, seconds)) for name in names]
    for process in processes:
        process.start()
    start.wait()
    started = time.perf_counter()
    for process in processes:
        process.join()
    assert all(process.exitcode == 0 for process in processes), [process.exitcode for process in processes]
    return time.perf_counter() - started


class CountersView(PostgresTrackingRecorder):
    """eventsourcing's own PostgreSQL test view: a counter upsert and a tracking row per transaction."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        table = Identifier(self.datastore.schema, self.tracking_table_name.replace("_tracking", "_counters"))
        self.sql_create_statements.append(
            SQL("CREATE TABLE IF NOT EXISTS {0} (counter_name text PRIMARY KEY, counter bigint)").format(table))
        self.incr_statement = SQL("INSERT INTO {0} VALUES (%s, 1) ON CONFLICT (counter_name) "
                                  "DO UPDATE SET counter = {0}.counter + 1").format(table)

    def incr(self, name: str, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self._insert_tracking(curs, tracking)
            curs.execute(self.incr_statement, (name,), prepare=True)


class CountEvents(Projection[CountersView]):
    name = "bench_es_counters"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.incr(type(domain_event).__qualname__, tracking)


def eventsourcing_runner(slug: str, env: Mapping[str, str], last: int) -> float:
    """Baseline (b): seconds for eventsourcing's ProjectionRunner to track notification ``last``."""

    class FollowedApplication(TenantApplication):  # eventsourcing constructs it from the env alone
        def __init__(self, env: Mapping[str, str] | None = None) -> None:
            super().__init__(Tenant(slug), env or {})

    started = time.perf_counter()
    with EventsourcingRunner(application_class=FollowedApplication, projection_class=CountEvents,
                             view_class=CountersView, env=dict(env)) as runner:
        while (runner.view.max_tracking_id(runner.app_name) or 0) < last:
            runner.run_forever(0.02)  # sleeps 20 ms, or re-raises the error of its processing thread
            assert not runner.is_interrupted.is_set(), "eventsourcing's runner stopped early"
        return time.perf_counter() - started


# 2. Command → visible latency ------------------------------------------------------------------
async def latency(services: Services, slug: str, seconds: float, rate: float) -> list[tuple[float, float]]:
    """(audit, all read models) seconds from each rename_unit's return until it is folded."""
    dsn, storage = services.database.url, Tenant(slug)
    runner = ProjectionRunner(ServerPools(dsn, services.tenants.registry, application_name=projector_name()),
                              RunnerSettings(tenants=(slug,)))
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    pools, loop = ServerPools(dsn, services.tenants.registry, max_size=16), asyncio.get_running_loop()
    positions = Positions(pools)
    await pools.listen()

    async def visible(notification_id: int, returned: float) -> tuple[float, float]:
        await positions.wait_for(storage, "audit", notification_id, timeout=30)
        audit = time.perf_counter() - returned
        await positions.wait_for(storage, "timeline", notification_id, timeout=30)
        return audit, time.perf_counter() - returned

    def commands(app: TenantApplication, unit_ids: list[Any]) -> list[Any]:
        futures, started = [], time.perf_counter()
        for i in range(int(seconds * rate)):
            time.sleep(max(0.0, started + i / rate - time.perf_counter()))
            recorded = handle(app, ADMIN, RenameUnit(unit_id=unit_ids[i % len(unit_ids)],
                                                     name=f"Đơn vị đổi tên lần {i}", occurred_on=date(2025, 7, 1)))
            futures.append(asyncio.run_coroutine_threadsafe(
                visible(recorded.notification_id, time.perf_counter()), loop))
        return futures

    try:
        with services.tenants.application(Tenant(slug)) as app:
            replay_seed(app)
            unit_ids = [app.unit_id(unit["code"]) for unit in SEED["units"]]
            last = app.recorder.max_notification_id()
            await visible(last, time.perf_counter())  # the runner found the tenant and caught up
            futures = await asyncio.to_thread(commands, app, unit_ids)
            return [await asyncio.wrap_future(future) for future in futures]
    finally:
        stop.set()
        await task
        await pools.close()


# 3. Rebuild --------------------------------------------------------------------------------------
def vm_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


async def rebuild_all(dsn: str, storage: Tenant) -> list[tuple[str, int, float, float]]:
    """(projections, position, seconds, peak VmRSS MB): each projection alone, then both from one reader."""
    pool, results, peak, done = await create_pool(dsn, max_size=4), [], [0.0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], vm_rss_mb())

    threading.Thread(target=sample, daemon=True).start()
    try:
        for names in (["audit"], ["timeline"], ["audit", "timeline"]):
            peak[0], started = vm_rss_mb(), time.perf_counter()
            position = await rebuild(pool, storage, names)
            results.append(("+".join(names), position, time.perf_counter() - started, max(peak[0], vm_rss_mb())))
        return results
    finally:
        done.set()
        await pool.close()


def event_mix(services: Services, storage: Tenant, total: int) -> str:
    with services.database.connect() as conn:
        counts = conn.execute(SQL("SELECT topic, count(*) FROM {} GROUP BY topic ORDER BY 2 DESC").format(
            Identifier(storage.schema, storage.events_table))).fetchall()
    return ", ".join(f"{topic.rsplit('.', 1)[-1]} {n / total:.0%}" for topic, n in counts[:5]) + ", …"


def report_catch_up(services: Services, slug: str, events: int, es_events: int) -> None:
    dsn, storage = services.database.url, Tenant(slug)
    events, write_seconds = write_mix(services, slug, events)
    print(f"1. Catch-up: {events:,} events in one tenant (written in {write_seconds:.1f} s, "
          f"{events / write_seconds:,.0f}/s)\n"
          f"   mix: {event_mix(services, storage, events)}")
    count, raw, audit, timeline, both = asyncio.run(fold_times(dsn, storage))
    assert count == events, (count, events)
    apart = process_per_projection_time(dsn, slug)
    es_events = min(es_events or events, events)
    env = services.database.eventsourcing_env(storage.schema, services.settings.tenants)
    es = es_events / eventsourcing_runner(slug, env, es_events)
    rows = [("(a) asyncpg read + msgspec decode, nothing written", events / raw),
            (f"(b) eventsourcing ProjectionRunner, counter view, {es_events:,} events", es),
            ("isotrail audit alone", events / audit),
            ("isotrail timeline alone", events / timeline),
            ("isotrail audit, then timeline: events / (sum of times)", events / (audit + timeline)),
            ("isotrail both from one reader, as the runner does", events / both),
            ("isotrail both at once, a process each (run --projection)", events / apart)]
    width = max(len(name) for name, _ in rows)
    print(f"   {'':{width}}  {'events/s':>9}  {'÷ (a)':>6}  {'÷ (b)':>6}")
    for name, rate in rows:
        print(f"   {name:{width}}  {rate:9,.0f}  {rate / rows[0][1]:6.2f}  {rate / es:6.1f}")
    best = max(events / (audit + timeline), events / both, events / apart)
    print(f"   all read models, the fastest way: {best:,.0f} events/s = {best / es:.1f} × eventsourcing's runner "
          "(target ≥ 100,000 events/s, ≥ 50 ×)\n")


def report_latency(services: Services, slug: str, seconds: float, rate: float) -> None:
    samples = asyncio.run(latency(services, slug, seconds, rate))
    print(f"2. Command → visible: {len(samples)} rename_unit at {rate:.0f}/s, ProjectionRunner in this process")
    for label, values in (("audit", [a for a, _ in samples]), ("all read models", [b for _, b in samples])):
        q = [1000 * x for x in statistics.quantiles(values, n=100, method="inclusive")]
        print(f"   {label:15}  ms: p50 {q[49]:5.1f}, p95 {q[94]:5.1f}, p99 {q[98]:5.1f}, max {1000 * max(values):5.1f}")
    print("   target: p99 < 100 ms\n")


def report_rebuild(services: Services, slug: str, events: int) -> None:
    events, write_seconds = write_mix(services, slug, events)
    print(f"3. Rebuild: {events:,} events (written in {write_seconds:.1f} s, {events / write_seconds:,.0f}/s); "
          f"VmRSS before: {vm_rss_mb():.0f} MB; peak during each rebuild:")
    results = asyncio.run(rebuild_all(services.database.url, Tenant(slug)))
    for name, position, seconds, peak in results:
        print(f"   {'rebuild ' + name:23}  {seconds:6.1f} s  {position / seconds:9,.0f} events/s  VmRSS {peak:.0f} MB")
    sequential = results[0][2] + results[1][2]
    print(f"   {'audit, then timeline':23}  {sequential:6.1f} s  {events / sequential:9,.0f} events/s "
          f"(sum of the first two; both from one reader: {sequential / results[2][2]:.2f} × faster)\n"
          f"   ru_maxrss of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(target < 500 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000, help="events in the catch-up tenant")
    parser.add_argument("--es-events", type=int, default=0, help="events for eventsourcing's runner (0: all)")
    parser.add_argument("--rebuild-events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of the latency run")
    parser.add_argument("--rate", type=float, default=50.0, help="commands per second in the latency run")
    args = parser.parse_args()
    with own_services("projections") as services:
        slugs = {part: f"bench_{part}" for part in ("catchup", "latency", "rebuild")}
        for slug in slugs.values():
            services.tenants.create(Tenant(slug), "Tỉnh đo hiệu năng (đọc)")
        print(f"tenants {', '.join(slugs.values())}\n")
        report_catch_up(services, slugs["catchup"], args.events, args.es_events)
        report_latency(services, slugs["latency"], args.seconds, args.rate)
        report_rebuild(services, slugs["rebuild"], args.rebuild_events)


if __name__ == "__main__":
    main()
