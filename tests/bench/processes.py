"""The servers a benchmark starts as processes of their own (``isotrail api``, ``isotrail projections run``,
a peer), so that the load generator and each server do not share an interpreter, and the CPU time each
spends, read from /proc."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

SECRET = "benchmark-token-secret-of-at-least-32-characters"  # noqa: S105 - a scratch database's
TICKS = os.sysconf("SC_CLK_TCK")


def isotrail_process(command: list[str], database_url: str, *, quiet: bool = False,
                     **settings: str) -> subprocess.Popen:
    """``isotrail <command>`` on ``database_url`` with tokens signed by :data:`SECRET` and ``settings``
    (``ISOTRAIL_…`` variables); ``quiet`` drops its logs (stderr)."""
    environment = {**os.environ, "DATABASE_URL": database_url, "ISOTRAIL_AUTH__SECRET": SECRET, **settings}
    return subprocess.Popen([str(Path(sys.executable).with_name("isotrail")), *command], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if quiet else None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(process: subprocess.Popen, port: int, label: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{label} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{label} did not listen on {port} within {seconds:.0f} s")


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


