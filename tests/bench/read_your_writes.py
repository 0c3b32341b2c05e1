"""Read-your-writes benchmark: a mutation's round trip until the read model shows it, under the mixed
10-tenant load of tests/faults/test_load.py, beside a read-only request's in the same run.

Run:  DATABASE_URL=… python tests/bench/read_your_writes.py [--requests 1800] [--threads 8] [--tenants 10]
        [--writes-every 3] [--read-pool-size 8] [--stalled]

Real processes on a database of their own (as tests/faults does): ``isotrail migrate`` for the tenants,
then ``isotrail api`` and ``isotrail projections run``. From ``--threads`` client threads, ``--requests``
requests in all, one in ``--writes-every`` a ``registerUnit`` (answered once the audit read model shows the
unit: read-your-writes), the others a page of units, across the tenants (tests/faults/traffic.py). A warm-up
of a tenth of the requests is sent first and not counted. Prints p50/p99 of each kind and of ``/healthz``
under the same clients, and the part of a mutation spent waiting for the read model, from the API's
``isotrail_read_your_write_wait_seconds`` histogram when it has one (as bucket bounds). Target: the
mutation's p99 < 50 ms. With a small ``--read-pool-size`` (the API's, default 8), it shows whether mutations
waiting for the read model hold its connections while reads queue for them. With ``--stalled``, the audit
projection of one of the tenants is never folded (this script holds its ownership lock, as a projector stuck
on it would): that tenant's mutations answer ``projection_timeout`` after 5 s, and the figures show whether
everyone else's requests wait for them.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # a benchmark runs as a script: reach tests/

from isotrail.projections.runner import LOCK_NAMESPACE, TRY_LOCK, ownership_key
from isotrail.services.database import resolve_database_url
from isotrail.services.settings import Settings
from tests.builders import new_tenant_slug, scratch_database
from tests.faults.conftest import deployed
from tests.faults.test_load import _health_baseline
from tests.faults.traffic import Answer, Traffic, percentiles

METRICS_TOKEN = "bench-metrics-token-0123456789"  # noqa: S105 - a benchmark's own


def waits(base: str) -> dict[float, float]:
    """The read-your-write wait histogram's cumulative counts by upper bound (empty if the API has none)."""
    text = httpx.get(f"{base}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10).text
    return {float(bound): float(count) for bound, count in re.findall(
        r'^isotrail_read_your_write_wait_seconds_bucket\{le="([^"]+)"\} (\S+)$', text, re.MULTILINE)}


def bucket_quantile(before: dict[float, float], after: dict[float, float], q: float) -> str:
    counts = {bound: after[bound] - before.get(bound, 0) for bound in sorted(after)}
    total = counts.get(float("inf"), 0)
    if not total:
        return "n/a"
    bound = next(bound for bound, count in counts.items() if count >= q * total)
    return f"≤ {bound * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1800)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--tenants", type=int, default=10)
    parser.add_argument("--writes-every", type=int, default=3)
    parser.add_argument("--read-pool-size", type=int, default=8)
    parser.add_argument("--stalled", action="store_true")
    args = parser.parse_args()
    server = resolve_database_url(Settings())
    tenants = [new_tenant_slug() for _ in range(args.tenants)]
    stalled = tenants[0] if args.stalled else None
    with scratch_database(server, "isotrail_bench_ryw") as url, tempfile.TemporaryDirectory() as home, \
            psycopg.connect(url, autocommit=True) as owner:
        if stalled is not None:  # held until the end: no projector folds this tenant's audit
            owner.execute(TRY_LOCK.replace("$1", "%s").replace("$2", "%s"), (LOCK_NAMESPACE,
                                                                             ownership_key(stalled, "audit")))
        with deployed(url, Path(home), tenants, ISOTRAIL_METRICS__TOKEN=METRICS_TOKEN,
                      ISOTRAIL_HTTP__READ_POOL_SIZE=str(args.read_pool_size)) as deployment:
            traffic, took, waited_before, waited, health = run(deployment, tenants, args)
    report(traffic.answers, stalled, took, waited_before, waited, health, args)


def run(deployment: Any, tenants: list[str], args: argparse.Namespace) -> tuple[Traffic, float, dict, dict, tuple]:
    """Warm up, then the measured traffic; (traffic, seconds, wait histogram before and after, /healthz)."""
    clients = {slug: deployment.client(slug) for slug in tenants}
    warm_up = args.requests // 10
    Traffic(clients, threads=args.threads, writes_every=args.writes_every).run(requests=warm_up)
    traffic = Traffic(clients, threads=args.threads, writes_every=args.writes_every, first=warm_up)
    waited_before = waits(deployment.base)
    began = time.monotonic()
    traffic.run(requests=args.requests)
    took = time.monotonic() - began
    waited = waits(deployment.base)
    return traffic, took, waited_before, waited, percentiles(_health_baseline(deployment.base, args.requests // 3))


def report(answers: list[Answer], stalled: str | None, took: float, waited_before: dict, waited: dict,
           health: tuple[float, float], args: argparse.Namespace) -> None:
    late = [a for a in answers if a.tenant == stalled and a.kind == "write"]
    others = [a for a in answers if a not in late]
    failed = [a for a in others if not a.ok or a.codes or a.status != 200]
    writes = [a for a in others if a.kind == "write"]
    reads = [a for a in others if a.kind == "read"]
    print(f"{len(answers)} requests ({len(writes) + len(late)} writes) over {args.tenants} tenants from "
          f"{args.threads} threads, read pool of {args.read_pool_size}, in {took:.1f} s "
          f"({len(answers) / took:.0f} req/s), {len(failed)} failed {sorted({c for a in failed for c in a.codes})}")
    print(f"  {'':62} {'p50 ms':>8} {'p99 ms':>8}")
    rows = [("mutation round trip (registerUnit, until visible)", writes),
            ("read-only request (units page), same run", reads)]
    if late:
        rows.append(("stalled tenant's mutations (answer projection_timeout)", late))
    for label, chosen in rows:
        p50, p99 = percentiles(chosen)
        print(f"  {label:62} {p50:8.1f} {p99:8.1f}")
        if chosen is writes:
            print(f"  {'  of which waiting for the read model, every tenant (buckets)':62} "
                  f"{bucket_quantile(waited_before, waited, 0.5):>8} {bucket_quantile(waited_before, waited, 0.99):>8}")
    print(f"  {'/healthz under the same clients, after':62} {health[0]:8.1f} {health[1]:8.1f}")
    print("  target: the mutation round trip's p99 < 50 ms")


if __name__ == "__main__":
    main()
