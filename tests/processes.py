"""Running isotrail as real processes in tests: the console script, free loopback ports, waiting for a
condition, and a GraphQL client that asserts the HTTP status."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx

ISOTRAIL = str(Path(sys.executable).parent / "isotrail")
SECRET = "process-test-secret-long-enough-for-hs256-0123456789"  # noqa: S105 - a test key
REGISTER = """mutation($code: String!, $name: String!, $on: Date!) {
  registerUnit(input: {code: $code, name: $name, kind: COMMUNE_COMMITTEE, occurredOn: $on}) {
    ok aggregateId userErrors { code messageEn } } }"""
UNITS = "{ units(first: 50) { nodes { id name } } }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> object:
    """The condition's first truthy result; fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def process_env(database_url: str, home: Path, **settings: str) -> dict[str, str]:
    """The environment of an ``isotrail`` process on ``database_url``, with fast projector discovery."""
    return {**os.environ, "DATABASE_URL": database_url, "ISOTRAIL_AUTH__SECRET": SECRET, "ISOTRAIL_HOME": str(home),
            "ISOTRAIL_PROJECTIONS__DISCOVER_SECONDS": "0.3", "ISOTRAIL_PROJECTIONS__POLL_SECONDS": "0.2",
            "COLUMNS": "200", **settings}


def migrate(env: dict[str, str], cwd: Path, *tenants: str) -> str:
    """Run ``isotrail migrate`` for these tenants (named after their slugs); returns its output."""
    specs = [arg for slug in tenants for arg in ("--tenant", f"{slug}=Tỉnh thử nghiệm {slug}")]
    result = subprocess.run([ISOTRAIL, "migrate", *specs], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@contextmanager
def started(argv_envs: list[tuple[list[str], dict[str, str]]], cwd: Path) -> Iterator[list[subprocess.Popen]]:
    """Start the processes; whatever happens, none outlives the block."""
    processes: list[subprocess.Popen] = []
    try:
        for argv, env in argv_envs:
            processes.append(subprocess.Popen([ISOTRAIL, *argv], env=env, cwd=cwd, stdout=subprocess.PIPE,
                                              stderr=subprocess.STDOUT, text=True))
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


def ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


class Api:
    """A client of one API process with one token; ``post`` asserts HTTP 200 and no GraphQL errors."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def send(self, query: str, variables: dict | None = None, timeout: float = 30) -> httpx.Response:
        return httpx.post(f"{self.base}/graphql", json={"query": query, "variables": variables or {}},
                          headers={"Authorization": f"Bearer {self.token}"}, timeout=timeout)

    def post(self, query: str, variables: dict | None = None) -> dict:
        response = self.send(query, variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body
        return body["data"]

    def register(self, code: str, name: str) -> str:
        result = self.post(REGISTER, register_variables(code, name))
        assert result["registerUnit"]["ok"], result
        return result["registerUnit"]["aggregateId"]

    def unit_names(self) -> set[str]:
        return {node["name"] for node in self.post(UNITS)["units"]["nodes"]}


def register_variables(code: str, name: str) -> dict[str, str]:
    return {"code": code, "name": name, "on": date(2025, 7, 1).isoformat()}
