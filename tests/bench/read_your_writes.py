"""Read-your-writes benchmark: a mutation's round trip until the read model shows it, under the mixed
10-tenant load of tests/faults/test_load.py, beside a read-only request's in the same run.

Run:  DATABASE_URL=… python tests/bench/read_your_writes.py [--requests 1800] [--threads 8] [--tenants 10]
        [--writes-every 3]

Real processes on a database of their own (as tests/faults does): ``isotrail migrate`` for the tenants,
then ``isotrail api`` and ``isotrail projections run``. From ``--threads`` client threads, ``--requests``
requests in all, one in ``--writes-every`` a ``registerUnit`` (answered once the audit read model shows the
unit: read-your-writes), the others a page of units, across the tenants (tests/faults/traffic.py). A warm-up
of a tenth of the requests is sent first and not counted. Prints p50/p99 of each kind and of ``/healthz``
under the same clients, and the part of a mutation spent waiting for the read model, from the API's
``isotrail_read_your_write_wait_seconds`` histogram when it has one (as bucket bounds). Target: the
mutation's p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # a benchmark runs as a script: reach tests/

from isotrail.services.database import resolve_database_url
from isotrail.services.settings import Settings
from tests.builders import new_tenant_slug, scratch_database
from tests.faults.conftest import deployed
from tests.faults.test_load import _health_baseline
from tests.faults.traffic import Traffic, percentiles

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
    args = parser.parse_args()
    server = resolve_database_url(Settings())
    tenants = [new_tenant_slug() for _ in range(args.tenants)]
    with scratch_database(server, "isotrail_bench_ryw") as url, tempfile.TemporaryDirectory() as home, \
            deployed(url, Path(home), tenants, ISOTRAIL_METRICS__TOKEN=METRICS_TOKEN) as deployment:
        clients = {slug: deployment.client(slug) for slug in tenants}
        warm_up = args.requests // 10
        Traffic(clients, threads=args.threads, writes_every=args.writes_every).run(requests=warm_up)
        traffic = Traffic(clients, threads=args.threads, writes_every=args.writes_every, first=warm_up)
        waited_before = waits(deployment.base)
        began = time.monotonic()
        traffic.run(requests=args.requests)
        took = time.monotonic() - began
        waited = waits(deployment.base)
        health = percentiles(_health_baseline(deployment.base, args.requests // 3))
    answers = traffic.answers
    failed = [a for a in answers if not a.ok or a.codes or a.status != 200]
    writes = [a for a in answers if a.kind == "write"]
    reads = [a for a in answers if a.kind == "read"]
    (w50, w99), (r50, r99) = percentiles(writes), percentiles(reads)
    print(f"{len(answers)} requests ({len(writes)} writes) over {args.tenants} tenants from {args.threads} threads "
          f"in {took:.1f} s ({len(answers) / took:.0f} req/s), {len(failed)} failed "
          f"{sorted({c for a in failed for c in a.codes})}")
    print(f"  {'':58} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"  {'mutation round trip (registerUnit, until visible)':58} {w50:8.1f} {w99:8.1f}   (target p99 < 50 ms)")
    print(f"  {'  of which waiting for the read model (histogram bucket)':58} "
          f"{bucket_quantile(waited_before, waited, 0.5):>8} {bucket_quantile(waited_before, waited, 0.99):>8}")
    print(f"  {'read-only request (units page), same run':58} {r50:8.1f} {r99:8.1f}")
    print(f"  {'/healthz under the same clients, after':58} {health[0]:8.1f} {health[1]:8.1f}")


if __name__ == "__main__":
    main()
