"""The lists' ``filter`` input objects over real HTTP, each field against the same list read whole and filtered
here: ``units`` (search, kind, overdue), ``findings`` (programme, unit, status, clause, overdue, raised
dates), ``timeline`` (business dates, event types), ``programmes`` (year, status); and their hostile values:
a list longer than the bound, a value no enum has."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from isotrail.domain.field_labels import field_label
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.graphql.filters import MAX_FILTER_VALUES
from isotrail.services.commands import (
    DraftProgramme,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    SignMinutes,
    WithdrawNonconformity,
)
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from tests.builders import CATALOGUE, approved_programme, conducted_inspection, fresh_tenant, project_all

UNITS = """query($f: UnitFilter, $after: String) { units(filter: $f, first: 50, after: $after) {
  nodes { uuid name kind overdue } pageInfo { hasNextPage endCursor } } }"""
FINDINGS = """query($f: FindingFilter, $after: String) { findings(filter: $f, first: 50, after: $after) {
  nodes { uuid unitId programmeId itemCode clause status raisedOn reportDueOn }
  pageInfo { hasNextPage endCursor } } }"""
TIMELINE = """query($u: UUID!, $f: TimelineFilter, $after: String) { timeline(unitId: $u, filter: $f, first: 50,
  after: $after) { nodes { notificationId eventType occurredOn } pageInfo { hasNextPage endCursor } } }"""


def walk(graphql: Callable[..., dict], query: str, bearer: str, **variables: Any) -> list[dict]:
    """Every node of a list, page after page."""
    nodes: list[dict] = []
    after = None
    while True:
        body = graphql(query, bearer, {**variables, "after": after})
        assert "errors" not in body, body
        [connection] = body["data"].values()
        nodes += connection["nodes"]
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes
        after = connection["pageInfo"]["endCursor"]


@pytest.fixture(scope="module")
def followed_up(registry) -> Iterator[Tenant]:
    """A tenant whose one inspection raised four nonconformities: one withdrawn, one reported, two open past
    their report's deadline (28 February 2021)."""
    admin = Caller("admin-1", Role.TENANT_ADMIN)
    with fresh_tenant(registry, "Tỉnh theo dõi khắc phục") as slug:
        with registry.application(slug) as app:
            _, inspection_id = conducted_inspection(app, admin, on=date(2020, 12, 1))
            raised = [handle(app, admin, RaiseNonconformity(
                inspection_id=inspection_id, item_code=code, description=f"Chưa đạt mục {code}",
                occurred_on=date(2020, 12, day))).entity_id for day, code in enumerate(("6.2", "7.5", "9.2", "9.3"), 1)]
            handle(app, admin, WithdrawNonconformity(inspection_id=inspection_id, nonconformity_id=raised[0],
                                                     reason="Ghi nhầm", occurred_on=date(2020, 12, 5)))
            handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                           team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                           occurred_on=date(2020, 12, 31)))
            handle(app, admin, ReceiveCorrectiveActionReport(
                inspection_id=inspection_id, reference="1/BC", summary="Đã khắc phục", occurred_on=date(2021, 2, 1),
                nonconformity_ids=[raised[1]]))
        project_all(registry.database.url, slug)
        yield slug


def ids(nodes: list[dict], key: str = "uuid") -> list[Any]:
    return [node[key] for node in nodes]


def test_units_are_filtered_by_kind_and_search(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    every = walk(graphql, UNITS, bearer)
    kinds = sorted({unit["kind"] for unit in every}, key=lambda kind: -sum(u["kind"] == kind for u in every))
    assert len(kinds) > 1
    for chosen in ([kinds[0]], kinds[1:], kinds):
        found = walk(graphql, UNITS, bearer, f={"kind": chosen})
        assert ids(found) == [unit["uuid"] for unit in every if unit["kind"] in chosen], chosen
    searched = walk(graphql, UNITS, bearer, f={"search": "so y te", "kind": [kinds[0]]})
    both = [u["uuid"] for u in every if u["name"].startswith("Sở Y tế") and u["kind"] == kinds[0]]
    assert ids(searched) == both
    assert walk(graphql, UNITS, bearer, f={"kind": []}) == every  # an empty list narrows nothing, as null


def test_findings_and_units_are_filtered_by_status_and_overdue(graphql, token, followed_up: Tenant) -> None:
    bearer = token(followed_up)
    every = walk(graphql, FINDINGS, bearer)
    assert sorted(f["status"] for f in every) == ["OPEN", "OPEN", "REPORTED", "WITHDRAWN"]
    for given, expected in (
        ({"status": ["OPEN"]}, ["9.2", "9.3"]), ({"status": ["WITHDRAWN", "REPORTED"]}, ["6.2", "7.5"]),
        ({"status": ["VERIFIED"]}, []), ({"overdueOn": "2021-03-01"}, ["9.2", "9.3"]),
        ({"overdueOn": "2021-02-28"}, []), ({"overdueOn": "2021-03-01", "clause": "9.3"}, ["9.3"]),
    ):
        assert ids(walk(graphql, FINDINGS, bearer, f=given), "itemCode") == expected, given
    units = walk(graphql, UNITS, bearer)
    assert [u["overdue"] for u in units] == [True]  # its open nonconformities' report is long overdue
    assert walk(graphql, UNITS, bearer, f={"overdue": True}) == units
    assert walk(graphql, UNITS, bearer, f={"overdue": False}) == []


def test_findings_are_filtered_by_clause_unit_programme_and_dates(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    every = walk(graphql, FINDINGS, bearer)
    raised = sorted(finding["raisedOn"] for finding in every)
    middle = raised[len(raised) // 2]
    unit_id, programme_id = every[len(every) // 2]["unitId"], every[0]["programmeId"]
    cases: dict[str, tuple[dict, Callable[[dict], bool]]] = {
        "clause (a top-level clause)": ({"clause": "9"}, lambda f: "9" in (f["itemCode"], f["clause"])),
        "clause (a check item)": ({"clause": "6.2"}, lambda f: "6.2" in (f["itemCode"], f["clause"])),
        "unitId": ({"unitId": unit_id}, lambda f: f["unitId"] == unit_id),
        "programmeId": ({"programmeId": programme_id}, lambda f: f["programmeId"] == programme_id),
        "raisedFrom": ({"raisedFrom": middle}, lambda f: f["raisedOn"] >= middle),
        "raisedTo": ({"raisedTo": middle}, lambda f: f["raisedOn"] <= middle),
        "together": ({"status": ["REPORTED", "VERIFIED"], "clause": "9", "raisedTo": middle},
                     lambda f: f["status"] in ("REPORTED", "VERIFIED") and "9" in (f["itemCode"], f["clause"])
                     and f["raisedOn"] <= middle),
    }
    for name, (given, keeps) in cases.items():
        expected = [finding["uuid"] for finding in every if keeps(finding)]
        assert expected, name  # each case narrows to something…
        assert ids(walk(graphql, FINDINGS, bearer, f=given)) == expected, name
    assert len(walk(graphql, FINDINGS, bearer, f={"clause": "9"})) < len(every)  # …and not to everything


def test_a_unit_s_timeline_is_filtered_by_business_dates_and_event_types(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    unit = graphql('{ units(filter: {search: "so noi vu"}) { nodes { uuid } } }', bearer)["data"]["units"]["nodes"][0]
    every = walk(graphql, TIMELINE, bearer, u=unit["uuid"])
    types = sorted({entry["eventType"] for entry in every})
    assert len(types) > 2 and "UNIT_REGISTERED" in types
    dates = sorted(entry["occurredOn"] for entry in every)
    start, end = dates[1], dates[-2]
    cases: dict[str, tuple[dict, Callable[[dict], bool]]] = {
        "eventTypes": ({"eventTypes": types[:2]}, lambda e: e["eventType"] in types[:2]),
        "occurredFrom": ({"occurredFrom": start}, lambda e: e["occurredOn"] >= start),
        "occurredTo": ({"occurredTo": end}, lambda e: e["occurredOn"] <= end),
        "together": ({"occurredFrom": start, "occurredTo": end, "eventTypes": types[1:]},
                     lambda e: start <= e["occurredOn"] <= end and e["eventType"] in types[1:]),
    }
    for name, (given, keeps) in cases.items():
        expected = [entry["notificationId"] for entry in every if keeps(entry)]
        assert expected and len(expected) < len(every), name
        assert ids(walk(graphql, TIMELINE, bearer, u=unit["uuid"], f=given), "notificationId") == expected, name
    nothing = walk(graphql, TIMELINE, bearer, u=unit["uuid"], f={"occurredFrom": "2099-01-01"})
    assert nothing == []  # a filter matching nothing on a unit in reach is an empty page, not unit_not_found


def test_programmes_are_filtered_by_year_and_status(graphql, token, registry, admin) -> None:
    with fresh_tenant(registry, "Tỉnh nhiều năm") as slug:
        with registry.application(slug) as app:
            approved_programme(app, admin, units=1, code="A-2020")
            for year in (2021, 2022, 2023):
                handle(app, admin, DraftProgramme(
                    code=f"D-{year}", year=year, title="Kiểm tra HTQLCL", plan_number=f"{year}/KH-UBND",
                    plan_date=date(year, 2, 1), legal_basis=["Quyết định 19/2014/QĐ-TTg"],
                    catalogue_version=CATALOGUE, organiser="Chi cục TĐC", occurred_on=date(year, 2, 1)))
        project_all(registry.database.url, slug)
        query = "query($f: ProgrammeFilter) { programmes(filter: $f) { nodes { code year status } } }"

        def codes(given: dict | None) -> list[str]:
            return [p["code"] for p in graphql(query, token(slug), {"f": given})["data"]["programmes"]["nodes"]]

        assert codes(None) == ["D-2023", "D-2022", "D-2021", "A-2020"]  # the latest first, by default
        assert codes({"year": 2022}) == ["D-2022"]
        assert codes({"status": ["APPROVED"]}) == ["A-2020"]
        assert codes({"status": ["DRAFT"]}) == ["D-2023", "D-2022", "D-2021"]
        assert codes({"status": ["DRAFT", "APPROVED"], "year": 2020}) == ["A-2020"]
        assert codes({"status": ["REPORTED"]}) == []


@pytest.mark.parametrize(("query", "variables", "field"), [
    ("query($v: [FindingStatus!]) { findings(filter: {status: $v}) { nodes { uuid } } }", ["OPEN"], "filter.status"),
    ("query($v: [UnitKind!]) { units(filter: {kind: $v}) { nodes { uuid } } }", ["OTHER"], "filter.kind"),
    ("query($v: [ProgrammeStatus!]) { programmes(filter: {status: $v}) { nodes { uuid } } }", ["DRAFT"],
     "filter.status"),
    ("query($v: [EventType!]) { timeline(unitId: \"00000000-0000-0000-0000-000000000001\", "
     "filter: {eventTypes: $v}) { nodes { eventType } } }", ["UNIT_RENAMED"], "filter.eventTypes"),
])
def test_a_filter_s_list_longer_than_the_bound_is_refused_naming_it(
    graphql, token, soc_trang: Tenant, query: str, variables: list[str], field: str,
) -> None:
    bearer = token(soc_trang)
    body = graphql(query, bearer, {"v": variables * (MAX_FILTER_VALUES + 1)})
    [error] = body["errors"]
    extensions = error["extensions"]
    assert (extensions["code"], extensions["field"]) == ("too_many_values", field)
    given = MAX_FILTER_VALUES + 1
    label = field_label(field)  # by its Vietnamese label, not the argument's English name
    assert extensions["message_vi"] == f"Tối đa {MAX_FILTER_VALUES} giá trị trong {label}; đã nhận {given}."
    assert f"At most {MAX_FILTER_VALUES} values in {field}" in extensions["message_en"]
    at_bound = graphql(query, bearer, {"v": variables * MAX_FILTER_VALUES})
    assert [e["extensions"]["code"] for e in at_bound.get("errors") or []] in ([], ["unit_not_found"])


def test_a_value_no_enum_has_is_refused_with_a_typed_error(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    for query, variables in (
        ("query($v: [FindingStatus!]) { findings(filter: {status: $v}) { nodes { uuid } } }", {"v": ["open"]}),
        ("{ findings(filter: {status: [open]}) { nodes { uuid } } }", {}),
        ('{ units(filter: {kind: ["OTHER"]}) { nodes { uuid } } }', {}),
        ("{ units(orderBy: {field: NAME}) { nodes { uuid } } }", {}),
        ("{ units(orderBy: {field: name_sort, direction: ASC}) { nodes { uuid } } }", {}),
    ):
        body = graphql(query, bearer, variables)
        assert body.get("data") is None and body["errors"][0]["extensions"]["code"], (query, body)
