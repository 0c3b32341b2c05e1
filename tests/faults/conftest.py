"""Faults and hostile input against real processes: `isotrail api` and `isotrail projections run` on a
database of their own (other test runs' projectors follow every tenant of a shared database)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.auth import TokenAuthority
from tests.processes import SECRET, Api, free_port, migrate, process_env, ready, started, wait_until


@dataclass
class Deployment:
    base: str
    env: dict[str, str]
    api: subprocess.Popen
    projector: subprocess.Popen

    def client(self, tenant: str, role: Role = Role.TENANT_ADMIN) -> Api:
        token = TokenAuthority(SECRET).mint(tenant=Tenant(tenant), role=role, subject=f"faults-{role.value}")
        return Api(self.base, token)


@contextmanager
def deployed(database_url: str, home: Path, tenants: list[str], **settings: str) -> Iterator[Deployment]:
    """``migrate`` these tenants, then one API and one projector until the block ends."""
    env = process_env(database_url, home, **settings)
    migrate(env, home, *tenants)
    port = free_port()
    plan = [(["api"], {**env, "ISOTRAIL_HTTP__PORT": str(port)}), (["projections", "run"], env)]
    with started(plan, home) as processes:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: ready(base) or processes[0].poll() is not None, f"{base}/readyz", timeout=60)
        assert processes[0].poll() is None, processes[0].stdout.read()
        yield Deployment(base, env, *processes)


def stored_events(url: str, storage: Tenant) -> tuple[set[str], list[int]]:
    """The unit ids in the event store, and its notification ids (rolled-back inserts and a crash leave gaps)."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(f'SELECT originator_id, notification_id FROM "{storage.schema}".{storage.events_table} '
                            "ORDER BY notification_id").fetchall()
    return {str(row[0]) for row in rows}, [row[1] for row in rows]


def read_models(url: str, storage: Tenant) -> tuple[dict[str, int], list[int], set[str]]:
    """The projections' positions, the timeline's notification ids and the units' ids."""
    with psycopg.connect(url, autocommit=True) as conn:
        positions = dict(conn.execute(f'SELECT projection, position FROM "{storage.schema}".rm_positions').fetchall())
        timeline = [row[0] for row in conn.execute(
            f'SELECT notification_id FROM "{storage.schema}".rm_timeline ORDER BY notification_id')]
        units = {str(row[0]) for row in conn.execute(f'SELECT unit_id FROM "{storage.schema}".rm_units')}
    return positions, timeline, units
