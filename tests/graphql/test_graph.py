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
    unit_id = graphql('{ units(filter: {search: "so noi vu"}) { nodes { uuid } } }', bearer)["data"]["units"][
        "nodes"][0]["uuid"]
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
    # the page; then the units' inspections and findings, then the inspections' programmes, nonconformities,
    # assessments and recommendations; the units asked for again come from the first batch, the nonconformities'
    # inspections from the inspections already read
    assert counts == [7, 7]


NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on Unit { uuid name } ... on Programme { uuid planNumber } ... on Inspection { uuid status }
  ... on Finding { uuid itemCode } } }"""
ONE_OF_EACH = """{ findings(first: 1) { nodes { id uuid itemCode
  unit { id uuid name } inspection { id uuid status } programme { id uuid planNumber } } } }"""


def _one_of_each(graphql, bearer: str) -> dict[str, dict]:
    """A finding of the seed, and its unit, inspection and programme, by type name."""
    finding = graphql(ONE_OF_EACH, bearer)["data"]["findings"]["nodes"][0]
    return {"Finding": {k: finding[k] for k in ("id", "uuid", "itemCode")}, "Unit": finding["unit"],
            "Inspection": finding["inspection"], "Programme": finding["programme"]}


def test_node_finds_each_type_by_its_global_id_and_nodes_keeps_the_order(graphql, token, soc_trang: Tenant) -> None:
    bearer = token(soc_trang, Role.AUDITOR)
    objects = _one_of_each(graphql, bearer)
    for type_name, expected in objects.items():
        node = graphql(NODE, bearer, {"id": expected["id"]})["data"]["node"]
        assert node == {"__typename": type_name, **expected}
    ids = [objects[name]["id"] for name in ("Programme", "Unit", "Finding", "Inspection")]
    listed = graphql("query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }", bearer, {"ids": ids})
    assert [n["id"] for n in listed["data"]["nodes"]] == ids
    # the root fields by uuid answer the same objects
    unit = objects["Unit"]
    assert graphql("query($id: UUID!) { unit(id: $id) { id } }", bearer, {"id": unit["uuid"]})["data"] == {
        "unit": {"id": unit["id"]}}


def _codes(body: dict) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def test_another_tenant_s_ids_answer_as_ids_that_are_nowhere(graphql, token, soc_trang: Tenant, registry) -> None:
    from tests.builders import fresh_tenant, project_all

    objects = _one_of_each(graphql, token(soc_trang))
    by_uuid = {"Unit": "unit", "Programme": "programme", "Inspection": "inspection", "Finding": "finding"}
    expected = {"Unit": "unit_not_found", "Programme": "programme_not_found",
                "Inspection": "inspection_not_found", "Finding": "nonconformity_not_found"}
    with fresh_tenant(registry, "Tỉnh khác") as other:
        project_all(registry.database.url, other)
        stranger = token(other, Role.TENANT_ADMIN)
        for type_name, found in objects.items():
            body = graphql(NODE, stranger, {"id": found["id"]})
            assert body["data"] == {"node": None} and _codes(body) == [expected[type_name]]
            field = by_uuid[type_name]
            answer = graphql(f"query($id: UUID!) {{ {field}(id: $id) {{ uuid }} }}", stranger, {"id": found["uuid"]})
            assert answer["data"] == {field: None} and answer["errors"][0]["extensions"] == body["errors"][0][
                "extensions"]
        unknown = graphql(NODE, stranger, {"id": "not a global id"})
        assert unknown["data"] == {"node": None} and _codes(unknown) == ["node_not_found"]
        assert unknown["errors"][0]["extensions"]["message_vi"] == "Không tìm thấy đối tượng có id «not a global id»."


def test_a_unit_representative_reaches_another_unit_s_objects_as_objects_that_are_nowhere(
        graphql, token, soc_trang: Tenant) -> None:
    from uuid import uuid4

    viewer = token(soc_trang)
    findings = graphql("{ findings(first: 100) { nodes { id uuid unitId inspectionId "
                       "unit { id } inspection { id } } } }", viewer)["data"]["findings"]["nodes"]
    mine = findings[0]
    other = next(f for f in findings if f["unitId"] != mine["unitId"])
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=mine["unitId"])
    for reachable in (mine["id"], mine["unit"]["id"], mine["inspection"]["id"]):
        assert graphql(NODE, representative, {"id": reachable})["data"]["node"]["id"] == reachable
    for field, hidden, nowhere, code in (
            ("unit", other["unitId"], str(uuid4()), "unit_not_found"),
            ("inspection", other["inspectionId"], str(uuid4()), "inspection_not_found"),
            ("finding", other["uuid"], str(uuid4()), "nonconformity_not_found")):
        query = f"query($id: UUID!) {{ {field}(id: $id) {{ uuid }} }}"
        refused, absent = (graphql(query, representative, {"id": id_}) for id_ in (hidden, nowhere))
        assert _codes(refused) == _codes(absent) == [code]
        assert refused["data"] == absent["data"] == {field: None}
    for hidden in (other["id"], other["unit"]["id"], other["inspection"]["id"]):
        assert graphql(NODE, representative, {"id": hidden})["data"] == {"node": None}
    listed = graphql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", representative,
                     {"ids": [mine["id"], other["id"], mine["unit"]["id"]]})
    assert listed["data"]["nodes"] == [{"id": mine["id"]}, None, {"id": mine["unit"]["id"]}]
    assert [(e["path"], e["extensions"]["code"]) for e in listed["errors"]] == [
        (["nodes", 1], "nonconformity_not_found")]
    # of a programme, a unit representative walks to its own unit's inspections and findings only
    programme = graphql("query($id: UUID!) { programme(id: $id) { scope { unit { uuid } } inspections { uuid } "
                        "findings { unitId } } }", representative, {"id": graphql(
                            "{ programmes { nodes { uuid } } }", viewer)["data"]["programmes"]["nodes"][0]["uuid"]})
    walked = programme["data"]["programme"]
    assert [e["unit"]["uuid"] for e in walked["scope"]] == [mine["unitId"]]
    assert [i["uuid"] for i in walked["inspections"]] == [mine["inspectionId"]]
    assert {f["unitId"] for f in walked["findings"]} == {mine["unitId"]}


def test_nodes_takes_at_most_a_hundred_ids(graphql, token, soc_trang: Tenant) -> None:
    body = graphql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", token(soc_trang), {"ids": ["x"] * 101})
    assert body["data"] is None and _codes(body) == ["too_many_ids"]


def test_global_ids_read_on_the_short_path_are_graphql_core_s(graphql, token, soc_trang: Tenant) -> None:
    """A page of plain fields is read in one loop (graphql/execution.py), ``id`` included; ``__typename``
    sends it through graphql-core's own resolution: both give the same ids."""
    bearer = token(soc_trang)
    short = graphql("{ units(first: 30) { nodes { id uuid } } }", bearer)["data"]["units"]["nodes"]
    full = graphql("{ units(first: 30) { nodes { __typename id uuid } } }", bearer)["data"]["units"]["nodes"]
    assert [(u["id"], u["uuid"]) for u in short] == [(u["id"], u["uuid"]) for u in full]
    assert all(graphql(NODE, bearer, {"id": u["id"]})["data"]["node"]["uuid"] == u["uuid"] for u in short[:3])


def test_the_dashboard_example_reads_the_article_s_figures_in_five_statements(
        graphql, token, soc_trang: Tenant, read_statements) -> None:
    from pathlib import Path

    from isotrail.graphql.limits import max_cost
    from isotrail.graphql.schema import schema
    from tests.graphql.test_cost import _checked

    example = (Path(__file__).resolve().parents[2] / "graphql" / "examples" / "viewer_programme_dashboard.graphql")
    query = example.read_text(encoding="utf-8")
    assert _checked(query).cost({}, None) < max_cost(schema._schema) and schema
    bearer = token(soc_trang)
    programme_id = _programme_id(graphql, bearer)
    graphql(query + " # warm", bearer, {"programmeId": programme_id})  # asyncpg reads types on first use
    counts = []
    for again in ("", "", " # again"):
        before = read_statements()
        programme = graphql(query + again, bearer, {"programmeId": programme_id})["data"]["programme"]
        counts.append(read_statements() - before)
    # the programme; its summary and scope; the scope's units; their findings; asked again unchanged, none: the
    # response cache answers (graphql/response_cache.py; its version is read when it has heard of a change)
    assert counts == [5, 0, 5]
    assert len(programme["scope"]) == programme["summary"]["unitsInScope"] == 78
    assert sum(bool(entry["unit"]["findings"]) for entry in programme["scope"]) == 27


def test_a_mutation_answers_the_object_it_changed_as_the_graph_shows_it(graphql, token, registry, admin) -> None:
    from tests.builders import conducted_inspection, fresh_tenant

    with fresh_tenant(registry, "Tỉnh trả lời đối tượng") as slug:
        with registry.application(slug) as app:
            programme_id, inspection_id = conducted_inspection(app, admin)
        inspector = token(slug, Role.INSPECTOR)
        raise_ = """mutation($id: UUID!) { raiseNonconformity(input: {inspectionId: $id, itemCode: "6.2",
          description: "Mục tiêu chưa đo được", occurredOn: "2020-06-02"}) { ok entityId
          inspection { uuid version status programme { uuid } }
          nonconformity { uuid itemCode status unit { code } } } }"""
        raised = graphql(raise_, inspector, {"id": str(inspection_id)})["data"]["raiseNonconformity"]
        assert raised["ok"] and raised["inspection"]["uuid"] == str(inspection_id)
        assert raised["inspection"]["programme"]["uuid"] == str(programme_id)
        assert raised["nonconformity"]["uuid"] == raised["entityId"]
        assert (raised["nonconformity"]["itemCode"], raised["nonconformity"]["status"]) == ("6.2", "OPEN")
        rename = """mutation($id: UUID!) { renameUnit(input: {unitId: $id, name: "Sở Tư pháp tỉnh",
          occurredOn: "2021-01-01"}) { ok version unit { name version } } }"""
        unit_id = graphql("{ units { nodes { uuid } } }", inspector)["data"]["units"]["nodes"][0]["uuid"]
        renamed = graphql(rename, token(slug, Role.TENANT_ADMIN), {"id": unit_id})["data"]["renameUnit"]
        assert renamed["unit"] == {"name": "Sở Tư pháp tỉnh", "version": renamed["version"]}
        refused = graphql(rename, token(slug, Role.VIEWER), {"id": unit_id})["data"]["renameUnit"]
        assert refused["ok"] is False and refused["unit"] is None
