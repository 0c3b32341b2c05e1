"""Scale benchmark: how many tenants one PostgreSQL and one projector process carry.

Run:  python tests/bench/scale.py [--tenants 200] [--seeded 5] [--idle-seconds 10]
Uses DATABASE_URL's server (else the embedded PostgreSQL) and makes a database of its own there, dropped
at the end, so that no other process's projector follows its tenants. Measured in the same run:
1. Tenants: the time to create --tenants [200] tenants (schema, event and snapshot tables), the catalog
   objects and disk each costs; --seeded [5] of them replay the Sóc Trăng 2020 programme through the
   commands (commands/s, events, disk of a seeded tenant).
2. One projector process (projections/runner.py on a task in this process) follows every tenant: the time
   to own and catch up all of them from zero, then, idle, its CPU and PostgreSQL's per second — beside the
   same projector following one tenant (the baseline).
3. The ministry's national query (one UNION ALL over every tenant's programme summary): p50/p99 latency for
   all tenants beside one tenant.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from own_database import own_services

from isotrail.domain.tenancy import Tenant
from isotrail.projections.pool import create_pool
from isotrail.projections.queries import national_summaries
from isotrail.projections.runner import ProjectionRunner, RunnerSettings, projector_name
from isotrail.projections.servers import ServerPools
from isotrail.projections.status import projection_statuses
from isotrail.services.demo import replay_seed
from isotrail.services.entrypoints.bootstrap import Services
from isotrail.services.registry import Registry


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (from /proc, in clock ticks)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except FileNotFoundError:
            continue
    return total / os.sysconf("SC_CLK_TCK")


# 1. Tenants --------------------------------------------------------------------------------------
def create_tenants(services: Services, count: int, seeded: int) -> list[str]:
    slugs = [f"scale{n:04d}" for n in range(count)]
    with services.database.connect() as conn:
        before = conn.execute("SELECT count(*) FROM pg_class").fetchone()[0]
        size_before = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    started = time.perf_counter()
    for slug in slugs:
        services.tenants.create(Tenant(slug), f"Tỉnh {slug}")
    created = time.perf_counter() - started
    with services.database.connect() as conn:
        objects = conn.execute("SELECT count(*) FROM pg_class").fetchone()[0] - before
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] - size_before
    print(f"1. {count} tenants created in {created:.1f} s ({created / count * 1000:.0f} ms each); "
          f"{objects / count:.0f} catalog objects and {size / count / 1024:.0f} KiB each")
    started, commands = time.perf_counter(), 0
    for slug in slugs[:seeded]:
        with services.tenants.application(Tenant(slug)) as app:
            commands += replay_seed(app).total
    seconds = time.perf_counter() - started
    with services.database.connect() as conn:
        events = conn.execute(f'SELECT count(*) FROM "tenant_{slugs[0]}"."isotrail_{slugs[0]}_events"').fetchone()[0]
        disk = conn.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                            "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
                            (f"tenant_{slugs[0]}",)).fetchone()[0]
    print(f"   {seeded} tenants seeded with the 2020 programme: {commands:,} commands in {seconds:.1f} s "
          f"({commands / seconds:,.0f}/s, one process); {events:,} events and {disk / 1024 / 1024:.1f} MiB "
          f"(events + snapshots) per seeded tenant")
    return slugs


# 2. One projector, many tenants ------------------------------------------------------------------
async def follow(
    dsn: str, registry: Registry, tenants: list[str], idle_seconds: float
) -> tuple[float, float, float, int]:
    """(seconds to own and catch up all, projector CPU/s idle, PostgreSQL CPU/s idle, connections)."""
    runner = ProjectionRunner(ServerPools(dsn, registry, application_name=projector_name()),
                              RunnerSettings(tenants=tuple(tenants), discover_seconds=0.5))
    stop = asyncio.Event()
    pools = ServerPools(dsn, registry, max_size=2)
    pool = await pools.pool()
    started = time.perf_counter()
    task = asyncio.create_task(runner.run(stop))
    try:
        while True:
            statuses = await projection_statuses(pools, tenants)
            if len(runner.owned) == 2 * len(tenants) and all(s.lag == 0 for s in statuses):
                break
            await asyncio.sleep(0.2)
        caught_up = time.perf_counter() - started
        async with pool.acquire() as conn:
            backends = [r["pid"] for r in await conn.fetch(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1", runner.name)]
        me, cpu_before, pg_before = os.getpid(), cpu_seconds([os.getpid()]), cpu_seconds(backends)
        await asyncio.sleep(idle_seconds)
        projector_cpu = (cpu_seconds([me]) - cpu_before) / idle_seconds
        postgres_cpu = (cpu_seconds(backends) - pg_before) / idle_seconds
        return caught_up, projector_cpu, postgres_cpu, len(backends)
    finally:
        stop.set()
        await task
        await pools.close()


# 3. The national query ---------------------------------------------------------------------------
async def national_latency(dsn: str, services: Services, tenants: list[str], rounds: int = 50) -> list[float]:
    names = {t.slug: t.display_name for t in services.tenants.list()}
    pairs = [(slug, names[slug]) for slug in tenants]
    pool = await create_pool(dsn, max_size=1)
    try:
        async with pool.acquire() as conn:
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                rows = await national_summaries(conn, pairs, 2020)
                samples.append(time.perf_counter() - started)
            assert rows, "the national query found no programme"
            return samples
    finally:
        await pool.close()


def quantiles_ms(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {q[49] * 1000:6.1f} ms, p99 {q[98] * 1000:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=200)
    parser.add_argument("--seeded", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    args = parser.parse_args()
    with own_services("scale") as services:
        dsn = services.database.url
        slugs = create_tenants(services, args.tenants, args.seeded)
        print(f"\n2. One projector process following tenants (idle figures over {args.idle_seconds:.0f} s)")
        print(f"   {'tenants':>8}  {'own + catch up':>14}  {'projector CPU':>13}  {'PostgreSQL CPU':>14}  "
              "connections")
        for tenants in (slugs[:1], slugs):
            following = follow(dsn, services.registry, tenants, args.idle_seconds)
            seconds, projector, postgres, connections = asyncio.run(following)
            print(f"   {len(tenants):>8}  {seconds:>12.1f} s  {projector * 100:>12.1f}%  {postgres * 100:>13.1f}%  "
                  f"{connections:>11}")
        print(f"\n3. The ministry's national query for 2020 ({args.seeded} tenants hold a programme)")
        for tenants in (slugs[:1], slugs):
            samples = asyncio.run(national_latency(dsn, services, tenants))
            print(f"   {len(tenants):>4} tenants: {quantiles_ms(samples)}")


if __name__ == "__main__":
    main()
