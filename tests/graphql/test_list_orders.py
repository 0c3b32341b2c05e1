"""``orderBy: {field, direction}`` over real HTTP: every field of units, nonconformities and programmes sorted
both ways across pages (descending is ascending reversed, ties broken by id), the defaults, and cursors
refused under another ordering or direction; and the enums every list and object shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

import pytest

from isotrail.domain.collation import vietnamese_sort_key
from isotrail.domain.described import member_description
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit_values import UnitKind
from isotrail.graphql.enums import UndescribedEnumError, graphql_enum
from isotrail.graphql.event_types import KINDS, graphql_name
from isotrail.services.commands import DraftProgramme
from isotrail.services.commands.handle import handle
from tests.builders import CATALOGUE, fresh_tenant, project_all
from tests.graphql.test_list_filters import walk

UNITS = """query($o: UnitOrder, $after: String) { units(orderBy: $o, first: 7, after: $after) {
  nodes { uuid code name nextReportDueOn } pageInfo { hasNextPage endCursor } } }"""
FINDINGS = """query($o: FindingOrder, $after: String) { findings(orderBy: $o, first: 9, after: $after) {
  nodes { uuid raisedOn reportDueOn itemCode } pageInfo { hasNextPage endCursor } } }"""
PROGRAMMES = """query($o: ProgrammeOrder, $after: String) { programmes(orderBy: $o, first: 2, after: $after) {
  nodes { code year planDate } pageInfo { hasNextPage endCursor } } }"""


def _sorted_both_ways(graphql, bearer: str, query: str, field: str, key: Callable[[dict], Any]) -> list[dict]:
    """The list in ``field`` order, after checking it is sorted by ``key`` then by id, and that DESC is ASC
    reversed."""
    ascending = walk(graphql, query, bearer, o={"field": field, "direction": "ASC"})
    descending = walk(graphql, query, bearer, o={"field": field, "direction": "DESC"})
    assert len(ascending) > 9, field  # several pages
    assert descending == ascending[::-1], field
    assert ascending == sorted(ascending, key=lambda node: (key(node), node["uuid"])), field
    return ascending


def _last_if_none(name: str) -> Callable[[dict], tuple[bool, str]]:
    """A date's sort key, a missing one after every other (PostgreSQL's 'infinity')."""
    return lambda node: (node[name] is None, node[name] or "")


@pytest.mark.parametrize(("field", "key"), [
    ("NAME", lambda unit: vietnamese_sort_key(unit["name"])), ("CODE", lambda unit: unit["code"]),
    ("NEXT_REPORT_DUE_ON", _last_if_none("nextReportDueOn"))], ids=["NAME", "CODE", "NEXT_REPORT_DUE_ON"])
def test_units_are_sorted_by_each_field_both_ways_across_pages(graphql, token, soc_trang: Tenant, field: str,
                                                               key: Callable[[dict], Any]) -> None:
    bearer = token(soc_trang)
    ascending = _sorted_both_ways(graphql, bearer, UNITS, field, key)
    if field == "NAME":
        assert walk(graphql, UNITS, bearer) == ascending == walk(graphql, UNITS, bearer, o=None)  # the default
        assert ascending[0]["name"] < ascending[-1]["name"]


@pytest.mark.parametrize(("field", "key"), [
    ("RAISED_ON", lambda finding: finding["raisedOn"]), ("REPORT_DUE_ON", _last_if_none("reportDueOn")),
    ("CLAUSE", lambda finding: finding["itemCode"])], ids=["RAISED_ON", "REPORT_DUE_ON", "CLAUSE"])
def test_findings_are_sorted_by_each_field_both_ways_across_pages(graphql, token, soc_trang: Tenant, field: str,
                                                                  key: Callable[[dict], Any]) -> None:
    bearer = token(soc_trang)
    ascending = _sorted_both_ways(graphql, bearer, FINDINGS, field, key)
    if field == "RAISED_ON":
        assert walk(graphql, FINDINGS, bearer) == ascending  # the default


def test_programmes_are_sorted_by_year_plan_date_and_code_both_ways(graphql, token, registry, admin) -> None:
    with fresh_tenant(registry, "Tỉnh nhiều kế hoạch") as slug:
        with registry.application(slug) as app:
            for code, year in (("B", 2022), ("D", 2020), ("A", 2023), ("C", 2021), ("E", 2024)):
                handle(app, admin, DraftProgramme(
                    code=code, year=year, title="Kiểm tra HTQLCL", plan_number=f"{code}/KH-UBND",
                    plan_date=date(year, 2, 1), legal_basis=["Quyết định 19/2014/QĐ-TTg"],
                    catalogue_version=CATALOGUE, organiser="Chi cục TĐC", occurred_on=date(year, 2, 1)))
        project_all(registry.database.url, slug)
        bearer = token(slug)

        def codes(order: dict | None) -> str:
            return "".join(p["code"] for p in walk(graphql, PROGRAMMES, bearer, o=order))

        assert codes(None) == codes({"field": "YEAR", "direction": "DESC"}) == "EABCD"  # the latest first
        assert codes({"field": "YEAR", "direction": "ASC"}) == "DCBAE"
        assert codes({"field": "PLAN_DATE", "direction": "ASC"}) == "DCBAE"
        assert codes({"field": "CODE", "direction": "ASC"}) == "ABCDE"
        assert codes({"field": "CODE", "direction": "DESC"}) == "EDCBA"


def test_a_cursor_made_under_another_ordering_direction_or_list_is_refused(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    by_name = {"field": "NAME", "direction": "ASC"}
    cursor = graphql(UNITS, bearer, {"o": by_name})["data"]["units"]["pageInfo"]["endCursor"]
    assert "errors" not in graphql(UNITS, bearer, {"o": by_name, "after": cursor})
    for other in ({"field": "NAME", "direction": "DESC"}, {"field": "CODE", "direction": "ASC"}):
        body = graphql(UNITS, bearer, {"o": other, "after": cursor})
        [error] = body["errors"]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == ("invalid_cursor", "after"), other
        assert error["extensions"]["message_vi"] == "Con trỏ phân trang không hợp lệ."
    by_code = {"field": "CODE", "direction": "ASC"}  # units and programmes both sort by their code
    unit_cursor = graphql(UNITS, bearer, {"o": by_code})["data"]["units"]["pageInfo"]["endCursor"]
    [error] = graphql(PROGRAMMES, bearer, {"o": by_code, "after": unit_cursor})["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("invalid_cursor", "after")
    found = graphql(FINDINGS, bearer, {"o": {"field": "RAISED_ON", "direction": "DESC"}})["data"]["findings"]
    body = graphql(FINDINGS, bearer, {"after": found["pageInfo"]["endCursor"]})  # the default: ascending
    assert body["errors"][0]["extensions"]["code"] == "invalid_cursor"


ENUMS = ("UnitKind", "ProgrammeStatus", "InspectionForm", "InspectionStatus", "FindingStatus", "AssessmentResult",
         "RecommendationSource", "Role", "EventType", "OrderDirection", "UnitOrderField", "ProgrammeOrderField",
         "FindingOrderField")


def _enums(graphql, bearer: str) -> dict[str, dict[str, str]]:
    """Each of :data:`ENUMS`' values with its description, read by introspection."""
    query = " ".join(f'{name}: __type(name: "{name}") {{ enumValues {{ name description }} }}' for name in ENUMS)
    data = graphql("{ " + query + " }", bearer)["data"]
    return {name: {v["name"]: v["description"] for v in data[name]["enumValues"]} for name in ENUMS}


def test_every_enum_value_is_described_and_event_types_are_every_stored_kind(graphql, token,
                                                                              soc_trang: Tenant) -> None:
    enums = _enums(graphql, token(soc_trang))
    for name, values in enums.items():
        for value, description in values.items():
            assert description and "(" in description and not description.isascii(), (name, value)  # Vietnamese
    assert set(enums["EventType"]) == {graphql_name(kind) for kind in KINDS} and len(KINDS) > 20
    assert "UNIT_QMS_FACTS_RECORDED" in enums["EventType"]


def test_a_domain_enum_without_a_description_for_each_member_stops_the_schema() -> None:
    class Stage(StrEnum):
        DRAFT = "draft"

    with pytest.raises(UndescribedEnumError, match="Stage"):
        graphql_enum(Stage)
    assert graphql_enum(UnitKind) is UnitKind and all(member_description(kind) for kind in UnitKind)


def test_objects_show_enums_the_filters_take(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    enums = _enums(graphql, bearer)
    data = graphql("""{ me { role } units(first: 200) { nodes { kind } } findings(first: 200) { nodes { status } }
      programmes { nodes { uuid status scope { form } } } }""", bearer)["data"]
    assert data["me"]["role"] == "VIEWER"
    assert {u["kind"] for u in data["units"]["nodes"]} <= set(enums["UnitKind"])
    assert {f["status"] for f in data["findings"]["nodes"]} == {"REPORTED"}
    [programme] = data["programmes"]["nodes"]
    assert programme["status"] == "REPORTED" and {e["form"] for e in programme["scope"]} == {"ON_SITE"}
    walked = graphql("""query($id: UUID!) { programme(id: $id) { inspections { form status
      assessments { result } recommendations { source } } } history(aggregateId: $id) { eventType role }
      programmeAsOf(id: $id, asOfVersion: 1) { status } }""", bearer, {"id": programme["uuid"]})["data"]
    inspections = walked["programme"]["inspections"]
    assert {i["status"] for i in inspections} == {"FINDINGS_COMMUNICATED"}
    assert {a["result"] for i in inspections for a in i["assessments"]} <= set(enums["AssessmentResult"])
    assert {r["source"] for i in inspections for r in i["recommendations"]} <= set(enums["RecommendationSource"])
    assert walked["history"][0] == {"eventType": "PROGRAMME_DRAFTED", "role": "TENANT_ADMIN"}
    assert walked["programmeAsOf"]["status"] == "DRAFT"
