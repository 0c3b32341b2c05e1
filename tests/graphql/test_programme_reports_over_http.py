"""A programme's Art. 38 reports over real HTTP: compileProgrammeResults records the November compilation with its
figures counted (the client gives none), refuses a malformed number with a typed error on its input field and a
second compilation; sendImmediateReport records each immediate report; a programme shows them."""

from __future__ import annotations

from collections.abc import Callable

from isotrail.domain.roles import Role
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import approved_programme, fresh_tenant

ADMIN = Caller("test-admin", Role.TENANT_ADMIN)
COMPILE = """mutation($id: UUID!, $number: String!) {
  compileProgrammeResults(input: {programmeId: $id, compilationNumber: $number, signer: "Giám đốc Sở KH&CN",
      proposals: ["Tích hợp HTQLCL với hệ thống thông tin một cửa điện tử"], occurredOn: "2020-11-20"}) {
    ok programme { compilation { compilationNumber compiledOn signer assessment proposals
      figures { unitsInScope onSite joint inspected unitsWithNonconformities unitsReported nonconformities
        verified } } }
    userErrors { code field messageVi } } }"""
IMMEDIATE = """mutation($id: UUID!) {
  sendImmediateReport(input: {programmeId: $id, reportNumber: "140/BC-SKHCN", signer: "Phó Giám đốc Sở KH&CN",
      recipient: "Ủy ban nhân dân tỉnh", subject: "Kết quả kiểm tra Sở Tư pháp",
      reason: "Theo yêu cầu của UBND tỉnh", occurredOn: "2020-08-03"}) {
    ok programme { compilation { compilationNumber } immediateReports { reportNumber sentOn signer recipient subject
      reason } }
    userErrors { code field } } }"""
READ = """query($id: UUID!) {
  programme(id: $id) { compilation { compilationNumber } immediateReports { reportNumber } } }"""


def test_a_programme_shows_its_compilation_and_its_immediate_reports(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh báo cáo kết quả") as slug, registry.application(slug) as app:
        programme_id, _ = approved_programme(app, ADMIN, units=2)
        admin, variables = token(slug, Role.TENANT_ADMIN), {"id": str(programme_id)}
        immediate = graphql(IMMEDIATE, admin, variables)["data"]["sendImmediateReport"]
        assert (immediate["ok"], immediate["userErrors"]) == (True, [])
        assert immediate["programme"]["compilation"] is None  # the mutation's payload is read after it projected
        assert immediate["programme"]["immediateReports"] == [{
            "reportNumber": "140/BC-SKHCN", "sentOn": "2020-08-03", "signer": "Phó Giám đốc Sở KH&CN",
            "recipient": "Ủy ban nhân dân tỉnh", "subject": "Kết quả kiểm tra Sở Tư pháp",
            "reason": "Theo yêu cầu của UBND tỉnh"}]
        [malformed] = graphql(COMPILE, admin, {**variables, "number": "  "})["data"][
            "compileProgrammeResults"]["userErrors"]
        assert (malformed["code"], malformed["field"]) == ("INVALID_VALUE", ["input", "compilationNumber"])
        compiled = graphql(COMPILE, admin, {**variables, "number": "125/BC-SKHCN"})["data"]["compileProgrammeResults"]
        assert (compiled["ok"], compiled["userErrors"]) == (True, [])
        assert compiled["programme"]["compilation"] == {
            "compilationNumber": "125/BC-SKHCN", "compiledOn": "2020-11-20", "signer": "Giám đốc Sở KH&CN",
            "assessment": None, "proposals": ["Tích hợp HTQLCL với hệ thống thông tin một cửa điện tử"],
            "figures": {"unitsInScope": 2, "onSite": 2, "joint": 0, "inspected": 0, "unitsWithNonconformities": 0,
                        "unitsReported": 0, "nonconformities": 0, "verified": 0}}
        [again] = graphql(COMPILE, admin, {**variables, "number": "126/BC-SKHCN"})["data"][
            "compileProgrammeResults"]["userErrors"]
        assert again["code"] == "RESULTS_ALREADY_COMPILED" and "20/11/2020" in again["messageVi"]
        assert graphql(READ, token(slug), variables)["data"]["programme"] == {
            "compilation": {"compilationNumber": "125/BC-SKHCN"},
            "immediateReports": [{"reportNumber": "140/BC-SKHCN"}]}
