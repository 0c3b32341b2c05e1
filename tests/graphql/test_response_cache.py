"""The response cache over real HTTP: a repeated query is answered from it until a command changes
the read models, and never across tenants, roles or units."""

from __future__ import annotations

from isotrail.domain.roles import Role
from tests.builders import fresh_tenant

UNITS = "{ units { nodes { uuid name } } }"
REGISTER = """mutation { registerUnit(input: {code: "STP", name: "Sở Tư pháp", kind: PROVINCIAL_DEPARTMENT,
  occurredOn: "2021-01-04"}) { ok aggregateId userErrors { code } } }"""
RENAME = """mutation($id: UUID!) { renameUnit(input: {unitId: $id, name: "Sở Tư pháp tỉnh", occurredOn: "2021-02-01"}) {
  ok userErrors { code } } }"""


def test_a_repeated_query_is_served_from_the_cache_until_a_command_changes_the_read_models(
    graphql, token, registry, read_statements
) -> None:
    with fresh_tenant(registry, "Tỉnh thử bộ nhớ đệm") as slug:
        registered = graphql(REGISTER, token(slug, Role.TENANT_ADMIN))["data"]["registerUnit"]
        assert registered["ok"], registered
        assert [u["name"] for u in graphql(UNITS, token(slug))["data"]["units"]["nodes"]] == ["Sở Tư pháp"]
        before = read_statements()
        again = graphql(UNITS, token(slug))["data"]["units"]["nodes"]
        assert [u["name"] for u in again] == ["Sở Tư pháp"]
        assert read_statements() - before == 0  # the result was kept (its version's read aside: read_statements)
        renamed = graphql(RENAME, token(slug, Role.TENANT_ADMIN), {"id": registered["aggregateId"]})
        assert renamed["data"]["renameUnit"]["ok"], renamed
        after = graphql(UNITS, token(slug))["data"]["units"]["nodes"]
        assert [u["name"] for u in after] == ["Sở Tư pháp tỉnh"]


def test_the_same_query_is_answered_for_each_tenant_role_and_unit_apart(
    graphql, token, registry, soc_trang: str
) -> None:
    viewer = graphql(UNITS, token(soc_trang))["data"]["units"]["nodes"]
    assert len(viewer) == 50
    own = viewer[0]["uuid"]
    representative = graphql(UNITS, token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=own))["data"]
    assert [u["uuid"] for u in representative["units"]["nodes"]] == [own]
    other_unit = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=viewer[1]["uuid"])
    assert [u["uuid"] for u in graphql(UNITS, other_unit)["data"]["units"]["nodes"]] == [viewer[1]["uuid"]]
    refused = graphql(UNITS, token(soc_trang, Role.MINISTRY))
    assert refused["errors"][0]["extensions"]["code"] == "permission_denied"
    assert len(graphql(UNITS, token(soc_trang, Role.AUDITOR))["data"]["units"]["nodes"]) == 50
    with fresh_tenant(registry, "Tỉnh khác") as other:
        assert graphql(UNITS, token(other))["data"]["units"]["nodes"] == []
