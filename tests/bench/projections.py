"""Read-side benchmark: projection catch-up, command → visible latency, and a full rebuild.

Run:  python tests/bench/projections.py [--events 200000] [--es-events N] [--rebuild-events 1000000]
                                        [--seconds 10] [--rate 50]
Uses DATABASE_URL when set, else the embedded PostgreSQL (as `isotrail serve` does). The tenants it
makes (through TenantRegistry) are purged at the end, also on error or Ctrl-C.

What is measured, on the same PostgreSQL in the same run:
1. Catch-up: --events events of a realistic mix in ONE tenant (programmes of 20 units each, drafted,
   staffed, approved, every unit inspected: 13 items assessed, 0-3 nonconformities, minutes,
   corrective-action reports verified or not accepted, recommendations, the programme reported; plus
   30 % unit renames), written through the Application, many aggregates per save. Each projection
   then folds them from position 0 into fresh tables, tracking writes included: audit alone,
   timeline alone, and both at once (two tasks on one pool of 4, as projections/runner.py does).
   Beside it, on the same rows: (a) an asyncpg read in batches of 5,000 plus a msgspec decode of
   ``state``, nothing written; (b) eventsourcing's own ``ProjectionRunner`` following the tenant's
   Application into a PostgreSQL counter view (eventsourcing's test view: one transaction per event
   with its tracking row), over the first --es-events events (default: all).
2. Latency: projections/runner.py's ProjectionRunner on an asyncio task in this process follows a
   tenant holding the Sóc Trăng programme, while a thread issues rename_unit at --rate per second for
   --seconds; for each command, the time from its return until wait_for_position (polling every 2 ms)
   sees audit, then timeline, at the command's notification id.
3. Rebuild: --rebuild-events events of the same mix in another tenant (write time printed), then
   projections/rebuild.py for audit and for timeline: time, events/s, VmRSS sampled every 20 ms
   during each rebuild, and the process's ru_maxrss.
Targets: all read models ≥ 100,000 events/s (≥ 50 × eventsourcing's runner); p99 < 100 ms;
rebuild RSS < 500 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import resource
import threading
import time
from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import uuid4

import asyncpg
import msgspec
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.projection import ProjectionRunner as EventsourcingRunner
from psycopg.sql import SQL, Identifier

from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import TenantStorage
from isotrail.domain.unit import Unit
from isotrail.domain.values import AssessmentResult, InspectionForm, RecommendationSource, Role, TeamMember, UnitKind
from isotrail.projections.events import select_events_sql
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import Projector, build_projection
from isotrail.projections.rebuild import rebuild
from isotrail.projections.runner import ProjectionRunner, RunnerSettings
from isotrail.projections.waiting import wait_for_position
from isotrail.services.bootstrap import Services, bootstrap
from isotrail.services.catalogues import load_catalogue
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication

SEED = load_seed()
CATALOGUE = load_catalogue(SEED["programme"]["catalogue_version"])
CLAUSES = list(SEED["finding_to_item"])
ADMIN = Caller("bench", Role.TENANT_ADMIN, correlation_id="bench-projections")
UNITS_PER_PROGRAMME = 20
RENAME_SHARE = 0.3
D = date.fromisoformat
REGISTERED, DRAFTED, PLAN, ON, REPORTED, CHECKED, CLOSED = (
    D("2020-01-02"), D("2020-02-20"), D("2020-03-05"), D("2020-06-02"), D("2020-07-20"), D("2020-08-10"),
    D("2020-12-15"))


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
        programme.assign_team_member(TeamMember(**member), occurred_on=DRAFTED)
    programme.set_schedule(D(plan["starts_on"]), D(plan["ends_on"]), occurred_on=DRAFTED)
    programme.approve(approved_by=plan["approved_by"], occurred_on=PLAN)
    aggregates: list[Any] = [*units, programme]
    for i, unit in enumerate(units):
        inspection = programme.schedule_inspection(unit.id, scheduled_on=ON, occurred_on=PLAN)
        inspection.conduct(inspectors=plan["inspectors"], occurred_on=ON)
        clauses = CLAUSES[i % 4:i % 4 + i % 4]  # 0 to 3 nonconformities
        failing = {SEED["finding_to_item"][clause] for clause in clauses}
        for item in SEED["assessed_items"]:
            result = AssessmentResult.NONCONFORMS if item in failing else AssessmentResult.CONFORMS
            inspection.assess(CATALOGUE, item, result, occurred_on=ON)
        found = [inspection.raise_nonconformity(CATALOGUE, clause, SEED["finding_texts"][clause], occurred_on=ON)
                 for clause in clauses]
        inspection.sign_minutes(minutes_number=f"BBKT-{n}-{i}", unit_signatory="Chủ tịch UBND xã", occurred_on=ON)
        if found:
            inspection.receive_corrective_action_report(reference=f"BCKP-{n}-{i}", occurred_on=REPORTED,
                                                        summary="Đơn vị báo cáo kết quả khắc phục.")
        for k, nonconformity_id in enumerate(found):
            if k == 2:
                inspection.reject_corrective_action(nonconformity_id, notice_number=f"TB-{n}-{i}",
                                                    reason="Chưa có bằng chứng khắc phục.", occurred_on=CHECKED)
            else:
                inspection.verify_corrective_action(nonconformity_id, occurred_on=CHECKED)
        if i % 2:
            inspection.record_recommendation(RecommendationSource.UNIT, "Đề nghị tập huấn thêm về HTQLCL.",
                                             occurred_on=ON)
        aggregates.append(inspection)
    report = plan["report"]
    programme.report_results(report_number=f"{n}/BC-SKHCN", summary=report["summary"],
                             proposals=report["proposals"], occurred_on=CLOSED)
    others = sum(len(a.pending_events) for a in aggregates)
    for r in range(math.ceil(others * RENAME_SHARE / (1 - RENAME_SHARE))):
        units[r % len(units)].rename(f"Ủy ban nhân dân phường số {n}-{r}", occurred_on=REGISTERED)
    return aggregates


def write_mix(services: Services, slug: str, events: int, per_save: int = 10_000) -> tuple[int, float]:
    """At least ``events`` events in whole programmes, ~``per_save`` per app.save(); (count, seconds)."""
    started, written, n = time.perf_counter(), 0, 0
    with services.tenants.application(slug) as app, recording_as(
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

async def catch_up(dsn: str, storage: TenantStorage, names: tuple[str, ...], suffix: str) -> float:
    """Fold every event into fresh ``<table><suffix>`` tables of each projection, concurrently."""
    pool = await create_pool(dsn, max_size=4)
    try:
        projectors = [Projector(pool, storage, build_projection(name, storage, suffix),
                                tracking_name=f"{name}{suffix}") for name in names]
        for projector in projectors:
            await projector.prepare()
        started = time.perf_counter()
        await asyncio.gather(*(projector.catch_up() for projector in projectors))
        return time.perf_counter() - started
    finally:
        await pool.close()


async def raw_decode(dsn: str, storage: TenantStorage) -> tuple[int, float]:
    """Baseline (a): read the rows in batches of 5,000 and decode their state; nothing written."""
    conn = await asyncpg.connect(dsn)
    decode, select = msgspec.json.Decoder().decode, select_events_sql(storage.schema, storage.events_table)
    try:
        started, position, count = time.perf_counter(), 0, 0
        while rows := await conn.fetch(select, position, 5000):
            for row in rows:
                decode(row["state"])
            count, position = count + len(rows), rows[-1]["notification_id"]
        return count, time.perf_counter() - started
    finally:
        await conn.close()


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
            super().__init__(slug, env or {})

    started = time.perf_counter()
    with EventsourcingRunner(application_class=FollowedApplication, projection_class=CountEvents,
                             view_class=CountersView, env=dict(env)) as runner:
        while (runner.view.max_tracking_id(runner.app_name) or 0) < last:
            if runner.is_interrupted.is_set():
                runner.run_forever(0)  # re-raises the processing thread's error
                raise RuntimeError("eventsourcing's runner stopped early")
            time.sleep(0.02)
        return time.perf_counter() - started


# 2. Command → visible latency ------------------------------------------------------------------

async def latency(services: Services, slug: str, seconds: float, rate: float) -> list[tuple[float, float]]:
    """(audit, all read models) seconds from each rename_unit's return until it is folded."""
    dsn, storage = services.database.url, TenantStorage(slug)
    runner, stop = ProjectionRunner(dsn, RunnerSettings(tenants=(slug,))), asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    pool = await create_pool(dsn, max_size=16)
    loop = asyncio.get_running_loop()

    async def visible(notification_id: int, returned: float) -> tuple[float, float]:
        await wait_for_position(pool, storage, "audit", notification_id, timeout=30, interval=0.002)
        audit = time.perf_counter() - returned
        await wait_for_position(pool, storage, "timeline", notification_id, timeout=30, interval=0.002)
        return audit, time.perf_counter() - returned

    def commands(app: TenantApplication, unit_ids: list[Any]) -> list[Any]:
        futures, started = [], time.perf_counter()
        for i in range(int(seconds * rate)):
            time.sleep(max(0.0, started + i / rate - time.perf_counter()))
            recorded = app.rename_unit(ADMIN, unit_ids[i % len(unit_ids)], name=f"Đơn vị đổi tên lần {i}",
                                       occurred_on=date(2025, 7, 1))
            futures.append(asyncio.run_coroutine_threadsafe(
                visible(recorded.notification_id, time.perf_counter()), loop))
        return futures

    try:
        with services.tenants.application(slug) as app:
            replay_seed(app)
            unit_ids = [app.unit_id(unit["code"]) for unit in SEED["units"]]
            last = app.recorder.max_notification_id()
            await visible(last, time.perf_counter())  # the runner found the tenant and caught up
            if len(runner.owned) != 2:
                print("  warning: another projector process owns this tenant's projections")
            futures = await asyncio.to_thread(commands, app, unit_ids)
            return [await asyncio.wrap_future(future) for future in futures]
    finally:
        stop.set()
        await task
        await pool.close()


# 3. Rebuild --------------------------------------------------------------------------------------

def vm_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


async def rebuild_all(dsn: str, storage: TenantStorage) -> list[tuple[str, int, float, float]]:
    """(projection, position, seconds, peak VmRSS MB) for a rebuild of each projection."""
    pool, results = await create_pool(dsn, max_size=4), []
    try:
        for name in ("audit", "timeline"):
            peak, done = [vm_rss_mb()], threading.Event()

            def sample(peak: list[float] = peak, done: threading.Event = done) -> None:
                while not done.wait(0.02):
                    peak[0] = max(peak[0], vm_rss_mb())

            await Projector(pool, storage, build_projection(name, storage)).prepare()  # the live projection
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            started = time.perf_counter()
            position = await rebuild(pool, storage, name)
            elapsed = time.perf_counter() - started
            done.set()
            sampler.join()
            results.append((name, position, elapsed, max(peak[0], vm_rss_mb())))
        return results
    finally:
        await pool.close()


# Report -----------------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def table(rows: list[tuple[str, float, str]], headings: tuple[str, str]) -> None:
    width = max(len(name) for name, *_ in rows)
    print(f"  {'':{width}}  {headings[0]:>12}  {headings[1]}")
    for name, value, note in rows:
        print(f"  {name:{width}}  {value:12,.0f}  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000, help="events in the catch-up tenant")
    parser.add_argument("--es-events", type=int, default=0, help="events for eventsourcing's runner (0: all)")
    parser.add_argument("--rebuild-events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of the latency run")
    parser.add_argument("--rate", type=float, default=50.0, help="commands per second in the latency run")
    args = parser.parse_args()
    services = bootstrap()
    dsn, run = services.database.url, uuid4().hex[:8]
    slugs = {part: f"bench_{part}_{run}" for part in ("catchup", "latency", "rebuild")}
    try:
        for slug in slugs.values():
            services.tenants.create(slug, "Tỉnh đo hiệu năng (đọc)")
        print(f"PostgreSQL at {dsn}; tenants {', '.join(slugs.values())}\n")
        slug = slugs["catchup"]
        storage = TenantStorage(slug)
        events, write_seconds = write_mix(services, slug, args.events)
        print(f"1. Catch-up: {events:,} events in one tenant (written in {write_seconds:.1f} s, "
              f"{events / write_seconds:,.0f}/s)")
        count, raw = asyncio.run(raw_decode(dsn, storage))
        assert count == events, (count, events)
        audit = asyncio.run(catch_up(dsn, storage, ("audit",), "__bench_a"))
        timeline = asyncio.run(catch_up(dsn, storage, ("timeline",), "__bench_t"))
        both = asyncio.run(catch_up(dsn, storage, ("audit", "timeline"), "__bench_b"))
        es_events = min(args.es_events or events, events)
        env = services.database.eventsourcing_env(storage.schema, services.settings.tenants)
        es = es_events / eventsourcing_runner(slug, env, es_events)
        rate_raw, rate_both = events / raw, events / both
        table([
            ("(a) asyncpg read + msgspec decode, nothing written", rate_raw, f"{rate_raw / es:6.1f} ×"),
            (f"(b) eventsourcing ProjectionRunner, counter view ({es_events:,} events)", es, "   1.0 ×"),
            ("isotrail audit alone", events / audit, f"{events / audit / es:6.1f} ×"),
            ("isotrail timeline alone", events / timeline, f"{events / timeline / es:6.1f} ×"),
            ("isotrail audit then timeline (events / sum of both)", events / (audit + timeline),
             f"{events / (audit + timeline) / es:6.1f} ×"),
            ("isotrail audit + timeline at once, as the runner does", rate_both, f"{rate_both / es:6.1f} ×"),
        ], ("events/s", "× eventsourcing runner"))
        print(f"  all read models / raw decode = {rate_both / rate_raw:.2f}; "
              f"/ eventsourcing runner = {rate_both / es:.1f} (target ≥ 50, and ≥ 100,000 events/s)\n")

        samples = asyncio.run(latency(services, slugs["latency"], args.seconds, args.rate))
        print(f"2. Command → visible: {len(samples)} rename_unit at {args.rate:.0f}/s, runner in-process")
        for label, values in (("audit", [a for a, _ in samples]), ("all read models", [b for _, b in samples])):
            figures = ", ".join(f"{name} {percentile(values, share) * 1000:6.1f}"
                                for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0)))
            print(f"  {label:16} ms: {figures}")
        print("  target: p99 < 100 ms\n")

        storage = TenantStorage(slugs["rebuild"])
        events, write_seconds = write_mix(services, slugs["rebuild"], args.rebuild_events)
        print(f"3. Rebuild: {events:,} events (written in {write_seconds:.1f} s, {events / write_seconds:,.0f}/s); "
              f"VmRSS before: {vm_rss_mb():.0f} MB")
        results = asyncio.run(rebuild_all(dsn, storage))
        table([(f"rebuild {name}: {seconds:.1f} s, peak VmRSS {peak:.0f} MB", position / seconds, "")
               for name, position, seconds, peak in results], ("events/s", ""))
        total = sum(seconds for _, _, seconds, _ in results)
        print(f"  both: {total:.1f} s, {events / total:,.0f} events/s for all read models; ru_maxrss of the "
              f"process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (target < 500 MB)")
    finally:
        for slug in slugs.values():
            services.tenants.purge(slug)
        services.close()


if __name__ == "__main__":
    main()
