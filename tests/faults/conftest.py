"""Faults and hostile input against real processes: `isotrail api` and `isotrail projections run` on a
database of their own (other test runs' projectors follow every tenant of a shared database)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from isotrail.domain.values import Role
from isotrail.services.auth import TokenAuthority
from tests.processes import SECRET, Api, free_port, migrate, process_env, ready, started, wait_until


@dataclass
class Deployment:
    base: str
    env: dict[str, str]
    api: subprocess.Popen
    projector: subprocess.Popen | None

    def client(self, tenant: str, role: Role = Role.TENANT_ADMIN) -> Api:
        return Api(self.base, TokenAuthority(SECRET).mint(tenant=tenant, role=role, subject=f"faults-{role.value}"))


@contextmanager
def deployed(database_url: str, home: Path, tenants: list[str], *, projector: bool = True,
             **settings: str) -> Iterator[Deployment]:
    """``migrate`` these tenants, then one API (and one projector) until the block ends."""
    env = process_env(database_url, home, **settings)
    migrate(env, home, *tenants)
    port = free_port()
    plan = [(["api"], {**env, "ISOTRAIL_HTTP__PORT": str(port)})] + ([(["projections", "run"], env)] if projector
                                                                        else [])
    with started(plan, home) as processes:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: ready(base) or processes[0].poll() is not None, f"{base}/readyz", timeout=60)
        assert processes[0].poll() is None, processes[0].stdout.read()
        yield Deployment(base, env, processes[0], processes[1] if projector else None)
