"""What one request may ask, over real HTTP: query cost, page sizes, depth, aliases and tokens, each
refused with a typed error in both languages; hostile documents refused in milliseconds while the server
goes on answering; introspection needs a token and is costed."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
from graphql import get_introspection_query

from isotrail.graphql.checked_document import MAX_ALIASES
from isotrail.graphql.limits import max_cost
from isotrail.graphql.schema import schema
from isotrail.projections.page_windows import MAX_PAGE_SIZE

UNIT_FIELDS = ("id code name kind registeredOn dissolvedOn lastInspectedOn openNonconformities nextReportDueOn "
               "overdue")
# enough pages of units that full ones cost more than the limit (which grows with the schema) and pages of 50 a
# quarter of that, well below it
UNIT_PAGES = 1 + max_cost(schema._schema) // (MAX_PAGE_SIZE * len(UNIT_FIELDS.split()))
PAGES_OF_UNITS = "query($n: Int) { " + " ".join(
    f"p{i}: units(first: $n) {{ nodes {{ {UNIT_FIELDS} }} }}" for i in range(UNIT_PAGES)) + " }"


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


def test_a_query_above_the_cost_limit_is_refused_with_a_typed_error(graphql, token, soc_trang: str) -> None:
    weaknesses_of_200 = ("{ programmes(first: 200) { nodes { weaknesses { itemCode clause nonconformities units } "
                         "scope { form } } } }")
    refused = graphql(weaknesses_of_200, token(soc_trang))
    assert refused["data"] is None and _code(refused) == "query_too_costly"
    extensions = refused["errors"][0]["extensions"]
    assert f"{max_cost(schema._schema)}" in extensions["message_en"]
    assert "Truy vấn quá lớn" in extensions["message_vi"]
    through_fragments = """{ programmes(first: 200) { ...Nodes } } fragment Nodes on ProgrammeConnection {
      nodes { ... on Programme { weaknesses { ...Weakness } scope { form } } } } fragment Weakness on ClauseWeakness {
      itemCode clause nonconformities units }"""
    assert _code(graphql(through_fragments, token(soc_trang))) == "query_too_costly"


def test_the_cost_counts_the_page_size_each_request_asks_for(graphql, token, soc_trang: str) -> None:
    """One document, checked once: its cost is worked out again from each request's variables."""
    small = graphql(PAGES_OF_UNITS, token(soc_trang), {"n": 50})
    assert "errors" not in small and len(small["data"][f"p{UNIT_PAGES - 1}"]["nodes"]) == 50
    large = graphql(PAGES_OF_UNITS, token(soc_trang), {"n": MAX_PAGE_SIZE})
    assert _code(large) == "query_too_costly"
    assert "errors" not in graphql(PAGES_OF_UNITS, token(soc_trang), {"n": 50})


def test_page_sizes_are_capped(graphql, token, soc_trang: str) -> None:
    full = graphql(f"{{ units(first: {MAX_PAGE_SIZE}) {{ nodes {{ id }} }} }}", token(soc_trang))
    assert len(full["data"]["units"]["nodes"]) == 78
    for query in (f"{{ units(first: {MAX_PAGE_SIZE + 1}) {{ nodes {{ id }} }} }}",
                  "{ units(first: 0) { nodes { id } } }",
                  f"{{ findings(first: {MAX_PAGE_SIZE + 1}) {{ nodes {{ id }} }} }}",
                  f"{{ programmes(first: {MAX_PAGE_SIZE + 1}) {{ nodes {{ code }} }} }}"):
        body = graphql(query, token(soc_trang))
        assert _code(body) == "invalid_page_size", query
        assert body["errors"][0]["extensions"]["message_vi"] == f"Số bản ghi mỗi trang phải từ 1 đến {MAX_PAGE_SIZE}."


def test_invalid_deep_wide_and_long_queries_get_a_typed_error(graphql, token, soc_trang: str) -> None:
    cases = {
        "{ units { nodes { nosuchfield } } }": "Cannot query field 'nosuchfield'",
        "{ units { nodes { a { b { c { d { e { f { g { h } } } } } } } } } }": "exceeds maximum operation depth",
        "{ " + " ".join(f"a{i}: me {{ tenant }}" for i in range(40)) + " }": "aliases found",
        "{ me { " + " ".join("tenant" for _ in range(3000)) + " } }": "more than 2000 tokens",
        "{ units(first: ": "Syntax Error",
    }
    for query, explanation in cases.items():
        body = graphql(query, token(soc_trang))
        extensions = body["errors"][0]["extensions"]
        assert extensions["code"] == "invalid_query", query
        assert explanation in extensions["message_en"], (explanation, extensions)
        assert extensions["message_vi"].startswith("Truy vấn GraphQL không hợp lệ")


def test_a_response_tells_what_its_query_cost_beside_the_limit(graphql, token, soc_trang: str) -> None:
    """As GitHub's and Shopify's APIs do: ``extensions.cost``, on answers and on cost refusals alike."""
    small = graphql("{ units(first: 2) { nodes { name } } }", token(soc_trang))
    assert small["extensions"]["cost"]["maximumAvailable"] == max_cost(schema._schema)
    larger = graphql("{ units(first: 20) { nodes { name code } } }", token(soc_trang))
    assert 0 < small["extensions"]["cost"]["requestedQueryCost"] < larger["extensions"]["cost"]["requestedQueryCost"]
    refused = graphql("{ programmes(first: 200) { nodes { weaknesses { itemCode clause nonconformities units } "
                      "scope { form } } } }", token(soc_trang))
    assert refused["extensions"]["cost"]["requestedQueryCost"] > max_cost(schema._schema)


def test_introspection_needs_a_token_and_is_costed(api: str, graphql, token, soc_trang: str) -> None:
    """GraphiQL's and schemathesis's introspection passes with a token; 30 aliased walks of the schema
    (817 KB before) are too costly; without a token nothing is even parsed."""
    introspection = get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True,
                                            schema_description=True, input_value_deprecation=True)
    body = graphql(introspection, token(soc_trang))
    assert "errors" not in body
    assert "Unit" in {t["name"] for t in body["data"]["__schema"]["types"]}
    walk = "__schema { types { name kind description fields { name description type { name kind ofType { name } } } } }"
    aliased = "{ " + " ".join(f"a{i}: {walk}" for i in range(MAX_ALIASES)) + " }"
    assert _code(graphql(aliased, token(soc_trang))) == "query_too_costly"
    for query in (introspection, aliased, "{ __typename }"):
        refused = graphql(query, None)
        assert refused["data"] is None and [_code(refused)] == [e["extensions"]["code"] for e in refused["errors"]]
        assert _code(refused) == "invalid_token" and "Mã xác thực" in refused["errors"][0]["extensions"]["message_vi"]
    by_get = httpx.get(f"{api}/graphql", params={"query": "{ __schema { types { name } } }"}, timeout=10)
    assert by_get.status_code == 200 and _code(by_get.json()) == "invalid_token"
    named = graphql("query IntrospectionQuery { __schema { queryType { name } } }", None)
    assert _code(named) == "invalid_token"


def doubling(fragments: int) -> str:
    """The issue's document: each fragment spreads the next twice, 2^(n-1) ``me { tenant }`` in ~1 KB."""
    last = fragments - 1
    return " ".join(["{...F0}", *(f"fragment F{i} on Query {{...F{i + 1} ...F{i + 1}}}" for i in range(last)),
                     f"fragment F{last} on Query {{me{{tenant}}}}"])


HOSTILE = {  # the worst documents found that fit in 2,000 tokens, and the code each gets with a token
    "22 doubling fragments": (doubling(22), "query_too_complex"),
    "30 doubling fragments": (doubling(30), "query_too_complex"),
    "490 repeated me { tenant }": ("{ " + " ".join("me { tenant }" for _ in range(490)) + " }", "query_too_complex"),
    "1,990 repeated tenant": ("{ me { " + " ".join("tenant" for _ in range(1990)) + " } }", "query_too_complex"),
    "190 repeated units { nodes { name } }": (
        "{ " + " ".join("units { nodes { name } }" for _ in range(190)) + " }", "query_too_complex"),
    "150 fragments spread side by side": (
        "{ " + " ".join(f"...F{i}" for i in range(150)) + " } "
        + " ".join(f"fragment F{i} on Query {{ me {{ tenant }} }}" for i in range(150)), "query_too_complex"),
    "660 aliases": ("{ me { " + " ".join(f"a{i}: tenant" for i in range(660)) + " } }", "invalid_query"),
    "nested 150 deep": ("{" + "a{" * 150 + "b" + "}" * 151, "invalid_query"),
    "8 deep, every field": ("{ programmes(first: 200) { nodes { summary { unitsInScope inspected } scope { form } "
                            "weaknesses { itemCode clause nonconformities units } } } }", "query_too_costly"),
}


@contextmanager
def healthz_latencies(api: str) -> Iterator[list[float]]:
    """Polls ``/healthz`` meanwhile and gives the latencies (seconds) it saw."""
    seen: list[float] = []
    stop = threading.Event()

    def poll() -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                started = time.perf_counter()
                assert client.get(f"{api}/healthz").status_code == 200
                seen.append(time.perf_counter() - started)
                time.sleep(0.002)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        yield seen
    finally:
        stop.set()
        poller.join(timeout=30)


def test_hostile_documents_are_refused_in_milliseconds_while_healthz_answers(
    api: str, token, soc_trang: str, report: Callable[[str], None]
) -> None:
    """Each document once without a token (refused unparsed) and twice with one (checked in the document
    thread, then from the cache): a typed error each time. The 22-fragment document took 17.5 s of event
    loop before; the guard below is loose (1 s) because this machine is shared, the figures are printed."""
    bearer = {"Authorization": f"Bearer {token(soc_trang)}"}
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=api, timeout=30) as client, healthz_latencies(api) as healthz:
        time.sleep(0.05)
        for name, (query, code) in HOSTILE.items():
            for headers, expected in (({}, "invalid_token"), (bearer, code), (bearer, code)):
                started = time.perf_counter()
                response = client.post("/graphql", json={"query": query}, headers=headers)
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, (name, response.text)
                assert response.json()["data"] is None and _code(response.json()) == expected, (name, response.text)
                assert elapsed < 1, (name, elapsed)
                timings.setdefault(name, []).append(elapsed)
    assert healthz and max(healthz) < 1
    for name, (strangers, first, cached) in timings.items():
        report(f"{name}: without a token {strangers * 1000:.1f} ms, with one {first * 1000:.1f} ms "
               f"(checked), {cached * 1000:.1f} ms (cached)")
    report(f"/healthz meanwhile: {len(healthz)} requests, p50 {statistics.median(healthz) * 1000:.1f} ms, "
           f"max {max(healthz) * 1000:.1f} ms")
