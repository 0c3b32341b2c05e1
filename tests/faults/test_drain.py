"""SIGTERM drains the API: a request in flight when the signal arrives still gets its full answer, new
connections are refused, and the process exits 0."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psycopg
import pytest

from isotrail.domain.tenancy import Tenant
from tests.builders import new_tenant_slug
from tests.faults.conftest import deployed
from tests.processes import UNITS, wait_until

pytestmark = pytest.mark.faults

WAITING_ON_A_LOCK = """SELECT count(*) FROM pg_stat_activity
WHERE application_name = 'isotrail-api' AND wait_event_type = 'Lock' AND query LIKE '%rm_unit_state%'"""


def test_sigterm_lets_a_slow_request_in_flight_finish(
    own_database: str, tmp_path: Path, report: Callable[[str], None]
) -> None:
    tenant = new_tenant_slug()
    with deployed(own_database, tmp_path, [tenant]) as deployment:
        client = deployment.client(tenant)
        client.register("XA-01", "Ủy ban nhân dân xã Đại Ân 1")
        answers: list[httpx.Response] = []
        with psycopg.connect(own_database) as blocker:  # the units query waits behind this lock: a slow request
            blocker.execute(f'LOCK TABLE "{Tenant(tenant).schema}".rm_units IN ACCESS EXCLUSIVE MODE')
            in_flight = threading.Thread(target=lambda: answers.append(client.send(UNITS, timeout=60)))
            in_flight.start()
            with psycopg.connect(own_database, autocommit=True) as watcher:
                wait_until(lambda: watcher.execute(WAITING_ON_A_LOCK).fetchone()[0], "the request to be in flight")
            deployment.api.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            wait_until(lambda: _refused(deployment.base), "new connections to be refused")
            assert deployment.api.poll() is None  # still draining
            time.sleep(1.0)
            blocker.rollback()  # the slow request may now finish
        in_flight.join(timeout=60)
        assert deployment.api.wait(timeout=30) == 0
        drained_in = time.monotonic() - signalled
    assert answers[0].status_code == 200
    body = answers[0].json()
    assert "errors" not in body
    assert [node["name"] for node in body["data"]["units"]["nodes"]] == ["Ủy ban nhân dân xã Đại Ân 1"]
    report(f"graceful drain: a request held 1 s behind a lock after SIGTERM got its full answer; new connections "
           f"were refused meanwhile; the API exited 0 {drained_in:.1f} s after the signal")


def _refused(base: str) -> bool:
    try:
        httpx.get(f"{base}/healthz", timeout=2)
    except httpx.ConnectError:
        return True
    return False
