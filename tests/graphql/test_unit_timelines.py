"""A unit's timeline under the unit: the root timeline(unitId)'s pages and cursors, every unit's page of a
request read in one statement, and no further than the caller's reach."""

from __future__ import annotations

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant

ENTRY = "notificationId aggregateType eventType version occurredOn summaryVi"
PAGE = f"nodes {{ {ENTRY} }} pageInfo {{ hasNextPage endCursor startCursor }}"
UNITS_WITH_TIMELINES = f"""query($units: Int, $first: Int, $after: String) {{ units(first: $units) {{ nodes {{
  uuid timeline(first: $first, after: $after) {{ {PAGE} }} }} }} }}"""
ROOT = (f"query($id: UUID!, $first: Int, $after: String) {{ timeline(unitId: $id, first: $first, after: $after) "
        f"{{ {PAGE} }} }}")


def test_a_unit_s_timeline_pages_as_the_root_timeline_does(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.AUDITOR)
    units = graphql(UNITS_WITH_TIMELINES, bearer, {"units": 3, "first": 4})["data"]["units"]["nodes"]
    assert len(units) == 3
    for unit in units:
        root = graphql(ROOT, bearer, {"id": unit["uuid"], "first": 4})["data"]["timeline"]
        assert unit["timeline"] == root and len(root["nodes"]) == 4 and root["pageInfo"]["hasNextPage"]
        # the next page, from the unit's cursor, is the root field's next page, and the other way round
        after = unit["timeline"]["pageInfo"]["endCursor"]
        nested = graphql("query($id: UUID!, $after: String) { unit(id: $id) { timeline(first: 200, after: $after) "
                         f"{{ {PAGE} }} }} }}", bearer, {"id": unit["uuid"], "after": after})["data"]["unit"]
        rest = graphql(ROOT, bearer, {"id": unit["uuid"], "first": 200, "after": after})["data"]["timeline"]
        assert nested["timeline"] == rest and not rest["pageInfo"]["hasNextPage"]
        ids = [e["notificationId"] for e in root["nodes"] + rest["nodes"]]
        assert ids == sorted(set(ids))


def test_every_unit_s_timeline_is_read_in_one_statement(graphql, token, soc_trang: Tenant, read_statements) -> None:
    bearer = token(soc_trang)
    graphql(UNITS_WITH_TIMELINES, bearer, {"units": 2, "first": 3})  # warm
    counts = []
    for units in (1, 8, 40):
        before = read_statements()
        nodes = graphql(UNITS_WITH_TIMELINES, bearer, {"units": units, "first": 3})["data"]["units"]["nodes"]
        assert len(nodes) == units and all(len(n["timeline"]["nodes"]) == 3 for n in nodes)
        counts.append(read_statements() - before)
    assert counts == [2, 2, 2]  # the units' page, then every unit's timeline page


def test_every_unit_s_timeline_is_counted_in_one_statement(graphql, token, soc_trang: Tenant, read_statements) -> None:
    """totalCount under every unit of a page is one statement, not one per unit, and each unit's own count."""
    bearer = token(soc_trang, Role.AUDITOR)
    query = """query($units: Int) { units(first: $units) { nodes { uuid timeline(first: 1) { totalCount } } } }"""
    graphql(query, bearer, {"units": 2})  # warm
    counts, totals = [], {}
    for units in (1, 40):
        before = read_statements()
        nodes = graphql(query, bearer, {"units": units})["data"]["units"]["nodes"]
        counts.append(read_statements() - before)
        totals.update({node["uuid"]: node["timeline"]["totalCount"] for node in nodes})
    # the units' page, their timelines' pages, their timelines' counts
    assert counts == [3, 3]
    for unit_id, total in list(totals.items())[:3]:
        root = graphql("query($id: UUID!) { timeline(unitId: $id) { totalCount } }", bearer, {"id": unit_id})
        assert root["data"]["timeline"]["totalCount"] == total > 0


def test_a_timeline_s_page_is_costed_by_its_first(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    query = "query($first: Int) { units(first: 3) { nodes { timeline(first: $first) { nodes { eventType } } } } }"
    costs = [graphql(query, bearer, {"first": first})["extensions"]["cost"]["requestedQueryCost"]
             for first in (1, 40)]
    assert costs == [1 + 1 + 3 * (1 + 1 + first) for first in (1, 40)]


def test_a_bad_page_or_cursor_under_a_unit_is_a_typed_error(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    for variables, code in (({"first": 0}, "invalid_page_size"), ({"first": 201}, "invalid_page_size"),
                            ({"first": 2, "after": "bm90IG91cnM="}, "invalid_cursor")):
        body = graphql(UNITS_WITH_TIMELINES, bearer, {"units": 2, **variables})
        assert {e["extensions"]["code"] for e in body["errors"]} == {code}, body


def test_a_unit_representative_reaches_its_own_unit_s_timeline_only(graphql, token, soc_trang: Tenant) -> None:
    viewer = token(soc_trang)
    units = graphql("{ units(first: 2) { nodes { uuid } } }", viewer)["data"]["units"]["nodes"]
    mine, other = units[0]["uuid"], units[1]["uuid"]
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=mine)
    listed = graphql(UNITS_WITH_TIMELINES, representative, {"units": 50, "first": 2})["data"]["units"]["nodes"]
    assert [u["uuid"] for u in listed] == [mine] and listed[0]["timeline"]["nodes"]
    query = "query($id: UUID!) { unit(id: $id) { timeline(first: 2) { nodes { eventType } } } }"
    refused = graphql(query, representative, {"id": other})
    assert refused["data"] == {"unit": None} and refused["errors"][0]["extensions"]["code"] == "unit_not_found"
    programme = graphql("{ programmes { nodes { uuid } } }", viewer)["data"]["programmes"]["nodes"][0]["uuid"]
    walked = graphql("query($id: UUID!) { programme(id: $id) { scope { unit { uuid timeline(first: 1) "
                     "{ nodes { eventType } } } } inspections { unit { uuid timeline(first: 1) { nodes { eventType } } "
                     "} } } }", representative, {"id": programme})["data"]["programme"]
    assert {e["unit"]["uuid"] for e in walked["scope"]} | {i["unit"]["uuid"] for i in walked["inspections"]} <= {mine}
