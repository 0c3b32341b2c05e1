"""Read-only queries answered by their plan (graphql/read_plans.py, graphql/compiled_reads.py) give, over real
HTTP, exactly what graphql-core gives: each query is asked as it is (its plan answers, the planned-reads
counter says so) and again with ``@include(if: true)`` on its root fields, which no plan reads (graphql-core
answers), and the two bodies must be equal — every field a plan reads, under fragments and aliases, forwards
and backwards, filtered, for a unit representative, and the refusals, which a plan leaves to graphql-core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx
import psycopg
import pytest
from graphql import OperationDefinitionNode, parse, print_ast
from strawberry.utils.str_converters import to_camel_case

from isotrail.domain.roles import Role
from isotrail.graphql.programmes import Programme, ProgrammeSummary
from isotrail.graphql.units import Unit
from tests.builders import fresh_tenant, project_all, register_unit
from tests.graphql.conftest import METRICS_AUTH

UNIT = " ".join(["id uuid __typename", *(to_camel_case(name) for name in sorted(Unit.ROW_FIELDS))])
SUMMARY = " ".join(["__typename", *(to_camel_case(name) for name in sorted(ProgrammeSummary.ROW_FIELDS))])
PROGRAMME = " ".join(["id uuid __typename", *(to_camel_case(name) for name in sorted(Programme.ROW_FIELDS)),
                      f"summary {{ {SUMMARY} }}"])
PAGE_INFO = "pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }"

PLANNED = [  # (query, variables)
    ("{ programmes(filter: {year: 2020}) { nodes { planNumber summary { unitsInScope inspected "
     "unitsWithNonconformities unitsReported } } } units(first: 100) { nodes { name openNonconformities overdue "
     "nextReportDueOn } } }", {}),
    (f"{{ __typename units(first: 100) {{ __typename totalCount nodes {{ {UNIT} }} "
     f"edges {{ __typename cursor node {{ {UNIT} }} }} {PAGE_INFO} }} }}", {}),
    (f"{{ programmes {{ totalCount nodes {{ {PROGRAMME} }} edges {{ cursor node {{ code }} }} {PAGE_INFO} }} }}", {}),
    ("query($first: Int, $after: String, $kinds: [UnitKind!]) { a: units(first: $first, after: $after, "
     "filter: {kind: $kinds, search: \"so\"}, orderBy: {field: CODE, direction: DESC}) { n: nodes { c: code "
     "...named ...onFields } more: pageInfo { hasNextPage endCursor } } } "
     "fragment named on Unit { name kind } fragment onFields on UnitFields { registeredOn dissolvedOn }",
     {"first": 7, "after": None, "kinds": ["PROVINCIAL_DEPARTMENT"]}),
    ("query($last: Int) { units(last: $last, orderBy: {field: NAME, direction: ASC}) { nodes { name } "
     "nodes { code } ... on UnitConnection { totalCount } } }", {"last": 5}),
    ("{ units(filter: {search: \"không có đơn vị này\"}) { totalCount nodes { name } "
     "pageInfo { hasNextPage startCursor } } }", {}),
    # nodes alone (and totalCount): PostgreSQL writes the rows' JSON (projections/json_pages.py)
    (f"{{ units(first: 100, orderBy: {{field: CODE, direction: DESC}}) {{ nodes {{ {UNIT} }} }} "
     f"programmes {{ __typename totalCount nodes {{ {PROGRAMME} }} }} }}", {}),
    ("{ units(filter: {search: \"không có đơn vị này\"}) { totalCount nodes { name kind } } }", {}),
    # nodes under two keys, each its own selection: each its own rows
    ("{ units(first: 2) { a: nodes { name } b: nodes { code } } programmes { a: nodes { code summary { inspected } } "
     "b: nodes { s: summary { overdue } } } }", {}),
]


def counter(api: str, name: str) -> float:
    metrics = httpx.get(f"{api}/metrics", headers=METRICS_AUTH, timeout=10).text
    return float(next(line.split()[1] for line in metrics.splitlines() if line.startswith(f"{name} ")))


@pytest.fixture
def planned_reads(api: str) -> Callable[[], float]:
    return lambda: counter(api, "isotrail_graphql_planned_reads_total")


def unplanned(query: str) -> str:
    """The same query with ``@include(if: true)`` on each root field: no plan reads a directive."""
    document = parse(query)
    [include] = parse("{ a @include(if: true) }").definitions[0].selection_set.selections[0].directives
    definitions = [replace(definition, selection_set=replace(definition.selection_set, selections=tuple(
        replace(field, directives=(*(field.directives or ()), include))
        for field in definition.selection_set.selections)))
        if isinstance(definition, OperationDefinitionNode) else definition for definition in document.definitions]
    document = replace(document, definitions=tuple(definitions))
    return print_ast(document)


def both(graphql: Callable[..., dict], planned_reads: Callable[[], float], bearer: str, query: str,
         variables: dict[str, Any], *, plans: bool) -> dict:
    before = planned_reads()
    answered = graphql(query, bearer, variables)
    assert planned_reads() - before == (1 if plans else 0), answered
    reference = graphql(unplanned(query), bearer, variables)
    assert planned_reads() - before == (1 if plans else 0)
    assert _without_locations(answered) == _without_locations(reference)
    return answered


def _without_locations(body: dict) -> dict:
    """The body, its errors' locations aside (the unplanned text is printed on other lines)."""
    return {**body, "errors": [{k: v for k, v in error.items() if k != "locations"}
                               for error in body.get("errors", [])]}


@pytest.mark.parametrize(("query", "variables"), PLANNED)
def test_a_planned_query_answers_what_graphql_core_answers(graphql, planned_reads, token, soc_trang, query,
                                                          variables):
    answered = both(graphql, planned_reads, token(soc_trang), query, variables, plans=True)
    assert "errors" not in answered


def test_the_dashboard_reads_the_seed_programme_figures_written_by_postgresql(graphql, token, soc_trang, api):
    before = counter(api, "isotrail_graphql_json_pages_total")
    data = graphql(f"query dashboard {PLANNED[0][0]}", token(soc_trang))["data"]  # not in the response cache yet
    assert counter(api, "isotrail_graphql_json_pages_total") - before == 2  # both lists' rows
    assert data["programmes"]["nodes"][0]["summary"] == {"unitsInScope": 78, "inspected": 78,
                                                         "unitsWithNonconformities": 27, "unitsReported": 27}
    assert len(data["units"]["nodes"]) == 78


@pytest.mark.parametrize("direction", ["after", "before"])
def test_rows_written_by_postgresql_are_the_rows_of_the_same_page_either_way(graphql, planned_reads, token,
                                                                             soc_trang, direction):
    bearer = token(soc_trang)
    cursors = [edge["cursor"] for edge in graphql("{ units(first: 30) { edges { cursor } } }", bearer)["data"][
        "units"]["edges"]]
    size = "first" if direction == "after" else "last"
    query = (f"query($cursor: String) {{ units({size}: 7, {direction}: $cursor) {{ nodes {{ code name kind "
             "lastInspectedOn openNonconformities id } } }")
    answered = both(graphql, planned_reads, bearer, query, {"cursor": cursors[20]}, plans=True)
    codes = [node["code"] for node in answered["data"]["units"]["nodes"]]
    walked = [edge["node"]["code"] for edge in graphql("{ units(first: 40) { edges { node { code } } } }", bearer)[
        "data"]["units"]["edges"]]
    assert codes == (walked[21:28] if direction == "after" else walked[13:20])


def test_a_stored_value_the_api_would_refuse_is_answered_as_graphql_core_answers_it(
        graphql, planned_reads, token, registry, database_url, admin):
    """A kind no enum value stands for (a read model written by a newer release, say): PostgreSQL's JSON is
    refused by its guard, the rows' path's coercion fails, and graphql-core answers with its error."""
    with fresh_tenant(registry, "Tỉnh giá trị lạ") as slug:
        with registry.application(slug) as app:
            register_unit(app, admin)
        project_all(database_url, slug)
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'UPDATE "{slug.schema}".rm_units SET kind = %s', ("tuong_lai",))
        answered = both(graphql, planned_reads, token(slug), "{ units { nodes { name kind } } }", {}, plans=False)
        assert answered["errors"] and answered["data"] is None


@pytest.mark.parametrize("stored", ["10000-01-01", "0044-03-15 BC"])
def test_a_stored_date_python_cannot_hold_is_answered_as_graphql_core_answers_it(
        graphql, planned_reads, token, registry, database_url, admin, stored):
    """A date PostgreSQL holds and Python's date cannot (after year 9999, before Christ): PostgreSQL's JSON would
    write it, graphql-core's rows cannot read it; the guard sends it down the rows' path, which fails as they do."""
    with fresh_tenant(registry, "Tỉnh ngày lạ") as slug:
        with registry.application(slug) as app:
            register_unit(app, admin)
        project_all(database_url, slug)
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'UPDATE "{slug.schema}".rm_units SET registered_on = %s', (stored,))
        answered = both(graphql, planned_reads, token(slug), "{ units { nodes { name registeredOn } } }", {},
                        plans=False)
        assert answered["errors"] and answered["data"] is None


def test_a_unit_representative_reads_its_own_unit_through_the_plan_too(graphql, planned_reads, token, soc_trang):
    viewer = graphql("{ units(first: 1) { nodes { uuid } } }", token(soc_trang))
    own = viewer["data"]["units"]["nodes"][0]["uuid"]
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=own)
    answered = both(graphql, planned_reads, representative, PLANNED[1][0], {}, plans=True)
    assert [node["uuid"] for node in answered["data"]["units"]["nodes"]] == [own]


@pytest.mark.parametrize(("query", "variables"), [
    ("{ units(first: 0) { nodes { name } } }", {}),  # invalid_page_size
    ("{ units(after: \"bm90IGEgY3Vyc29y\") { nodes { name } } }", {}),  # invalid_cursor
    ("query($first: Int) { units(first: $first, last: 3) { nodes { name } } }", {"first": 2}),  # conflicting
])
def test_a_refused_read_is_left_to_graphql_core_with_its_typed_error(graphql, planned_reads, token, soc_trang,
                                                                     query, variables):
    answered = both(graphql, planned_reads, token(soc_trang), query, variables, plans=False)
    assert answered["errors"][0]["extensions"]["code"]


def test_a_refused_permission_is_left_to_graphql_core(graphql, planned_reads, token, soc_trang):
    answered = both(graphql, planned_reads, token(soc_trang, Role.MINISTRY), PLANNED[0][0], {}, plans=False)
    assert answered["errors"][0]["extensions"]["code"] == "permission_denied"


def test_a_field_the_plan_does_not_read_leaves_the_whole_query_to_graphql_core(graphql, planned_reads, token,
                                                                                soc_trang):
    query = "{ units(first: 2) { nodes { name findings { status } } } }"  # a list relation: no plan
    both(graphql, planned_reads, token(soc_trang), query, {}, plans=False)
