"""One caller cannot slow the API for the others, over real HTTP: its new documents are checked one at a time
and charged to its own budget of checking time (refused past it with a typed error), documents that would be
costly to check are refused before graphql-core's field merging, and long lists in variables are refused
before anything coerces them."""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from collections.abc import Callable

import httpx

from isotrail.domain.roles import Role
from isotrail.graphql.json_bounds import MAX_LIST_ITEMS
from tests.builders import fresh_tenant

HEAVY = "{" + " me{tenant}" * 490 + "} #"  # ~5 KB, refused as query_too_complex; a new comment makes it new


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


def test_a_long_list_variable_is_refused_naming_the_variable(graphql, token, soc_trang: str) -> None:
    query = "query($s: [FindingStatus!]) { findings(filter: {status: $s}) { nodes { id } } }"
    refused = graphql(query, token(soc_trang), {"s": ["OPEN"] * 120_000}, status=400)  # as other bodies refused
    assert _code(refused) == "list_too_long"
    extensions = refused["errors"][0]["extensions"]
    assert extensions["field"] == "s" and f"{MAX_LIST_ITEMS}" in extensions["message_en"]
    assert "Danh sách trong biến «s» quá dài" in extensions["message_vi"]
    nested = graphql(query, token(soc_trang), {"s": [["OPEN"] * 600, ["VERIFIED"] * 600]}, status=400)
    assert _code(nested) == "list_too_long"
    read = graphql(query, token(soc_trang), {"s": ["OPEN"] * MAX_LIST_ITEMS})  # the body is read: the filter refuses
    assert _code(read) == "too_many_values" and read["errors"][0]["extensions"]["field"] == "filter.status"


def test_a_caller_sending_new_documents_without_end_is_refused_and_others_are_not(
    graphql, authority, soc_trang: str
) -> None:
    attacker = authority.mint(tenant=soc_trang, role=Role.VIEWER, subject=f"flood-{uuid.uuid4()}")
    bodies = [graphql(HEAVY + str(uuid.uuid4()), attacker) for _ in range(300)]
    codes = [_code(body) for body in bodies]
    assert set(codes) <= {"query_too_complex", "too_many_new_queries"} and "too_many_new_queries" in codes
    # its budget refills as it goes: a check now and then is allowed, most are refused
    assert codes.count("too_many_new_queries") > codes.count("query_too_complex")
    refused = bodies[codes.index("too_many_new_queries")]["errors"][0]["extensions"]
    assert "Quá nhiều truy vấn mới" in refused["message_vi"]
    other = authority.mint(tenant=soc_trang, role=Role.VIEWER, subject=f"other-{uuid.uuid4()}")
    assert "errors" not in graphql("{ units(first: 3) { nodes { id } } } #" + str(uuid.uuid4()), other)


def _fresh_query_latencies(api: str, bearer: str, seconds: float) -> list[float]:
    seen: list[float] = []
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=api, timeout=30, headers={"Authorization": f"Bearer {bearer}"}) as client:
        while time.monotonic() < deadline:
            query = "{ units(first: 5) { nodes { id name } } } #" + str(uuid.uuid4())
            started = time.perf_counter()
            body = client.post("/graphql", json={"query": query}).json()
            seen.append(time.perf_counter() - started)
            assert "errors" not in body, body
            time.sleep(0.1)  # ten new documents a second: a client's pace, well inside its own checking budget
    return seen


def test_three_callers_flooding_new_heavy_documents_barely_slow_another_tenants_new_query(
    api: str, authority, soc_trang: str, registry, report: Callable[[str], None]
) -> None:
    """The review's figures: 7 ms p50 → 256 ms with 3 such callers for 4 s. The bound asserted is loose (the
    machine is shared); the figures are printed beside the baseline measured in the same run."""
    with fresh_tenant(registry, "Tỉnh thử công bằng") as victim_tenant:
        victim = authority.mint(tenant=victim_tenant, role=Role.VIEWER, subject="victim")
        baseline = _fresh_query_latencies(api, victim, 2)
        stop = threading.Event()
        sent: list[str] = []

        def flood(n: int) -> None:
            bearer = authority.mint(tenant=soc_trang, role=Role.VIEWER, subject=f"attacker-{n}-{uuid.uuid4()}")
            with httpx.Client(base_url=api, timeout=30, headers={"Authorization": f"Bearer {bearer}"}) as client:
                while not stop.is_set():
                    sent.append(_code(client.post("/graphql", json={"query": HEAVY + str(uuid.uuid4())}).json()))

        attackers = [threading.Thread(target=flood, args=(n,), daemon=True) for n in range(3)]
        for thread in attackers:
            thread.start()
        try:
            time.sleep(0.5)
            attacked = _fresh_query_latencies(api, victim, 4)
        finally:
            stop.set()
            for thread in attackers:
                thread.join(timeout=30)
    before, during = statistics.median(baseline), statistics.median(attacked)
    report(f"another tenant's new query: p50 {before * 1000:.1f} ms (max {max(baseline) * 1000:.1f}) alone, "
           f"{during * 1000:.1f} ms (max {max(attacked) * 1000:.1f}) beside 3 callers flooding new heavy "
           f"documents ({len(sent)} sent: {sent.count('too_many_new_queries')} too_many_new_queries, "
           f"{sent.count('query_too_complex')} query_too_complex)")
    assert set(sent) <= {"query_too_complex", "too_many_new_queries"}
    assert during < max(10 * before, 0.1)
