"""Corrective-action reports (báo cáo khắc phục) in the graph: from a nonconformity or an inspection to the
reports received on it and back, one statement per level, and no further than the caller's reach."""

from __future__ import annotations

import re

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant

REPORT = "reference summary receivedOn version findings { uuid } inspection { uuid } unit { uuid } programme { uuid }"
WALK = f"""query($id: UUID!) {{ programme(id: $id) {{ inspections {{ uuid unit {{ uuid }} programme {{ uuid }}
  nonconformities {{ uuid }} correctiveActionReports {{ {REPORT} }} }} }} }}"""
FINDINGS = """query($id: UUID!) { programme(id: $id) { findings { uuid reportsReceived inspectionId
  reports { reference inspection { uuid } } } } }"""


def _programme_id(graphql, bearer: str) -> str:
    return graphql("{ programmes { nodes { uuid } } }", bearer)["data"]["programmes"]["nodes"][0]["uuid"]


def test_the_seed_s_27_reports_lead_to_the_nonconformities_they_cover_and_back(
        graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.AUDITOR)
    programme = {"id": _programme_id(graphql, bearer)}
    body = graphql(WALK, bearer, programme)
    assert "errors" not in body, body["errors"]
    inspections = body["data"]["programme"]["inspections"]
    reports = [(i, r) for i in inspections for r in i["correctiveActionReports"]]
    assert len(reports) == 27 and len({r["reference"] for _, r in reports}) == 27
    for inspection, report in reports:
        assert report["inspection"]["uuid"] == inspection["uuid"]
        assert report["unit"] == inspection["unit"] and report["programme"] == inspection["programme"]
        assert re.fullmatch(r"\d+/BC-[\w-]+", report["reference"]) and report["summary"] and report["version"] > 1
        assert sorted(f["uuid"] for f in report["findings"]) == sorted(
            nc["uuid"] for nc in inspection["nonconformities"])
    findings = graphql(FINDINGS, bearer, programme)["data"]["programme"]["findings"]
    by_inspection = {inspection["uuid"]: inspection["correctiveActionReports"] for inspection in inspections}
    assert len(findings) == sum(len(i["nonconformities"]) for i in inspections)
    for finding in findings:  # each nonconformity's reports: as many as it counts, its inspection's
        assert len(finding["reports"]) == finding["reportsReceived"] == 1
        assert [r["reference"] for r in finding["reports"]] == [
            r["reference"] for r in by_inspection[finding["inspectionId"]]]
        assert finding["reports"][0]["inspection"]["uuid"] == finding["inspectionId"]
    assert sum(not i["nonconformities"] for i in inspections) == 78 - 27
    assert all(not i["correctiveActionReports"] for i in inspections if not i["nonconformities"])


def test_reports_load_in_one_statement_per_level(graphql, token, soc_trang: Tenant, read_statements) -> None:
    bearer = token(soc_trang)
    query = """query($first: Int) { findings(first: $first) { nodes { uuid reports { reference
      findings { uuid unitId } inspection { correctiveActionReports { reference } } } } } }"""
    graphql(query, bearer, {"first": 2})  # warm
    counts = []
    for first in (1, 30):
        before = read_statements()
        nodes = graphql(query, bearer, {"first": first})["data"]["findings"]["nodes"]
        assert len(nodes) == first and all(n["uuid"] in {f["uuid"] for r in n["reports"] for f in r["findings"]}
                                           for n in nodes)
        counts.append(read_statements() - before)
    # the page; the findings' reports; the reports' findings and inspections; the inspections' reports
    assert counts == [5, 5]


def test_a_unit_representative_reaches_its_own_unit_s_reports_only(graphql, token, soc_trang: Tenant) -> None:
    viewer = token(soc_trang)
    findings = graphql("{ findings(first: 100) { nodes { uuid unitId inspectionId } } }", viewer)["data"][
        "findings"]["nodes"]
    mine = findings[0]
    other = next(f for f in findings if f["unitId"] != mine["unitId"])
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=mine["unitId"])
    own = graphql("query($id: UUID!) { finding(id: $id) { reports { reference unit { uuid } findings { unitId } } } }",
                  representative, {"id": mine["uuid"]})["data"]["finding"]["reports"]
    assert own and {r["unit"]["uuid"] for r in own} == {f["unitId"] for r in own for f in r["findings"]} == {
        mine["unitId"]}
    for field, hidden, selection, code in (
            ("finding", other["uuid"], "reports { reference }", "nonconformity_not_found"),
            ("inspection", other["inspectionId"], "correctiveActionReports { reference }", "inspection_not_found")):
        body = graphql(f"query($id: UUID!) {{ {field}(id: $id) {{ {selection} }} }}", representative, {"id": hidden})
        assert body["data"] == {field: None} and body["errors"][0]["extensions"]["code"] == code
    walked = graphql(WALK, representative, {"id": _programme_id(graphql, viewer)})["data"]["programme"]
    reports = [r for i in walked["inspections"] for r in i["correctiveActionReports"]]
    assert reports and {r["unit"]["uuid"] for r in reports} == {mine["unitId"]}
