"""Tenant-merge benchmark (issue 17): two provinces of --events events each merged into a successor, and what
the successor's readers pay for reading them through it, beside an unmerged tenant holding the same events.

Run:  DATABASE_URL=… python tests/bench/tenant_merge.py [--events 500000] [--requests 200]
In a database of its own (own_database.py), dropped at the end. Measured in one run:
1. Two predecessors, each with --events [500,000] events of projections.py's realistic mix written through the
   Application (their ids are uuid5 of their own slugs, so they never collide), and a control tenant that holds
   both logs copied into its own by one INSERT … SELECT each (events and snapshots, as stored: the same
   aggregates, the same streams, in one log of 2 × --events).
2. The merge (services/tenant_merge.py, creating the successor): the transaction's time; then the successor's
   projections folding both predecessors' logs from zero, beside the control's folding the same events from its
   own log.
3. Reads over /graphql (the API's app, response cache off, served in this process on the API's uvicorn settings),
   --requests [200] of each, the successor's and the control's alternating so that the machine's load falls on
   both alike: the province dashboard (api.py's: the 2020 programmes' figures and the first 100 units), and
   ``unitAsOf`` of a predecessor's unit with the longest stream (as of now: from its nearest snapshot), which
   the successor finds in its predecessor's store (graphql/reading.py) and the control in its own. p50/p99 of
   each and the ratio successor / control. Target ≤ 1.5 ×.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID

import httpx
from api import DASHBOARD, serve
from own_database import own_services

from isotrail.domain.identifiers import quoted
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.graphql.app import create_app
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.services.entrypoints.bootstrap import Services, api_read_pools
from isotrail.services.http_settings import HttpSettings
from isotrail.services.tenant_merge import merge_tenants
from tests.bench.projections import write_mix

PREDECESSORS = (Tenant("bench_soc_trang"), Tenant("bench_hau_giang"))
SUCCESSOR, CONTROL = Tenant("bench_can_tho"), Tenant("bench_unmerged")
UNIT_AS_OF = "query($id: UUID!, $at: DateTime!) { unitAsOf(id: $id, asOf: $at) { version name } }"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


# 1. The tenants ---------------------------------------------------------------------------------
def make_tenants(services: Services, events: int) -> int:
    """The two predecessors and the control; returns the events the control holds (both predecessors')."""
    for tenant in PREDECESSORS:
        services.tenants.create(tenant, f"Sở KH&CN {tenant.slug} (đo hiệu năng hợp nhất)")
        written, seconds = write_mix(services, tenant.slug, events)
        print(f"1. {tenant.slug}: {written:,} events written in {seconds:.1f} s ({written / seconds:,.0f}/s)")
    services.tenants.create(CONTROL, "Sở KH&CN chưa hợp nhất (đo hiệu năng)")
    started = time.perf_counter()
    with services.database.connect() as conn:
        for table in ("events", "snapshots"):
            target = quoted(CONTROL.schema, f"{CONTROL.application_name}_{table}")
            for tenant in PREDECESSORS:
                source = quoted(tenant.schema, f"{tenant.application_name}_{table}")
                order = " ORDER BY notification_id" if table == "events" else ""
                conn.execute(f"INSERT INTO {target} (originator_id, originator_version, topic, state) "
                             f"SELECT originator_id, originator_version, topic, state FROM {source}{order}")
        total = conn.execute(f"SELECT count(*) FROM {quoted(CONTROL.schema, CONTROL.events_table)}").fetchone()[0]
    print(f"   {CONTROL.slug}: both logs copied into one ({total:,} events) in {time.perf_counter() - started:.1f} s")
    return total


def longest_stream(services: Services, tenant: Tenant) -> tuple[UUID, int]:
    """The unit (a stream of ``Unit`` events) with the most events in ``tenant``'s log, and its length."""
    with services.database.connect() as conn:
        return conn.execute(
            f"SELECT originator_id, max(originator_version) FROM {quoted(tenant.schema, tenant.events_table)} "
            "WHERE topic LIKE '%Unit.%' GROUP BY originator_id ORDER BY 2 DESC LIMIT 1").fetchone()


# 2. The merge and the folds ----------------------------------------------------------------------
async def fold(services: Services, tenant: Tenant) -> float:
    """Seconds for ``tenant``'s projections to fold every log they read (its own and its predecessors') from zero."""
    pool = await create_pool(services.database.url)
    try:
        sources = (await services.registry.lineages()).get(tenant.slug, ())
        projector = Projector(pool, tenant, [build_projection(name, tenant) for name in PROJECTIONS],
                              sources=sources)
        await projector.prepare()
        started = time.perf_counter()
        await projector.catch_up()
        return time.perf_counter() - started
    finally:
        await pool.close()


def merge_and_fold(services: Services, events: int, total: int) -> None:
    started = time.perf_counter()
    report = merge_tenants(services.tenants, SUCCESSOR, list(PREDECESSORS), date(2025, 7, 1),
                           display_name="Sở KH&CN thành phố Cần Thơ (đo hiệu năng)", decision_number="202/2025/QH15")
    merged = time.perf_counter() - started
    print(f"2. merge of {len(report.merged_now)} tenants of {events:,} events each into {SUCCESSOR.slug} "
          f"(created: {report.created}): {merged * 1000:.0f} ms, nothing copied ({load()})")
    successor = asyncio.run(fold(services, SUCCESSOR))
    control = asyncio.run(fold(services, CONTROL))
    print(f"   read models folded from zero: {SUCCESSOR.slug} from both predecessors' logs {successor:.1f} s "
          f"({total / successor:,.0f} events/s); {CONTROL.slug} from its own log {control:.1f} s "
          f"({total / control:,.0f} events/s); ratio {successor / control:.2f}")


# 3. Reads over /graphql --------------------------------------------------------------------------
def paired(first: Callable[[], object], second: Callable[[], object], times: int) -> tuple[list[float], list[float]]:
    """Latencies in ms of ``times`` runs of each, alternating (which goes first alternating too), after warm-ups."""
    for _ in range(3):
        first(), second()
    timings: tuple[list[float], list[float]] = ([], [])
    for n in range(times):
        for which in ((0, 1) if n % 2 == 0 else (1, 0)):
            started = time.perf_counter()
            (first, second)[which]()
            timings[which].append((time.perf_counter() - started) * 1000)
    return timings


def p50_p99(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.99) - 1)]


def reads(services: Services, requests: int) -> None:
    pools = api_read_pools(services.database.url, services.registry, services.settings.http.read_pool_size)
    server, url = serve(create_app(services.tokens, services.tenants, pools, http=HttpSettings(response_cache=False)))
    unit_id, length = longest_stream(services, PREDECESSORS[0])
    at = datetime.now(UTC).isoformat()
    bodies = {"dashboard": {"query": DASHBOARD},
              f"unitAsOf ({PREDECESSORS[0].slug}'s unit of {length} events)": {
                  "query": UNIT_AS_OF, "variables": {"id": str(unit_id), "at": at}}}
    clients = {tenant: httpx.Client(timeout=60, headers={"Authorization": "Bearer " + services.tokens.mint(
        tenant=tenant, role=Role.VIEWER, subject="bench")}) for tenant in (SUCCESSOR, CONTROL)}
    try:
        print(f"3. reads over /graphql, {requests} of each, the successor's and the control's alternating ({load()})")
        print(f"  {'':66} {'p50 ms':>8} {'p99 ms':>8}")
        for label, body in bodies.items():
            answers = [clients[tenant].post(f"{url}/graphql", json=body).json() for tenant in (SUCCESSOR, CONTROL)]
            assert answers[0] == answers[1] and "errors" not in answers[0], answers  # the same answer from both
            merged, unmerged = paired(*(lambda c=clients[t], b=body: c.post(f"{url}/graphql", json=b).raise_for_status()
                                        for t in (SUCCESSOR, CONTROL)), requests)
            (m50, m99), (u50, u99) = p50_p99(merged), p50_p99(unmerged)
            print(f"  {label + ', ' + SUCCESSOR.slug + ' (merged)':66} {m50:8.1f} {m99:8.1f}")
            print(f"  {label + ', ' + CONTROL.slug + ' (unmerged)':66} {u50:8.1f} {u99:8.1f}")
            print(f"  {'ratio merged / unmerged (target ≤ 1.5)':66} {m50 / u50:8.2f} {m99 / u99:8.2f}")
    finally:
        for client in clients.values():
            client.close()
        server.should_exit = True
    print(f"   ({load()})")


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500_000, help="events in each predecessor")
    parser.add_argument("--requests", type=int, default=200, help="requests of each query, per tenant")
    args = parser.parse_args()
    print(f"tenant merge benchmark, {args.events:,} events per predecessor ({load()})")
    with own_services("merge") as services:
        total = make_tenants(services, args.events)
        merge_and_fold(services, args.events, total)
        reads(services, args.requests)


if __name__ == "__main__":
    main()
