"""A running API follows a tenant moved to another database: reads, mutations (with read-your-writes
through its projector) and the national view are served from the target, and from home again once moved back."""

from __future__ import annotations

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import TenantStatus
from isotrail.projections.read_model_layout import read_model_layout
from isotrail.services.tenant_move import move_tenant
from isotrail.services.tenants import TenantRegistry
from tests.builders import seeded_tenant

SUMMARY = """{ programmes(filter: {year: 2020}) { nodes {
  summary { inspected unitsInScope unitsWithNonconformities unitsReported } } } }"""
REGISTER = """mutation($code: String!) { registerUnit(input: {code: $code, name: "Đơn vị sau khi chuyển",
  kind: COMMUNE_COMMITTEE, occurredOn: "2021-01-04"}) { ok aggregateId userErrors { code messageVi } } }"""
NATIONAL = "{ national(year: 2020) { tenant inspected unitsInScope unitsWithNonconformities unitsReported } }"


def _figures(graphql, token, slug: str) -> tuple[int, ...]:
    body = graphql(SUMMARY, token(slug))
    assert "errors" not in body, body
    [programme] = body["data"]["programmes"]["nodes"]
    summary = programme["summary"]
    return summary["inspected"], summary["unitsInScope"], summary["unitsWithNonconformities"], summary["unitsReported"]


def test_the_api_serves_a_moved_tenant_from_its_new_server_and_back(
    graphql, token, registry: TenantRegistry, database_url: str, own_database: str,
) -> None:
    with seeded_tenant(registry, database_url, "Tỉnh chuyển qua API") as slug:
        assert _figures(graphql, token, slug) == (78, 78, 27, 27)  # its placement is now cached by the API

        registry.begin_move(slug)
        refused = graphql(REGISTER, token(slug, Role.TENANT_ADMIN), {"code": "TRONG-LUC-CHUYEN"})
        assert refused["data"]["registerUnit"]["ok"] is False
        assert refused["data"]["registerUnit"]["userErrors"][0]["code"] == "TENANT_MOVING"
        registry.end_move(slug, TenantStatus.ACTIVE)

        move_tenant(registry, slug, own_database, read_model_layout)
        assert _figures(graphql, token, slug) == (78, 78, 27, 27)  # the home schema is renamed: read on the target
        done = graphql(REGISTER, token(slug, Role.TENANT_ADMIN), {"code": "SAU-CHUYEN"})["data"]["registerUnit"]
        assert done["ok"] is True and done["userErrors"] == []  # folded by the API's projector on the target in time
        found = graphql('{ units(filter: {search: "sau khi chuyen"}) { nodes { uuid } } }', token(slug))["data"][
            "units"]["nodes"]
        assert found == [{"uuid": done["aggregateId"]}]
        national = graphql(NATIONAL, token("bo_khcn", Role.MINISTRY))["data"]["national"]
        assert [row for row in national if row["tenant"] == str(slug)] == [
            {"tenant": str(slug), "inspected": 78, "unitsInScope": 78, "unitsWithNonconformities": 27,
             "unitsReported": 27}]

        move_tenant(registry, slug, database_url, read_model_layout)
        assert _figures(graphql, token, slug) == (78, 78, 27, 27)
        again = graphql(REGISTER, token(slug, Role.TENANT_ADMIN), {"code": "VE-NHA"})["data"]["registerUnit"]
        assert again["ok"] is True and again["userErrors"] == []
