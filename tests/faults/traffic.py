"""Mixed GraphQL traffic from client threads over loopback: each thread registers units (unique codes) and
reads unit pages in turn, across the given tenants, and records every answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from statistics import quantiles

import httpx

from tests.processes import Api, register_variables

REGISTER = """mutation($code: String!, $name: String!, $on: Date!) {
  registerUnit(input: {code: $code, name: $name, kind: COMMUNE_COMMITTEE, occurredOn: $on}) {
    ok aggregateId userErrors { code } } }"""
READ = '{ units(first: 20, filter: {search: "xa"}) { nodes { id name kind } } }'


@dataclass(frozen=True)
class Answer:
    kind: str  # "read" or "write"
    tenant: str
    began: float  # time.monotonic() when sent
    seconds: float
    status: int | None  # None: no HTTP answer at all
    ok: bool  # a read with data, or an acknowledged write
    codes: tuple[str, ...]  # the typed errors' codes; "untyped" for an error without one
    unit_id: str | None = None  # the unit an acknowledged write registered
    messages: tuple[str, ...] = ()  # the top-level errors' messages, to tell what went wrong


class Traffic:
    def __init__(self, clients: dict[str, Api], threads: int, writes_every: int = 2, first: int = 0) -> None:
        """``first``: the number of the first request (unit codes are made from it, so two runs against the
        same tenants must not overlap)."""
        self.clients, self.threads, self.writes_every = clients, threads, writes_every
        self.answers: list[Answer] = []
        self._first = first
        self._requests = count(first)
        self._stop = threading.Event()

    def run(self, requests: int | None = None) -> None:
        """Send ``requests`` requests in all (or until stopped) from the client threads; returns when done."""
        workers = [threading.Thread(target=self._work, args=(requests,)) for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    @contextmanager
    def running(self) -> Iterator[Traffic]:
        """Traffic in the background for the duration of the block."""
        runner = threading.Thread(target=self.run)
        runner.start()
        try:
            yield self
        finally:
            self._stop.set()
            runner.join()

    def _work(self, requests: int | None) -> None:
        tenants = list(self.clients)
        with httpx.Client(timeout=120) as http:
            while not self._stop.is_set():
                n = next(self._requests)
                if requests is not None and n >= self._first + requests:
                    return
                tenant = tenants[n % len(tenants)]
                if n % self.writes_every == 0:
                    self.answers.append(self._send(http, tenant, "write", REGISTER,
                                                   register_variables(f"X{n:06d}", f"Ủy ban nhân dân xã số {n}")))
                else:
                    self.answers.append(self._send(http, tenant, "read", READ, {}))

    def _send(self, http: httpx.Client, tenant: str, kind: str, query: str, variables: dict) -> Answer:
        client = self.clients[tenant]
        began = time.monotonic()
        try:
            response = http.post(f"{client.base}/graphql", json={"query": query, "variables": variables},
                                 headers={"Authorization": f"Bearer {client.token}"})
        except httpx.TransportError:
            return Answer(kind, tenant, began, time.monotonic() - began, None, ok=False, codes=("transport",))
        seconds = time.monotonic() - began
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        codes = tuple((e.get("extensions") or {}).get("code", "untyped") for e in body.get("errors") or [])
        messages = tuple(e.get("message", "") for e in body.get("errors") or [])
        data = body.get("data") or {}
        if kind == "read":
            return Answer(kind, tenant, began, seconds, response.status_code, ok=bool(data.get("units")), codes=codes,
                          messages=messages)
        result = data.get("registerUnit") or {}
        codes += tuple(error["code"].lower() for error in result.get("userErrors") or [])  # as extensions spell it
        return Answer(kind, tenant, began, seconds, response.status_code, ok=bool(result.get("ok")), codes=codes,
                      unit_id=result.get("aggregateId"), messages=messages)

    def since(self, began: float) -> list[Answer]:
        return [answer for answer in list(self.answers) if answer.began >= began]


def percentiles(answers: list[Answer]) -> tuple[float, float]:
    """p50 and p99 of the answers' latencies, in milliseconds."""
    cuts = quantiles([answer.seconds * 1000 for answer in answers], n=100, method="inclusive")
    return cuts[49], cuts[98]
