"""Lists as Relay cursor connections over real HTTP: walked forwards and backwards, each edge's cursor resuming
right after (or before) its row, both pageInfo flags at both ends, totalCount under filters and only when
asked for, and the typed refusals of page sizes and cursors."""

from __future__ import annotations

from typing import Any

import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections.page_windows import MAX_PAGE_SIZE

PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
ARGUMENTS = "first: $first, after: $after, last: $last, before: $before"
VARIABLES = "$first: Int, $after: String, $last: Int, $before: String"


def page(graphql, bearer: str, field: str, key: str, **variables: Any) -> dict:
    """One page of ``field`` (its name and fixed arguments, e.g. ``units(orderBy: {field: CODE, direction:
    ASC}``), rows by ``key``."""
    query = (f"query({VARIABLES}) {{ list: {field}{', ' if '(' in field else '('}{ARGUMENTS}) {{ "
             f"edges {{ cursor node {{ {key} }} }} nodes {{ {key} }} {PAGE_INFO} }} }}")
    body = graphql(query, bearer, variables)
    assert "errors" not in body, body["errors"]
    connection = body["data"]["list"]
    rows = [edge["node"][key] for edge in connection["edges"]]
    assert rows == [node[key] for node in connection["nodes"]]
    cursors = [edge["cursor"] for edge in connection["edges"]]
    info = connection["pageInfo"]
    assert (info["startCursor"], info["endCursor"]) == ((cursors[0], cursors[-1]) if cursors else (None, None))
    return {"rows": rows, "cursors": cursors, **info}


def walk(graphql, bearer: str, field: str, key: str, size: int, *, backward: bool) -> tuple[list, list[dict]]:
    """Every row of the list, in its order, read page by page one way; and the pages."""
    pages, cursor = [], None
    while True:
        if backward:
            pages.append(page(graphql, bearer, field, key, last=size, before=cursor))
            if not pages[-1]["hasPreviousPage"]:
                return [row for p in reversed(pages) for row in p["rows"]], pages
            cursor = pages[-1]["startCursor"]
        else:
            pages.append(page(graphql, bearer, field, key, first=size, after=cursor))
            if not pages[-1]["hasNextPage"]:
                return [row for p in pages for row in p["rows"]], pages
            cursor = pages[-1]["endCursor"]


LISTS = [('units(orderBy: {field: NAME, direction: ASC}', "code", 30),
         ('units(orderBy: {field: NEXT_REPORT_DUE_ON, direction: ASC}', "code", 25),
         ('findings(orderBy: {field: REPORT_DUE_ON, direction: ASC}', "uuid", 40),
         ('findings(orderBy: {field: CLAUSE, direction: ASC}, filter: {clause: "6"}', "uuid", 7)]


@pytest.mark.parametrize(("field", "key", "size"), LISTS, ids=[f"{f}) by {s}" for f, _, s in LISTS])
def test_a_list_walked_backwards_is_the_list_walked_forwards(graphql, token, soc_trang: Tenant, field: str,
                                                             key: str, size: int) -> None:
    bearer = token(soc_trang)
    forwards, ahead = walk(graphql, bearer, field, key, size, backward=False)
    backwards, behind = walk(graphql, bearer, field, key, size, backward=True)
    assert len(forwards) > size and len(set(forwards)) == len(forwards)
    assert backwards == forwards
    # forwards: nothing precedes the first page, every later one has rows before it; all but the last one after
    assert [(p["hasPreviousPage"], p["hasNextPage"]) for p in ahead] == (
        [(False, True)] + [(True, True)] * (len(ahead) - 2) + [(True, False)])
    # backwards from the end: nothing follows the first page read, nothing precedes the last one read
    assert [(p["hasPreviousPage"], p["hasNextPage"]) for p in behind] == (
        [(True, False)] + [(True, True)] * (len(behind) - 2) + [(False, True)])
    assert all(len(p["rows"]) == size for p in behind[:-1])


def test_a_descending_list_and_a_timeline_walk_both_ways(graphql, token, registry, admin, soc_trang: Tenant) -> None:
    from tests.builders import draft_programme, fresh_tenant, project_all

    with fresh_tenant(registry, "Tỉnh nhiều kế hoạch") as slug:
        with registry.application(slug) as app:
            for n in range(5):
                draft_programme(app, admin, code=f"2020-{n}")
        project_all(registry.database.url, slug)
        forwards, _ = walk(graphql, token(slug), "programmes", "code", 2, backward=False)
        backwards, _ = walk(graphql, token(slug), "programmes", "code", 2, backward=True)
        assert sorted(forwards) == [f"2020-{n}" for n in range(5)] and backwards == forwards
    unit = graphql('{ units(filter: {search: "so noi vu"}) { nodes { uuid } } }',
                   token(soc_trang))["data"]["units"]["nodes"][0]
    timeline = f'timeline(unitId: "{unit["uuid"]}"'
    forwards, _ = walk(graphql, token(soc_trang), timeline, "recordedAt", 5, backward=False)
    assert len(forwards) > 5
    assert walk(graphql, token(soc_trang), timeline, "recordedAt", 5, backward=True)[0] == forwards


def test_each_edges_cursor_resumes_right_after_or_right_before_its_row(graphql, token, soc_trang: Tenant) -> None:
    bearer, units = token(soc_trang), 'units(orderBy: {field: NAME, direction: ASC}'
    listed = page(graphql, bearer, units, "code", first=12)
    codes, cursors = listed["rows"], listed["cursors"]
    for i in (0, 5, 11):
        after = page(graphql, bearer, units, "code", first=3, after=cursors[i])
        assert after["rows"] == page(graphql, bearer, units, "code", first=i + 4)["rows"][i + 1:]
        assert after["hasPreviousPage"] and after["hasNextPage"]
        before = page(graphql, bearer, units, "code", last=2, before=cursors[i])
        assert before["rows"] == codes[max(0, i - 2):i]
        assert (before["hasPreviousPage"], before["hasNextPage"]) == (i > 2, True)
    between = page(graphql, bearer, units, "code", first=50, after=cursors[2], before=cursors[8])
    assert between["rows"] == codes[3:8] and (between["hasPreviousPage"], between["hasNextPage"]) == (True, False)
    assert page(graphql, bearer, units, "code", last=2, after=cursors[2], before=cursors[8])["rows"] == codes[6:8]
    end = page(graphql, bearer, units, "code", last=1)
    past_the_end = page(graphql, bearer, units, "code", first=5, after=end["endCursor"])
    assert past_the_end["rows"] == []
    assert (past_the_end["hasPreviousPage"], past_the_end["hasNextPage"]) == (True, False)


def test_total_count_counts_what_the_filters_match_whatever_the_page(graphql, token, soc_trang: Tenant) -> None:
    def total(field: str, bearer: str | None = None) -> int:
        body = graphql(f"{{ list: {field} {{ totalCount nodes {{ __typename }} }} }}", bearer or token(soc_trang))
        assert "errors" not in body, body["errors"]
        return body["data"]["list"]["totalCount"]

    ninth = graphql('{ findings(filter: {clause: "9"}, first: 3) { pageInfo { endCursor } } }', token(soc_trang))
    cursor = ninth["data"]["findings"]["pageInfo"]["endCursor"]
    assert total("units") == total("units(first: 1)") == total("units(last: 5)") == 78
    assert total('units(filter: {search: "so y te"})') == 1
    assert total('findings(filter: {clause: "9"})') == 16
    assert total(f'findings(filter: {{clause: "9"}}, first: 2, after: "{cursor}")') == 16
    assert total('findings(filter: {clause: "9", status: [OPEN]})') == 0
    unit = graphql('{ units(filter: {search: "so noi vu"}) { nodes { uuid } } }',
                   token(soc_trang))["data"]["units"]["nodes"][0]
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=unit["uuid"])
    assert total("units", representative) == 1
    assert total("findings", representative) == len(graphql(
        f'{{ findings(filter: {{unitId: "{unit["uuid"]}"}}, first: {MAX_PAGE_SIZE}) {{ nodes {{ uuid }} }} }}',
        token(soc_trang))["data"]["findings"]["nodes"])


def test_total_count_is_one_statement_sent_only_when_selected(graphql, token, soc_trang: Tenant,
                                                              read_statements) -> None:
    bearer = token(soc_trang)
    query = "query($n: Int, $before: String) { units(last: $n, before: $before) { nodes { code } %s } }"
    start = graphql(query % "pageInfo { startCursor }", bearer, {"n": 40})["data"]["units"]["pageInfo"]["startCursor"]
    counts = []
    for n, selection in ((3, ""), (4, "pageInfo { hasPreviousPage hasNextPage }"), (5, "totalCount"),
                         (6, "totalCount edges { cursor }")):
        before = read_statements()  # a new page size each time: the response cache answers none of them
        body = graphql(query % selection, bearer, {"n": n, "before": start})
        assert "errors" not in body and len(body["data"]["units"]["nodes"]) == n
        counts.append(read_statements() - before)
    # the page with both flags; the count only when asked
    assert counts == [1, 1, 2, 2]


def test_edges_and_nodes_read_the_same_rows_and_global_ids(graphql, token, soc_trang: Tenant) -> None:
    body = graphql("{ units(first: 100) { nodes { id uuid name } edges { node { id uuid name } } "
                   "typed: edges { node { __typename id name } } } }", token(soc_trang))
    assert "errors" not in body, body["errors"]
    units = body["data"]["units"]
    assert [edge["node"] for edge in units["edges"]] == units["nodes"] and len(units["nodes"]) == 78
    assert [(e["node"]["id"], e["node"]["__typename"]) for e in units["typed"]] == [
        (node["id"], "Unit") for node in units["nodes"]]


REFUSED = [
    ("units(first: 5, last: 5)", "conflicting_page_sizes", "last"),
    ("units(last: 0)", "invalid_page_size", "last"),
    ("units(last: -1)", "invalid_page_size", "last"),
    (f"units(last: {MAX_PAGE_SIZE + 1})", "invalid_page_size", "last"),
    ("units(first: -3)", "invalid_page_size", "first"),
    ('findings(last: 2, before: "nonsense")', "invalid_cursor", "before"),
    ('programmes(before: "")', "invalid_cursor", "before"),
]


@pytest.mark.parametrize(("field", "code", "argument"), REFUSED, ids=[f for f, _, _ in REFUSED])
def test_page_sizes_and_cursors_are_refused_with_typed_errors(graphql, token, soc_trang: Tenant, field: str,
                                                              code: str, argument: str) -> None:
    body = graphql(f"{{ {field} {{ nodes {{ __typename }} }} }}", token(soc_trang))
    [error] = body["errors"]
    extensions = error["extensions"]
    assert (extensions["code"], extensions["field"]) == (code, argument), error
    assert extensions["message_vi"] and extensions["message_en"]
    assert extensions["message_vi"] != extensions["message_en"]


def test_a_cursor_of_another_list_or_ordering_is_an_invalid_cursor(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    by_code = page(graphql, bearer, 'units(orderBy: {field: CODE, direction: ASC}', "code", first=3)["cursors"][1]
    finding = page(graphql, bearer, "findings", "uuid", first=3)["cursors"][1]
    by_name = 'units(orderBy: {field: NAME, direction: ASC}'
    for field, cursor in ((by_name, by_code), ("units", finding), ("findings", by_code)):
        for argument in ("after", "before"):
            body = graphql(f"query($c: String) {{ {field}{', ' if '(' in field else '('}{argument}: $c) "
                           "{ nodes { __typename } } }", bearer, {"c": cursor})
            [error] = body["errors"]
            assert (error["extensions"]["code"], error["extensions"]["field"]) == ("invalid_cursor", argument)


def test_a_unit_with_the_longest_name_has_a_cursor_its_list_takes_back(graphql, token, registry, admin) -> None:
    """A unit's name may hold 300 characters: its cursor (the name's sort key, of about twice its length) resumes
    the list after it, both ways, rather than being refused as too long to be this server's."""
    from tests.builders import fresh_tenant, project_all, register_unit

    names = [("Ủy ban nhân dân huyện Trần Đề " * 11)[:300].strip(), ("Ữ" * 300), "Sở Tư pháp"]
    with fresh_tenant(registry, "Tỉnh tên dài") as slug:
        with registry.application(slug) as app:
            for name in names:
                register_unit(app, admin, name)
        project_all(registry.database.url, slug)
        bearer = token(slug)
        query = f"""query({VARIABLES}) {{ units({ARGUMENTS}, orderBy: {{field: NAME, direction: ASC}}) {{
          nodes {{ name }} {PAGE_INFO} }} }}"""
        listed = graphql(query, bearer, {"first": 3})["data"]["units"]["nodes"]
        assert sorted(n["name"] for n in listed) == sorted(names)
        for index in range(3):
            head = graphql(query, bearer, {"first": index + 1})["data"]["units"]
            after = graphql(query, bearer, {"after": head["pageInfo"]["endCursor"]})
            assert after.get("errors") is None and after["data"]["units"]["nodes"] == listed[index + 1:]
            tail = graphql(query, bearer, {"last": 3 - index})["data"]["units"]
            before = graphql(query, bearer, {"last": 3, "before": tail["pageInfo"]["startCursor"]})
            assert before.get("errors") is None and before["data"]["units"]["nodes"] == listed[:index]
