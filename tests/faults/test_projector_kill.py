"""A projector SIGKILLed inside a batch transaction while clients keep writing and reading through the API:
its successor resumes from the stored positions, and every event is folded exactly once."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from isotrail.domain.tenancy import Tenant
from tests.builders import new_tenant_slug
from tests.faults.conftest import deployed, read_models, stored_events
from tests.faults.traffic import Traffic
from tests.processes import ISOTRAIL, wait_until

pytestmark = pytest.mark.faults

IN_A_BATCH = """SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE %s AND xact_start IS NOT NULL
AND state <> 'idle' AND query LIKE '%%rm_%%'"""


def test_a_projector_killed_under_load_resumes_exactly_once(
    own_database: str, tmp_path: Path, report: Callable[[str], None]
) -> None:
    tenants = [new_tenant_slug(), new_tenant_slug()]
    kills = 0
    with deployed(own_database, tmp_path, tenants, ISOTRAIL_PROJECTIONS__BATCH_SIZE="20") as deployment:
        traffic = Traffic({slug: deployment.client(slug) for slug in tenants}, threads=4, writes_every=3)
        projector = deployment.projector
        try:
            with traffic.running(), psycopg.connect(own_database, autocommit=True) as watcher:
                while kills < 3:
                    owner = f"isotrail-projector:%:{projector.pid}"
                    wait_until(lambda o=owner: watcher.execute(IN_A_BATCH, (o,)).fetchone()[0],
                               "the projector inside a batch", timeout=60)
                    projector.send_signal(signal.SIGKILL)
                    projector.wait(timeout=30)
                    kills += 1
                    projector = subprocess.Popen([ISOTRAIL, "projections", "run"], env=deployment.env, cwd=tmp_path,
                                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                marked = time.monotonic()
                wait_until(lambda: sum(a.ok and a.kind == "write" for a in traffic.since(marked)) >= 10,
                           "writes after the last kill", timeout=60)
            for slug in tenants:
                storage = Tenant(slug)
                stored, notifications = stored_events(own_database, storage)
                wait_until(lambda s=storage, n=notifications: set(read_models(own_database, s)[0].values())
                           == {n[-1]}, "the last projector to fold every event", timeout=60)
                _, timeline, units = read_models(own_database, storage)
                assert timeline == notifications  # none lost, none twice
                assert units == stored
        finally:
            if projector.poll() is None:
                projector.kill()
                projector.wait(timeout=30)
    answers = traffic.answers
    assert {a.status for a in answers} == {200}
    # while no projector runs, a stored write may say its read models lag; nothing else may go wrong
    assert {code for a in answers for code in a.codes} <= {"projection_timeout"}
    assert all(a.ok for a in answers)
    lagging = sum("projection_timeout" in a.codes for a in answers)
    report(f"projector SIGKILLed {kills}× inside a batch under load ({len(answers)} requests over 2 tenants, "
           f"{lagging} writes answered ok with projection_timeout while no projector ran): every event folded once")
