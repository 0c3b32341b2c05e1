"""Subscriptions benchmark: what 1,000 open subscriptions on one tenant cost PostgreSQL and a normal query,
beside none open, in the same run.

Run:  DATABASE_URL=… python tests/bench/subscriptions.py [--sockets 10] [--per-socket 100] [--seconds 15]
        [--writes-per-second 2]

Real processes on a database of their own (as tests/faults does): ``isotrail api`` and ``isotrail projections
run``, one tenant holding 50 units. Two phases, first with no subscription open, then with ``--sockets`` ×
``--per-socket`` subscriptions to the tenant's events held by a separate client process (one token per
socket); in both, a ``registerUnit`` is sent ``--writes-per-second`` times a second (so the subscribers have
events to receive). Per phase: transactions committed per second in the database
(``pg_stat_database.xact_commit``: each statement outside a transaction is one; PostgreSQL flushes these
counts about once a second, so the phases are long) over ``--seconds`` with only those writes going on;
then, for ``--seconds`` more, a normal query (a page of units) sent back to back from one client: its
p50/p99; and the events the subscribers received.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # a benchmark runs as a script: reach tests/

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.auth import TokenAuthority
from isotrail.services.database import resolve_database_url
from isotrail.services.settings import Settings
from tests.builders import new_tenant_slug, scratch_database
from tests.faults.conftest import deployed
from tests.faults.traffic import READ, REGISTER
from tests.processes import SECRET, register_variables

SUBSCRIBE = "subscription { events { eventType summaryVi } }"


def hold_subscriptions(base: str, tokens: list[str], per_socket: int, ready: Any, stop: Any, received: Any) -> None:
    """In a separate process: a socket per token, ``per_socket`` subscriptions on each, counting the events
    received into ``received`` until ``stop`` is set."""
    import websockets

    async def hold(token: str, opened: list[int]) -> None:
        async with websockets.connect(base.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"],
                                      additional_headers={"Authorization": f"Bearer {token}"},
                                      max_queue=None) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            for n in range(per_socket):
                await ws.send(json.dumps({"id": str(n), "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
            opened.append(1)
            while not stop.is_set():
                try:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 0.5))
                except TimeoutError:
                    continue
                if message["type"] != "next" or "errors" in message["payload"]:
                    raise AssertionError(message)
                with received.get_lock():
                    received.value += 1

    async def main() -> None:
        opened: list[int] = []
        tasks = [asyncio.create_task(hold(token, opened)) for token in tokens]
        while len(opened) < len(tokens):
            await asyncio.sleep(0.05)
            for task in tasks:
                if task.done():
                    task.result()
        await asyncio.sleep(1)  # the server has subscribed them all
        ready.set()
        await asyncio.gather(*tasks)

    asyncio.run(main())


def transactions(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
                            ).fetchone()[0]


def phase(url: str, base: str, tokens: dict[str, str], seconds: float, writes_per_second: float,
          first_code: int) -> tuple[float, list[float]]:
    """(transactions committed per second over ``seconds`` with only the writes going on, then the normal
    query's latencies in ms over ``seconds`` more)."""
    stop = threading.Event()

    def write() -> None:
        n = first_code
        with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {tokens['admin']}"}) as http:
            while not stop.wait(1 / writes_per_second):
                http.post(f"{base}/graphql", json={"query": REGISTER, "variables": register_variables(
                    f"W{n:06d}", f"Ủy ban nhân dân xã số {n}")}).raise_for_status()
                n += 1

    writer = threading.Thread(target=write)
    writer.start()
    latencies = []
    try:
        time.sleep(2)  # the counts of what came before are flushed
        before, started = transactions(url), time.monotonic()
        time.sleep(seconds)
        per_second = (transactions(url) - before) / (time.monotonic() - started)
        started = time.monotonic()
        with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {tokens['viewer']}"}) as http:
            while time.monotonic() - started < seconds:
                sent = time.perf_counter()
                http.post(f"{base}/graphql", json={"query": READ}).raise_for_status()
                latencies.append((time.perf_counter() - sent) * 1000)
    finally:
        stop.set()
        writer.join()
    return per_second, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=10)
    parser.add_argument("--per-socket", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--writes-per-second", type=float, default=2)
    args = parser.parse_args()
    server, tenant, authority = resolve_database_url(Settings()), new_tenant_slug(), TokenAuthority(SECRET)
    tokens = {role: authority.mint(tenant=Tenant(tenant), role=Role(role), subject=f"bench-{role}")
              for role in ("tenant_admin", "viewer")}
    tokens["admin"] = tokens["tenant_admin"]
    holders = [authority.mint(tenant=Tenant(tenant), role=Role.VIEWER, subject=f"bench-subscriber-{n}")
               for n in range(args.sockets)]
    figures = {}
    caps = {"ISOTRAIL_HTTP__MAX_SUBSCRIPTIONS_PER_TOKEN": str(args.per_socket),
            "ISOTRAIL_HTTP__MAX_SOCKETS": str(max(1000, args.sockets))}
    with scratch_database(server, "isotrail_bench_subscriptions") as url, tempfile.TemporaryDirectory() as home, \
            deployed(url, Path(home), [tenant], **caps) as deployment:
        base = deployment.base
        with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {tokens['admin']}"}) as http:
            for n in range(50):
                http.post(f"{base}/graphql", json={"query": REGISTER, "variables": register_variables(
                    f"U{n:04d}", f"Ủy ban nhân dân xã số {n}")}).raise_for_status()
        figures["none open"] = (*phase(url, base, tokens, args.seconds, args.writes_per_second, 0), 0)
        context = multiprocessing.get_context("spawn")
        ready, stop, received = context.Event(), context.Event(), context.Value("l", 0)
        holder = context.Process(target=hold_subscriptions,
                                 args=(base, holders, args.per_socket, ready, stop, received))
        holder.start()
        try:
            assert ready.wait(120), "the subscriptions did not open"
            received.value = 0
            rate, latencies = phase(url, base, tokens, args.seconds, args.writes_per_second, 100_000)
            figures[f"{args.sockets * args.per_socket} open"] = (rate, latencies, received.value)
        finally:
            stop.set()
            holder.join(30)
            if holder.is_alive():
                holder.kill()
    print(f"one tenant, {args.writes_per_second:g} writes/s; {args.seconds:g} s counting transactions, then "
          f"{args.seconds:g} s of a page of units sent back to back from one client")
    print(f"  {'subscriptions':>16} {'xact/s':>8} {'query p50 ms':>13} {'p99 ms':>8} {'queries':>8} {'events in':>10}")
    for label, (rate, latencies, events) in figures.items():
        latencies.sort()
        print(f"  {label:>16} {rate:8.0f} {statistics.median(latencies):13.1f} "
              f"{latencies[int(len(latencies) * 0.99) - 1]:8.1f} {len(latencies):8d} {events:10d}")


if __name__ == "__main__":
    main()
