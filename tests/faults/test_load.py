"""A bounded load test over loopback: mixed reads and writes across 10 tenants from 8 client threads, with
0 errors. Latencies are reported (p50/p99, beside `/healthz` under the same clients), never asserted."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.builders import new_tenant_slug
from tests.faults.conftest import deployed
from tests.faults.traffic import Answer, Traffic, percentiles

pytestmark = pytest.mark.faults

TENANTS = 10
THREADS = 8
REQUESTS = 900  # a third of them writes


def _health_baseline(base: str, requests: int) -> list[Answer]:
    """The same clients asking `/healthz`: what HTTP and the server cost without GraphQL or PostgreSQL."""

    def ask(_: int) -> Answer:
        with httpx.Client(timeout=60) as http:
            began = time.monotonic()
            status = http.get(f"{base}/healthz").status_code
            return Answer("health", "", began, time.monotonic() - began, status, ok=status == 200, codes=())

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(ask, range(requests)))


def test_mixed_reads_and_writes_across_ten_tenants_without_an_error(
    own_database: str, tmp_path: Path, report: Callable[[str], None]
) -> None:
    tenants = [new_tenant_slug() for _ in range(TENANTS)]
    with deployed(own_database, tmp_path, tenants) as deployment:
        traffic = Traffic({slug: deployment.client(slug) for slug in tenants}, threads=THREADS, writes_every=3)
        began = time.monotonic()
        traffic.run(requests=REQUESTS)
        took = time.monotonic() - began
        baseline = _health_baseline(deployment.base, REQUESTS // 3)
    answers = traffic.answers
    assert len(answers) == REQUESTS
    assert [a for a in answers if not a.ok or a.codes or a.status != 200] == []
    assert all(a.ok for a in baseline)
    assert {a.tenant for a in answers} == set(tenants)
    figures = {kind: percentiles([a for a in answers if a.kind == kind]) for kind in ("read", "write")}
    health = percentiles(baseline)
    report(f"load: {REQUESTS} requests ({sum(a.kind == 'write' for a in answers)} writes) over {TENANTS} tenants "
           f"from {THREADS} threads in {took:.1f} s ({REQUESTS / took:.0f} req/s), 0 errors; p50/p99 read "
           f"{figures['read'][0]:.0f}/{figures['read'][1]:.0f} ms, write (until the read model shows it) "
           f"{figures['write'][0]:.0f}/{figures['write'][1]:.0f} ms; /healthz under the same clients "
           f"{health[0]:.1f}/{health[1]:.1f} ms")
