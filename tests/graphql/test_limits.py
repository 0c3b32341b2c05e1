"""What one request may ask, over real HTTP: query cost, page sizes, depth, aliases and tokens, each
refused with a typed error in both languages; introspection stays open."""

from __future__ import annotations

from graphql import get_introspection_query

from isotrail.graphql.limits import MAX_COST
from isotrail.projections.pages import MAX_PAGE_SIZE

UNIT_FIELDS = ("id code name kind registeredOn dissolvedOn lastInspectedOn openNonconformities nextReportDueOn "
               "overdue")
FIVE_UNIT_PAGES = "query($n: Int) { " + " ".join(
    f"p{i}: units(first: $n) {{ nodes {{ {UNIT_FIELDS} }} }}" for i in range(5)) + " }"


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


def test_a_query_above_the_cost_limit_is_refused_with_a_typed_error(graphql, token, soc_trang: str) -> None:
    weaknesses_of_200 = "{ programmes(first: 200) { nodes { weaknesses { itemCode clause nonconformities units } } } }"
    refused = graphql(weaknesses_of_200, token(soc_trang))
    assert refused["data"] is None and _code(refused) == "query_too_costly"
    extensions = refused["errors"][0]["extensions"]
    assert f"{MAX_COST}" in extensions["message_en"] and "Truy vấn quá lớn" in extensions["message_vi"]
    through_fragments = """{ programmes(first: 200) { ...Nodes } } fragment Nodes on ProgrammeConnection {
      nodes { ... on Programme { weaknesses { ...Weakness } } } } fragment Weakness on ClauseWeakness {
      itemCode clause nonconformities units }"""
    assert _code(graphql(through_fragments, token(soc_trang))) == "query_too_costly"


def test_the_cost_counts_the_page_size_each_request_asks_for(graphql, token, soc_trang: str) -> None:
    """One document, checked once: its cost is worked out again from each request's variables."""
    small = graphql(FIVE_UNIT_PAGES, token(soc_trang), {"n": 50})
    assert "errors" not in small and len(small["data"]["p4"]["nodes"]) == 50
    large = graphql(FIVE_UNIT_PAGES, token(soc_trang), {"n": MAX_PAGE_SIZE})
    assert _code(large) == "query_too_costly"
    assert "errors" not in graphql(FIVE_UNIT_PAGES, token(soc_trang), {"n": 50})


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


def test_introspection_is_allowed_with_or_without_a_token(graphql, token, soc_trang: str) -> None:
    for bearer in (token(soc_trang), None):
        body = graphql(get_introspection_query(descriptions=True), bearer)
        assert "errors" not in body
        assert "Unit" in {t["name"] for t in body["data"]["__schema"]["types"]}
