"""One fragment for now and then: Unit and UnitState (Programme and ProgrammeState, Inspection and
InspectionState) implement one interface per aggregate, so a client's fragment on it is spread in both the
read models' answer and time travel's, and gives the same values when nothing changed since."""

from __future__ import annotations

from collections import Counter

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant

UNIT = "fragment U on UnitFields { __typename uuid version code name kind registeredOn dissolvedOn }"
SCOPE = "scope { unitId form jointTeam }"
PROGRAMME = (f"fragment P on ProgrammeFields {{ uuid version code year title planNumber planDate standard "
             f"catalogueVersion status startsOn endsOn approvedOn reportedOn {SCOPE} }}")
NONCONFORMITY = "uuid itemCode description status raisedOn reportDueOn reportsReceived closedOn"
INSPECTION = (f"fragment I on InspectionFields {{ uuid version unitId programmeId form jointTeam catalogueVersion "
              f"status scheduledOn conductedOn inspectors findingsCommunicatedOn "
              f"nonconformities {{ {NONCONFORMITY} }} }}")


def _now_and_then(graphql, bearer: str, field: str, fragment: str, spread: str, uuid: str) -> tuple[dict, dict]:
    """The object now, by ``field(id)``, and as of its version now, by ``fieldAsOf``: one fragment in both."""
    version = graphql(f"query($id: UUID!) {{ {field}(id: $id) {{ version }} }}", bearer, {"id": uuid})["data"][
        field]["version"]
    body = graphql(f"query($id: UUID!, $v: Int) {{ {field}(id: $id) {{ ...{spread} }} "
                   f"{field}AsOf(id: $id, asOfVersion: $v) {{ ...{spread} }} }} {fragment}", bearer,
                   {"id": uuid, "v": version})
    assert "errors" not in body, body["errors"]
    return body["data"][field], body["data"][f"{field}AsOf"]


def test_one_fragment_on_unit_fields_is_spread_in_unit_and_unit_as_of(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.AUDITOR)
    for unit in graphql("{ units(first: 3) { nodes { uuid } } }", bearer)["data"]["units"]["nodes"]:
        now, then = _now_and_then(graphql, bearer, "unit", UNIT, "U", unit["uuid"])
        assert (now.pop("__typename"), then.pop("__typename")) == ("Unit", "UnitState")
        assert now == then and now["name"] and now["registeredOn"]


def test_one_fragment_on_programme_and_inspection_fields_gives_the_same_values_now_and_then(
        graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.AUDITOR)
    findings = graphql("{ findings(first: 200) { nodes { inspectionId programmeId } } }", bearer)["data"]["findings"][
        "nodes"]
    [(most, raised)] = Counter(f["inspectionId"] for f in findings).most_common(1)
    finding = next(f for f in findings if f["inspectionId"] == most)
    now, then = _now_and_then(graphql, bearer, "programme", PROGRAMME, "P", finding["programmeId"])
    key = lambda entry: entry["unitId"]  # noqa: E731 - the scope's order: by date added, then as it comes
    assert sorted(now.pop("scope"), key=key) == sorted(then.pop("scope"), key=key)
    assert now == then and now["planNumber"] == "35/KH-UBND"
    now, then = _now_and_then(graphql, bearer, "inspection", INSPECTION, "I", finding["inspectionId"])
    assert now == then and len(now["nonconformities"]) == raised > 1 and now["inspectors"]
    # a list of inspections takes the fragment too
    listed = graphql(f"query($id: UUID!) {{ programme(id: $id) {{ inspections {{ ...I }} }} }} {INSPECTION}", bearer,
                     {"id": finding["programmeId"]})["data"]["programme"]["inspections"]
    assert now in listed and len(listed) == 78


def test_a_unit_representative_s_programme_shows_its_own_scope_now_and_then(graphql, token, soc_trang: Tenant) -> None:
    viewer = token(soc_trang)
    finding = graphql("{ findings(first: 1) { nodes { unitId programmeId } } }", viewer)["data"]["findings"]["nodes"][0]
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=finding["unitId"])
    now, then = _now_and_then(graphql, representative, "programme", PROGRAMME, "P", finding["programmeId"])
    assert now == then and [entry["unitId"] for entry in now["scope"]] == [finding["unitId"]]


def test_the_now_and_then_example_answers_an_auditor(graphql, token, soc_trang: Tenant) -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "graphql" / "examples" / "auditor_unit_now_and_then.graphql"
    bearer = token(soc_trang, Role.AUDITOR)
    unit_id = graphql("{ findings(first: 1) { nodes { unitId } } }", bearer)["data"]["findings"]["nodes"][0]["unitId"]
    body = graphql(example.read_text(encoding="utf-8"), bearer, {"unitId": unit_id})
    assert "errors" not in body, body["errors"]
    unit, first = body["data"]["unit"], body["data"]["unitAsOf"]
    assert first["version"] == 1 and (first["uuid"], first["code"]) == (unit["uuid"], unit["code"])
    assert len(unit["timeline"]["nodes"]) == 5 and unit["findings"][0]["reports"]
    [inspection] = unit["inspections"]
    assert inspection["correctiveActionReports"] and all(a["checkItem"]["titleVi"] for a in inspection["assessments"])
