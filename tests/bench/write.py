"""Write-side benchmark: commands/s for 1 tenant and for 8 tenants in parallel, beside raw inserts.

Run:  python tests/bench/write.py [--seconds 5] [--tenants 8]
Uses DATABASE_URL when set, else the embedded PostgreSQL (as `isotrail serve` does).

What is measured, all on the same PostgreSQL in the same run:
- baseline (a): a single-row INSERT + COMMIT per transaction, from one Python process (psycopg);
- baseline (b): the same with eventsourcing's ``LOCK TABLE … IN EXCLUSIVE MODE`` before the insert;
- isotrail, 1 tenant: ``rename_unit`` commands (load the aggregate, check the rules, save one event
  with its metadata) from one process, on a rotating set of 200 units;
- isotrail, N tenants: N processes, one tenant each, in parallel (and baseline (b) the same way).
Each writer runs for a fixed time; the figure is commands (or transactions) per second.
Targets: 1 tenant ≥ 0.5 × baseline (b); N tenants ≥ 1.5 × 1 tenant.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

from own_database import own_services
from psycopg import sql

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import RegisterUnit, RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.database import Database
from isotrail.services.entrypoints.bootstrap import bootstrap
from isotrail.services.permissions import Caller
from isotrail.services.settings import Settings

UNITS = 200
ADMIN = Caller("bench", Role.TENANT_ADMIN)


def _raw_inserts(url: str, seconds: float, locked: bool, start: Any = None) -> int:
    database = Database(url)
    table = f"bench_{uuid4().hex[:12]}"
    with database.connect() as conn:
        conn.execute(sql.SQL("CREATE TABLE {} (id bigserial PRIMARY KEY, originator_id uuid, "
                             "version int, topic text, state bytea)").format(sql.Identifier(table)))
        insert = sql.SQL("INSERT INTO {} (originator_id, version, topic, state) VALUES (%s, %s, %s, %s)"
                         ).format(sql.Identifier(table))
        lock = sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(sql.Identifier(table))
        state = b'{"name":"\xc4\x90\xc6\xa1n v\xe1\xbb\x8b","occurred_on":"2020-01-02"}'
        if start is not None:
            start.wait()
        done, deadline = 0, time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            with conn.transaction():
                if locked:
                    conn.execute(lock)
                conn.execute(insert, (uuid4(), done, "bench", state), prepare=True)
            done += 1
        conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(table)))
    return done


def _tenant_commands(url: str, seconds: float, start: Any = None) -> int:
    services = bootstrap(Settings(_env_file=None, DATABASE_URL=url))
    slug = f"bench{uuid4().hex[:12]}"
    services.tenants.create(Tenant(slug), "Tỉnh đo hiệu năng")
    try:
        with services.tenants.application(Tenant(slug)) as app:
            unit_ids = [
                handle(app, ADMIN, RegisterUnit(code=f"U{n}", name=f"Đơn vị {n}", kind=UnitKind.COMMUNE_COMMITTEE,
                                                occurred_on=date(2020, 1, 2))).aggregate_id
                for n in range(UNITS)
            ]
            if start is not None:
                start.wait()
            done, deadline = 0, time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                unit_id = unit_ids[done % UNITS]
                handle(app, ADMIN, RenameUnit(unit_id=unit_id, name=f"Tên mới {done}",
                                              occurred_on=date(2020, 1, 2) + timedelta(days=done // UNITS)))
                done += 1
    finally:
        services.tenants.purge(Tenant(slug))
        services.close()
    return done


def _worker(kind: str, url: str, seconds: float, start: Any, results: Any) -> None:
    if kind == "tenant":
        results.put(_tenant_commands(url, seconds, start))
    else:
        results.put(_raw_inserts(url, seconds, kind == "locked", start))


def _parallel(kind: str, url: str, seconds: float, processes: int) -> float:
    """``processes`` writers set up, then all start their clocks together (a barrier), for ``seconds``."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=_worker, args=(kind, url, seconds, start, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    total = sum(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    return total / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--tenants", type=int, default=8)
    args = parser.parse_args()
    with own_services("write") as services:
        run(services.database.url, args.seconds, args.tenants)


def run(url: str, seconds: float, tenants: int) -> None:
    with Database(url).connect() as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    print(f"PostgreSQL {version} at {url}; {seconds:.0f} s per figure\n")

    raw = _raw_inserts(url, seconds, locked=False) / seconds
    locked = _raw_inserts(url, seconds, locked=True) / seconds
    one = _tenant_commands(url, seconds) / seconds
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    many = _parallel("tenant", url, seconds, tenants)
    locked_many = _parallel("locked", url, seconds, tenants)

    rows = [
        ("baseline: INSERT + COMMIT, 1 process", raw, raw / locked),
        ("baseline: LOCK + INSERT + COMMIT, 1 process", locked, 1.0),
        (f"baseline: LOCK + INSERT + COMMIT, {tenants} processes", locked_many, locked_many / locked),
        ("isotrail rename_unit, 1 tenant", one, one / locked),
        (f"isotrail rename_unit, {tenants} tenants in parallel", many, many / locked),
    ]
    width = max(len(name) for name, *_ in rows)
    print(f"{'':{width}}  {'per second':>12}  {'× locked insert':>16}")
    for name, rate, ratio in rows:
        print(f"{name:{width}}  {rate:12,.0f}  {ratio:16.2f}")
    print(f"\n1 tenant / locked insert = {one / locked:.2f} (target ≥ 0.5)")
    print(f"{tenants} tenants / 1 tenant = {many / one:.2f} (target ≥ 1.5)")
    print(f"peak RSS of the 1-tenant writer process: {peak_rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
