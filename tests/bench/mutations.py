"""The Sóc Trăng 2020 programme (about 1,500 commands) replayed through HTTP GraphQL mutations, beside the
same command objects issued in-process.

Run:  DATABASE_URL=… python tests/bench/mutations.py

- **HTTP**: ``isotrail api`` and ``isotrail projections run`` in processes of their own (a deployment's
  shape); one client sends each command of services/demo.py's replay as its generated mutation
  (tests/graphql/http_commands.py), each answered once the read models show it (read-your-writes).
- **in-process**: the same replay through ``handle`` on the tenant's Application, in this process, with
  the projector still running beside it (its read models are not waited for).
Each into a fresh tenant; printed: commands/s, p50 and p99 per command, and the ratio.
"""

from __future__ import annotations

import logging
import signal
import statistics
import time
from collections.abc import Callable
from functools import partial

import httpx
from own_database import own_services
from processes import SECRET, free_port, isotrail_process, wait_until_listening

from isotrail.domain.tenancy import Tenant
from isotrail.services.auth import TokenAuthority
from isotrail.services.commands.handle import handle
from isotrail.services.demo import replay_seed
from isotrail.services.permissions import Caller
from tests.graphql.http_commands import HttpIssuer


def timed(issue: Callable[[Caller, object], object], seconds: list[float]) -> Callable[[Caller, object], object]:
    def issue_timed(caller: Caller, command: object) -> object:
        began = time.perf_counter()
        answer = issue(caller, command)
        seconds.append(time.perf_counter() - began)
        return answer
    return issue_timed


def row(label: str, seconds: list[float], took: float) -> str:
    ordered = sorted(seconds)
    return (f"  {label:46} {len(ordered):6} {len(ordered) / took:8.0f} {statistics.median(ordered) * 1000:8.1f} "
            f"{ordered[int(len(ordered) * 0.99)] * 1000:8.1f}")


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with own_services("mutations") as services:
        over_http, in_process = Tenant("benchhttp"), Tenant("benchinprocess")
        for tenant in (over_http, in_process):
            services.tenants.create(tenant, f"Sở KH&CN ({tenant.slug})")
        port = free_port()
        processes = [isotrail_process(["projections", "run"], services.database.url, quiet=True),
                     isotrail_process(["api"], services.database.url, ISOTRAIL_HTTP__PORT=str(port))]
        try:
            wait_until_listening(processes[1], port, "isotrail api")
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client, \
                    services.tenants.application(over_http) as app:
                issuer = HttpIssuer(client, TokenAuthority(SECRET), over_http)
                began = time.perf_counter()
                replay_seed(app, issue=issuer)  # the app is only read, to see what is stored
                http_took = time.perf_counter() - began
            local: list[float] = []
            with services.tenants.application(in_process) as app:
                began = time.perf_counter()
                replay_seed(app, issue=timed(partial(handle, app), local))
                local_took = time.perf_counter() - began
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(timeout=30)
    print("Sóc Trăng 2020 replayed command by command, one client, each into a fresh tenant")
    print(f"  {'':46} {'cmds':>6} {'cmds/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    print(row("HTTP mutations (isotrail api, read-your-writes)", issuer.seconds, http_took))
    print(row("in-process handle (same command objects)", local, local_took))
    print(f"  HTTP: {len(issuer.seconds) / http_took / (len(local) / local_took):.2f} × in-process commands/s")


if __name__ == "__main__":
    main()
