"""API benchmark: the province dashboard over /graphql beside a raw asyncpg endpoint, and unitAsOf on a
10,000-event stream.

Run:  DATABASE_URL=… python tests/bench/api.py [--requests 2000] [--clients 32] [--rate 100]
        [--open-requests 1000] [--stream 10000] [--shape nodes|edges]

- dashboard: programme summary + every unit with its open nonconformities (78 units, the seed), through
  GraphQL and through a bare Litestar route that runs the same two SQL statements with asyncpg and
  returns the same JSON (``--shape edges``: the units as Relay's edges, each with its cursor, made by the
  raw route too), both served in this process on the API's uvicorn settings (uvloop, httptools), loaded
  from a separate one, in two ways:
  closed loop (``--clients`` clients each sending its next request when the last one answers,
  ``--requests`` in all: the throughput at saturation, where by Little's law latency ≈ clients /
  throughput) and open loop (``--open-requests`` requests sent at ``--rate`` per second whatever the
  answers, latency counted from each request's scheduled time: the latency below saturation; the
  default rate is half the GraphQL closed-loop throughput, so below saturation on a busy machine too).
  Prints requests/s, p50 and p99 of each and the ratios. Targets: p99 < 50 ms, ≥ 0.5 × raw throughput.
- time travel: ``unitAsOf`` of a unit with ``--stream`` events (renames, so its state grows with the
  stream) over GraphQL, as of now by recorded time, by version and by business date (p50/p99), beside
  the same rebuild in-process with snapshots and folded from every event without them; then the same
  for a unit whose ``--stream`` events keep its state small (QMS facts recorded again and again).
  Target < 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import httpx
import uvicorn
from litestar import Litestar, get
from litestar.datastructures import State
from own_database import own_services

from isotrail.domain.metadata import EventMeta, recording_as
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.domain.unit_values import QmsFacts
from isotrail.graphql.app import create_app
from isotrail.projections.cursors import make_cursor
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.projections.tracking import PositionMovedError
from isotrail.projections.unit_queries import UNIT_ORDERINGS
from isotrail.services.demo import replay_seed
from isotrail.services.entrypoints.bootstrap import Services, api_read_pools
from isotrail.services.entrypoints.http_server import server_config
from isotrail.services.history import as_of
from isotrail.services.http_settings import HttpSettings
from isotrail.services.tenant_application import TenantApplication

UNIT_FIELDS = "name openNonconformities overdue nextReportDueOn"
DASHBOARDS = {  # the units as GitHub's `nodes` shortcut, or as Relay clients read them: edges with their cursors
    "nodes": f"units(first: 100) {{ nodes {{ {UNIT_FIELDS} }} }}",
    "edges": f"units(first: 100) {{ edges {{ cursor node {{ {UNIT_FIELDS} }} }} }}",
}


def dashboard_query(shape: str) -> str:
    return ("{ programmes(filter: {year: 2020}) { nodes { planNumber summary { unitsInScope inspected "
            f"unitsWithNonconformities unitsReported }} }} }} {DASHBOARDS[shape]} }}")


DASHBOARD = dashboard_query("nodes")


def raw_app(database_url: str, schema: str, shape: str = "nodes") -> Litestar:
    by_name = UNIT_ORDERINGS["name"]

    def unit(row: Any) -> dict:
        fields = {"name": row["name"], "openNonconformities": row["open_nonconformities"], "overdue": row["overdue"],
                  "nextReportDueOn": row["next_report_due_on"]}
        return fields if shape == "nodes" else {
            "cursor": make_cursor(by_name, row["name_sort"], row["unit_id"]), "node": fields}

    @get("/raw")
    async def dashboard(state: State) -> dict:
        async with state.pool.acquire() as conn:
            summary = await conn.fetchrow(
                f'SELECT plan_number, units_in_scope, inspected, units_with_nonconformities, units_reported '
                f'FROM "{schema}".rm_programme_summary WHERE year = $1', 2020)
            units = await conn.fetch(f'SELECT name, open_nonconformities, overdue, next_report_due_on, name_sort, '
                                     f'unit_id FROM "{schema}".rm_unit_state ORDER BY name_sort, unit_id LIMIT 100')
        return {"data": {"programmes": {"nodes": [{"planNumber": summary["plan_number"], "summary": {
            "unitsInScope": summary["units_in_scope"], "inspected": summary["inspected"],
            "unitsWithNonconformities": summary["units_with_nonconformities"],
            "unitsReported": summary["units_reported"]}}]}, "units": {shape: [unit(u) for u in units]}}}

    async def open_pool(app: Litestar) -> None:
        app.state.pool = await create_pool(database_url, max_size=8)

    async def close_pool(app: Litestar) -> None:
        await app.state.pool.close()

    return Litestar([dashboard], on_startup=[open_pool], on_shutdown=[close_pool])


def serve(app: Litestar) -> tuple[uvicorn.Server, str]:
    """``app`` on uvicorn as the API serves (the same loop, parser and protocol: server_config)."""
    server = uvicorn.Server(server_config(app, HttpSettings(), host="127.0.0.1", port=0))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"


def load(url: str, body: dict | None, token: str | None, requests: int, clients: int) -> tuple[float, list[float]]:
    """In a separate process: ``clients`` closed loops, ``requests`` in all; (seconds, latencies)."""
    async def run() -> tuple[float, list[float]]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        latencies: list[float] = []
        remaining = iter(range(requests))
        async with httpx.AsyncClient(headers=headers, timeout=60) as client:
            async def worker() -> None:
                for _ in remaining:
                    started = time.perf_counter()
                    response = await (client.post(url, json=body) if body else client.get(url))
                    response.raise_for_status()
                    latencies.append(time.perf_counter() - started)
            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(clients)))
            return time.perf_counter() - started, latencies
    return asyncio.run(run())


def offer(url: str, body: dict | None, token: str | None, requests: int, rate: float) -> tuple[float, list[float]]:
    """In a separate process: ``requests`` sent at ``rate`` per second whether or not earlier ones have
    answered (open loop); each latency counts from the request's scheduled time, so a stall is not hidden
    by sending less (no coordinated omission); (seconds, latencies)."""
    async def run() -> tuple[float, list[float]]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        latencies: list[float] = []
        limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
        async with httpx.AsyncClient(headers=headers, timeout=60, limits=limits) as client:
            async def one(scheduled: float) -> None:
                response = await (client.post(url, json=body) if body else client.get(url))
                response.raise_for_status()
                latencies.append(time.perf_counter() - scheduled)
            started = time.perf_counter()
            tasks = []
            for n in range(requests):
                scheduled = started + n / rate
                await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
                tasks.append(asyncio.create_task(one(scheduled)))
            await asyncio.gather(*tasks)
            return time.perf_counter() - started, latencies
    return asyncio.run(run())


@dataclass
class Figures:
    rate: float
    p50: float
    p99: float

    def row(self, label: str) -> str:
        return f"  {label:40} {self.rate:8.0f} {self.p50:8.1f} {self.p99:8.1f}"


def measure(url: str, body: dict | None, token: str | None, requests: int, clients: int,
            rate: float | None = None) -> Figures:
    """Closed loop with ``clients``, or open loop at ``rate`` when given; after a closed-loop warm-up."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pool.apply(load, (url, body, token, min(200, requests), clients))  # warm-up
        if rate is None:
            seconds, latencies = pool.apply(load, (url, body, token, requests, clients))
        else:
            seconds, latencies = pool.apply(offer, (url, body, token, requests, rate))
    latencies.sort()
    return Figures(requests / seconds, statistics.median(latencies) * 1000,
                   latencies[int(len(latencies) * 0.99) - 1] * 1000)


def dashboard(services: Services, cached_url: str, raw_url: str, token: str, args: argparse.Namespace) -> None:
    """The dashboard's figures — raw, GraphQL, and GraphQL answering from its response cache (every
    request after the first hits it, the read models being still) — closed and open loop, with ratios."""
    pools = api_read_pools(services.database.url, services.registry, services.settings.http.read_pool_size)
    uncached, uncached_url = serve(create_app(services.tokens, services.tenants, pools,
                                              http=HttpSettings(response_cache=False)))
    body = {"query": dashboard_query(args.shape)}
    targets = {"raw asyncpg": (f"{raw_url}/raw", None, None), "GraphQL": (f"{uncached_url}/graphql", body, token),
               "GraphQL + response cache": (f"{cached_url}/graphql", body, token)}
    closed = {label: measure(*target, args.requests, args.clients) for label, target in targets.items()}
    rate = args.rate or round(closed["GraphQL"].rate / 2)
    opened = {label: measure(*target, args.open_requests, args.clients, rate) for label, target in targets.items()}
    uncached.should_exit = True
    print(f"dashboard (units as {args.shape}): closed loop, {args.requests} requests from {args.clients} concurrent "
          f"clients; open loop, {args.open_requests} requests at {rate:.0f}/s (load from a separate process, loopback)")
    print(f"  {'':40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for label, figures in closed.items():
        print(figures.row(f"{label}, closed loop"))
    for label, figures in opened.items():
        print(figures.row(f"{label}, open loop {rate:.0f}/s"))
    raw = closed["raw asyncpg"]
    for label in ("GraphQL", "GraphQL + response cache"):
        latency = args.clients / closed[label].rate * 1000
        print(f"  {label}: closed loop {closed[label].rate / raw.rate:.2f} × raw throughput (target ≥ 0.5), "
              f"{args.clients} clients / {closed[label].rate:.0f} req/s = {latency:.0f} ms (Little's law); "
              f"open loop p50 {opened[label].p50:.1f} ms, p99 {opened[label].p99:.1f} ms "
              f"(target < 50 ms; raw's {opened['raw asyncpg'].p99:.1f} ms)")


def percentiles(run: Callable[[], object], times: int = 50) -> tuple[float, float]:
    """(p50, p99) in ms of ``times`` runs after two warm-ups."""
    for _ in range(2):
        run()
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.99) - 1)]


def time_travel(app: TenantApplication, url: str, token: str, unit_id: UUID, label: str) -> None:
    """unitAsOf by each selector over GraphQL, beside the in-process rebuild with and without snapshots."""
    events = list(app.events.get(unit_id, desc=True, limit=1))
    last, now = events[0].originator_version, datetime.now(UTC)
    snapshots = [s.originator_version for s in app.snapshots.get(unit_id, desc=True, limit=1)]
    print(f"unitAsOf, a unit with {last:,} events ({label}; last snapshot at version {snapshots[0]:,}):")
    print(f"  {'':44} {'p50 ms':>8} {'p99 ms':>8}")
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(headers=headers, timeout=60) as client:
        for selector, value in (("asOf", now.isoformat()), ("asOfVersion", last - 1),
                                ("asOfOccurredOn", "2021-12-31")):
            query = (f"query($id: UUID!, $v: {SELECTOR_TYPES[selector]}) "
                     f"{{ unitAsOf(id: $id, {selector}: $v) {{ version name }} }}")
            body = {"query": query, "variables": {"id": str(unit_id), "v": value}}
            answer = client.post(url, json=body).json()
            assert answer["data"]["unitAsOf"]["version"] in (last, last - 1), answer
            p50, p99 = percentiles(lambda body=body: client.post(url, json=body).raise_for_status())
            print(f"  {'GraphQL ' + selector:44} {p50:8.1f} {p99:8.1f}")
    p50, p99 = percentiles(lambda: as_of(app, Unit, unit_id, LookupError, at=now))
    print(f"  {'in-process, from the nearest snapshot':44} {p50:8.1f} {p99:8.1f}")

    def fold_every_event() -> None:
        aggregate = None
        for event in app.events.get(unit_id):
            aggregate = event.mutate(aggregate)
    base50, base99 = percentiles(fold_every_event, times=10)
    print(f"  {'in-process, folded from every event':44} {base50:8.1f} {base99:8.1f}   "
          f"(snapshot / fold p50 = {p50 / base50:.3f}; target < 20 ms over GraphQL)")


SELECTOR_TYPES = {"asOf": "DateTime!", "asOfVersion": "Int!", "asOfOccurredOn": "Date!"}


async def catch_up(database_url: str, slug: str) -> None:
    pool = await create_pool(database_url)
    storage = Tenant(slug)
    projector = Projector(pool, storage, [build_projection(name, storage) for name in PROJECTIONS])
    await projector.prepare()
    while True:  # another process's projector (a test server follows every tenant) may fold it too
        try:
            await projector.catch_up()
            break
        except PositionMovedError:
            continue
    await pool.close()


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--rate", type=float, default=None,
                        help="open-loop requests/s; default half the GraphQL closed-loop throughput just measured")
    parser.add_argument("--open-requests", type=int, default=1000)
    parser.add_argument("--stream", type=int, default=10_000)
    parser.add_argument("--shape", choices=DASHBOARDS, default="nodes",
                        help="the units as `nodes { … }` or as `edges { cursor node { … } }`")
    args = parser.parse_args()
    with own_services("api") as services:
        slug = "benchapi"
        services.tenants.create(Tenant(slug), "Sở KH&CN (đo hiệu năng API)")
        with services.tenants.application(Tenant(slug)) as app:
            replay_seed(app)
            unit_id = app.unit_id("SNV")
            small_id = app.unit_id("STP")
            with recording_as(EventMeta("bench", Role.TENANT_ADMIN, slug, "bench")):
                for start in range(0, args.stream - 1, 1000):
                    unit, small = app.get_unit(unit_id), app.get_unit(small_id)
                    for n in range(start, min(start + 1000, args.stream - 1)):
                        unit.rename(f"Sở Nội vụ ({n})", occurred_on=date(2020, 1, 2))
                    for n in range(min(1000, args.stream - small.version)):
                        small.record_qms_facts(QmsFacts(f"TCVN ISO 9001:2015 ({start + n})", None, None, None),
                                               occurred_on=date(2021, 1, 4))
                    app.save(unit, small)

        asyncio.run(catch_up(services.database.url, slug))
        token = services.tokens.mint(tenant=Tenant(slug), role=Role.VIEWER, subject="bench")
        api, api_url = serve(create_app(services.tokens, services.tenants, api_read_pools(
            services.database.url, services.registry, services.settings.http.read_pool_size)))
        raw, raw_url = serve(raw_app(services.database.url, Tenant(slug).schema, args.shape))
        check = httpx.post(f"{api_url}/graphql", json={"query": dashboard_query(args.shape)},
                           headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
        assert check["data"]["programmes"]["nodes"][0]["summary"]["inspected"] == 78, check
        dashboard(services, api_url, raw_url, token, args)

        with services.tenants.application(Tenant(slug)) as app:
            for label, aggregate_id in (("renames", unit_id), ("QMS facts", small_id)):
                time_travel(app, f"{api_url}/graphql", token, aggregate_id, label)
        api.should_exit = raw.should_exit = True


if __name__ == "__main__":
    main()
