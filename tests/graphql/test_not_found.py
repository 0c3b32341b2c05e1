"""Not-found is one answer everywhere: an id that is nowhere, another tenant's, or (for a unit representative)
another unit's gets the not-found error of its kind, in both languages, as ``unitAsOf`` does; a filter on an
object in reach that matches nothing is an empty page."""

from __future__ import annotations

from uuid import uuid4

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant

FINDINGS = "query($u: UUID, $p: UUID, $s: [FindingStatus!]) { findings(filter: {unitId: $u, programmeId: $p, " \
           "status: $s}) { nodes { unitId } } }"
TIMELINE = "query($u: UUID!, $after: String) { timeline(unitId: $u, after: $after) { nodes { eventType } } }"


def _refusal(body: dict) -> dict:
    assert body["data"] is None, body
    [error] = body["errors"]
    return error["extensions"]


def _two_units(graphql, bearer: str) -> tuple[str, str, str]:
    """(a unit with nonconformities, another such unit, their programme)."""
    nodes = graphql("{ findings(first: 100) { nodes { unitId programmeId } } }", bearer)["data"]["findings"]["nodes"]
    other = next(n["unitId"] for n in nodes if n["unitId"] != nodes[0]["unitId"])
    return nodes[0]["unitId"], other, nodes[0]["programmeId"]


def test_a_unit_representative_asking_for_another_unit_s_findings_is_told_it_is_not_found(
        graphql, token, soc_trang: Tenant) -> None:
    own, other, _ = _two_units(graphql, token(soc_trang))
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=own)
    mine = graphql(FINDINGS, representative, {"u": own})["data"]["findings"]["nodes"]
    assert mine and {n["unitId"] for n in mine} == {own}
    refused, nowhere = (_refusal(graphql(FINDINGS, representative, {"u": unit_id}))
                        for unit_id in (other, str(uuid4())))
    assert refused["code"] == nowhere["code"] == "unit_not_found"  # not its own findings, silently, as before
    assert refused["message_vi"] == "Không tìm thấy cơ quan này." and refused["message_en"] == (
        f"Unit {other} was not found.")


def test_unknown_units_and_programmes_in_findings_are_not_found_but_an_empty_filter_is_an_empty_page(
        graphql, token, soc_trang: Tenant) -> None:
    viewer = token(soc_trang)
    unit_id, _, programme_id = _two_units(graphql, viewer)
    assert _refusal(graphql(FINDINGS, viewer, {"u": str(uuid4())}))["code"] == "unit_not_found"
    assert _refusal(graphql(FINDINGS, viewer, {"p": str(uuid4())}))["code"] == "programme_not_found"
    for variables in ({"u": unit_id, "s": ["WITHDRAWN"]}, {"p": programme_id, "s": ["WITHDRAWN"]}):
        assert graphql(FINDINGS, viewer, variables)["data"]["findings"]["nodes"] == []


def test_a_timeline_of_a_unit_out_of_reach_is_not_found(graphql, token, soc_trang: Tenant) -> None:
    viewer = token(soc_trang)
    own, other, _ = _two_units(graphql, viewer)
    assert graphql(TIMELINE, viewer, {"u": other})["data"]["timeline"]["nodes"]
    assert _refusal(graphql(TIMELINE, viewer, {"u": str(uuid4())}))["code"] == "unit_not_found"
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=own)
    assert graphql(TIMELINE, representative, {"u": own})["data"]["timeline"]["nodes"]
    refused = _refusal(graphql(TIMELINE, representative, {"u": other}))
    assert refused["code"] == "unit_not_found" and other in refused["message_en"]
    page = graphql("query($u: UUID!) { timeline(unitId: $u, first: 200) { pageInfo { endCursor } } }", viewer,
                   {"u": own})["data"]["timeline"]["pageInfo"]
    after_the_last = graphql(TIMELINE, viewer, {"u": own, "after": page["endCursor"]})
    assert after_the_last["data"]["timeline"]["nodes"] == []  # a unit in reach: an empty page, not an error


def test_the_history_of_an_id_that_is_nowhere_or_another_unit_s_is_not_found(graphql, token, soc_trang: Tenant) -> None:
    history = "query($id: UUID!) { history(aggregateId: $id) { version } }"
    own, other, _ = _two_units(graphql, token(soc_trang))
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=own)
    nowhere = str(uuid4())
    for bearer, aggregate_id in ((token(soc_trang), nowhere), (representative, nowhere), (representative, other)):
        refused = _refusal(graphql(history, bearer, {"id": aggregate_id}))
        assert refused["code"] == "aggregate_not_found"
        assert refused["message_vi"] == "Không tìm thấy bản ghi này."
