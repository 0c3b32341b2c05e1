"""The deployed topology from plain processes: `isotrail migrate`, then 2 `isotrail api` + 2 `isotrail
projections run` on one PostgreSQL. A write through one API is read through the other, each (tenant,
projection) pair has exactly one owner, a killed projector's pairs are taken over, and SIGTERM stops every
process cleanly.

The processes get a database of their own on the test server: projectors of other test runs on the same
server follow every tenant of theirs and would otherwise take this tenant's projections too."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections.projector import PROJECTIONS
from isotrail.projections.runner import LOCK_NAMESPACE, ownership_key
from isotrail.services.auth import TokenAuthority
from tests.builders import new_tenant_slug
from tests.processes import ISOTRAIL, SECRET, Api, free_port, migrate, process_env, ready, started, wait_until

HOLDERS = """SELECT a.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
  AND l.classid::bigint = (hashtext(%s)::bigint & 4294967295)
  AND l.objid::bigint = (hashtext(%s)::bigint & 4294967295)"""


def _owners(database_url: str, slug: str) -> dict[str, list[str]]:
    """projection → the application names of the sessions holding its advisory lock."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        return {name: [row[1] for row in conn.execute(HOLDERS, (LOCK_NAMESPACE, ownership_key(slug, name)))]
                for name in PROJECTIONS}


def _pid_of(application_name: str) -> int:
    return int(application_name.rsplit(":", 1)[1])


def _alive(env: dict[str, str], cwd: Path) -> int:
    """The exit status of the projector containers' health check."""
    return subprocess.run([ISOTRAIL, "projections", "alive"], env=env, cwd=cwd, capture_output=True,
                          timeout=60, check=False).returncode


def test_two_apis_and_two_projectors_on_one_postgresql(
    own_database: str, tmp_path: Path, report: Callable[[str], None]
) -> None:
    database_url, tenant = own_database, new_tenant_slug()
    began = time.monotonic()
    base_env = process_env(database_url, tmp_path / "home")
    assert f"Tenant {tenant} (Tỉnh thử nghiệm {tenant})" in migrate(base_env, tmp_path, tenant)
    with psycopg.connect(database_url, autocommit=True) as conn:  # read models exist before any projector runs
        tables = [conn.execute("SELECT to_regclass(%s)", (f'"{Tenant(tenant).schema}".{table}',)).fetchone()[0]
                  for table in ("rm_positions", "rm_units", "rm_timeline")]
    assert None not in tables
    ports = [free_port(), free_port()]
    plan = [(["api"], {**base_env, "ISOTRAIL_HTTP__PORT": str(port)}) for port in ports]
    plan += [(["projections", "run"], base_env)] * 2
    with started(plan, tmp_path) as (api_1, api_2, projector_1, projector_2):
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            wait_until(lambda base=base: ready(base), f"{base}/readyz")
        owners = wait_until(lambda: (o := _owners(database_url, tenant)) and all(o.values()) and o,
                             "every projection to have an owner")
        projector_pids = {projector_1.pid, projector_2.pid}
        assert all(len(holders) == 1 for holders in owners.values()), owners
        assert {_pid_of(holders[0]) for holders in owners.values()} <= projector_pids
        assert projector_1.poll() is None and projector_2.poll() is None
        started_in = time.monotonic() - began

        token = TokenAuthority(SECRET).mint(tenant=Tenant(tenant), role=Role.TENANT_ADMIN, subject="topology-test")
        first, second = Api(bases[0], token), Api(bases[1], token)
        assert first.unit_names() == set()
        first.register("XA-01", "Ủy ban nhân dân xã Kế Sách")
        assert second.unit_names() == {"Ủy ban nhân dân xã Kế Sách"}  # written via API 1, read via API 2

        owner = _pid_of(owners["audit"][0])
        survivor = projector_2 if owner == projector_1.pid else projector_1
        os.kill(owner, signal.SIGKILL)
        killed_at = time.monotonic()
        second.register("XA-02", "Ủy ban nhân dân xã An Mỹ")  # returns once the audit read model shows it
        taken_over_in = time.monotonic() - killed_at
        assert first.unit_names() == {"Ủy ban nhân dân xã Kế Sách", "Ủy ban nhân dân xã An Mỹ"}
        owners = wait_until(lambda: (o := _owners(database_url, tenant)) and all(o.values()) and o,
                             "the survivor to own every projection")
        assert {_pid_of(holders[0]) for holders in owners.values()} == {survivor.pid}

        assert _alive(base_env, tmp_path) == 0

        stopping = time.monotonic()
        for process in (api_1, api_2, survivor):
            process.send_signal(signal.SIGTERM)
        for process in (api_1, api_2, survivor):
            assert process.wait(timeout=30) == 0, process.stdout.read()
        stopped_in = time.monotonic() - stopping
        outputs = [p.stdout.read() for p in (api_1, api_2)]
        assert _alive(base_env, tmp_path) == 1  # the health check fails once no projector is connected
    for output in outputs:  # production APIs load no demo and print no tokens
        assert "eyJ" not in output and "Demo" not in output, output
    assert _owners(database_url, tenant) == {name: [] for name in PROJECTIONS}
    report(f"topology: 2 api + 2 projectors ready in {started_in:.1f} s; after SIGKILL of the owning projector "
           f"the next write was visible in {taken_over_in:.2f} s (discovery every 0.3 s); SIGTERM stopped "
           f"the rest, exit 0, in {stopped_in:.2f} s")


@pytest.mark.parametrize(("missing", "variable"), [("DATABASE_URL", "DATABASE_URL"),
                                                   ("ISOTRAIL_AUTH__SECRET", "ISOTRAIL_AUTH__SECRET")])
def test_api_refuses_to_start_on_developer_settings(
    database_url: str, tmp_path: Path, missing: str, variable: str
) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ISOTRAIL_")}
    env |= {"DATABASE_URL": database_url, "ISOTRAIL_AUTH__SECRET": SECRET, "ISOTRAIL_HOME": str(tmp_path),
            "COLUMNS": "200"}
    del env[missing]
    result = subprocess.run([ISOTRAIL, "api"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 2
    assert f"setting_required: Cần đặt biến môi trường {variable}" in result.stdout
    assert list(tmp_path.iterdir()) == []  # neither an embedded server nor a secret file was made
