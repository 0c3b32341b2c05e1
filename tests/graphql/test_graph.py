"""The graph walked over real HTTP: from a programme to its inspections, their nonconformities and units, and
back; each relation loaded in one statement per level, however many objects it holds."""

from __future__ import annotations

from collections import Counter

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant

WALK = """query($id: UUID!) { programme(id: $id) { planNumber version
  summary { nonconformities unitsWithNonconformities }
  scope { form jointTeam unit { code } }
  inspections { status form jointTeam minutesNumber unit { code name }
    nonconformities { itemCode status unit { code } inspection { minutesNumber } programme { planNumber } } }
  findings { itemCode } } }"""


def _programme_id(graphql, bearer: str) -> str:
    return graphql("{ findings(first: 1) { nodes { programmeId } } }", bearer)["data"]["findings"]["nodes"][0][
        "programmeId"]


def test_a_programme_is_walked_to_its_inspections_their_nonconformities_and_units(
        graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.AUDITOR)
    body = graphql(WALK, bearer, {"id": _programme_id(graphql, bearer)})
    assert "errors" not in body, body["errors"]
    programme = body["data"]["programme"]
    assert programme["planNumber"] == "35/KH-UBND" and programme["version"] > 78
    assert len(programme["scope"]) == len(programme["inspections"]) == 78
    assert sum(entry["jointTeam"] is not None for entry in programme["scope"]) == 4
    assert {e["unit"]["code"] for e in programme["scope"]} == {i["unit"]["code"] for i in programme["inspections"]}
    raised = [(inspection, nc) for inspection in programme["inspections"] for nc in inspection["nonconformities"]]
    assert len({inspection["unit"]["code"] for inspection, _ in raised}) == 27
    assert len(raised) == len(programme["findings"]) == programme["summary"]["nonconformities"]
    for inspection, nc in raised:  # and back up from each nonconformity
        assert nc["unit"]["code"] == inspection["unit"]["code"]
        assert nc["inspection"]["minutesNumber"] == inspection["minutesNumber"]
        assert nc["programme"]["planNumber"] == "35/KH-UBND"
    assert Counter(f["itemCode"] for f in programme["findings"]) == Counter(nc["itemCode"] for _, nc in raised)


def test_a_unit_leads_to_its_inspections_findings_and_their_check_items(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang)
    unit_id = graphql('{ units(search: "so noi vu") { nodes { id } } }', bearer)["data"]["units"]["nodes"][0]["id"]
    query = """query($id: UUID!) { unit(id: $id) { name version predecessors { name } successors { name }
      inspections { scheduledOn conductedOn inspectors catalogueVersion programme { planNumber }
        assessments { itemCode result note assessedOn } recommendations { source text recordedOn } }
      findings { itemCode inspection { status } } } }"""
    unit = graphql(query, bearer, {"id": unit_id})["data"]["unit"]
    assert unit["name"] == "Sở Nội vụ tỉnh Sóc Trăng" and unit["version"] >= 1
    assert unit["predecessors"] == unit["successors"] == []
    [inspection] = unit["inspections"]
    assert inspection["programme"]["planNumber"] == "35/KH-UBND" and inspection["inspectors"]
    assert inspection["conductedOn"] == "2020-06-02"
    assert len(inspection["assessments"]) > 1 and all(a["result"] for a in inspection["assessments"])


def test_a_nested_walk_loads_each_relation_in_one_statement_whatever_the_number_of_rows(
        graphql, token, soc_trang: Tenant, read_statements) -> None:
    bearer = token(soc_trang)
    query = """query($first: Int) { units(first: $first) { nodes { code
      inspections { status programme { code } unit { code }
        nonconformities { itemCode inspection { status } unit { name } programme { planNumber } }
        assessments { itemCode } recommendations { text } }
      findings { itemCode } predecessors { code } } } }"""
    graphql(query, bearer, {"first": 2})  # warm
    counts = []
    for first in (1, 6):
        before = read_statements()
        nodes = graphql(query, bearer, {"first": first})["data"]["units"]["nodes"]
        assert len(nodes) == first
        counts.append(read_statements() - before)
    # the read models' version, the page; then the units' inspections and findings, then the inspections'
    # programmes, nonconformities, assessments and recommendations; the units asked for again come from
    # the first batch, the nonconformities' inspections from the inspections already read
    assert counts == [8, 8]
