"""A plan's budget (kinh phí), its source and its partner unit (đơn vị phối hợp), Circular 26/2014 Art. 34's
Mẫu 19, over real HTTP: draftProgramme takes them, correctProgrammeDetails replaces them, a bad one is
refused with a typed error naming its input field, and a programme shows them now and as it stood; a plan
for year N dated in N−1 is drafted."""

from __future__ import annotations

from collections.abc import Callable

from isotrail.domain.roles import Role
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant

DRAFT = """mutation($budget: Int, $source: String) {
  draftProgramme(input: {code: "2021", year: 2021, title: "Kế hoạch kiểm tra ISO năm 2021",
      planNumber: "210/KH-UBND", planDate: "2020-12-18", legalBasis: ["Quyết định 19/2014/QĐ-TTg"],
      catalogueVersion: "tt26-2014+iso9001-2015", organiser: "Chi cục TĐC", occurredOn: "2020-12-01",
      budgetVnd: $budget, budgetSource: $source, partnerUnit: " Sở Nội vụ "}) {
    ok aggregateId version userErrors { code field message messageVi messageEn }
  }
}"""
CORRECT = """mutation($id: UUID!) {
  correctProgrammeDetails(input: {programmeId: $id, correctsVersion: 1, title: "Kế hoạch kiểm tra ISO năm 2021",
      planNumber: "210/KH-UBND", planDate: "2020-12-18", reason: "Sai kinh phí", occurredOn: "2020-12-20",
      budgetVnd: 95000000, budgetSource: "Ngân sách tỉnh"}) { ok userErrors { code field } }
}"""
READ = """query($id: UUID!) {
  programme(id: $id) { year planDate budgetVnd budgetSource partnerUnit }
  drafted: programmeAsOf(id: $id, asOfVersion: 1) { budgetVnd budgetSource partnerUnit }
}"""


def test_a_plan_carries_its_budget_and_partner_unit_and_a_correction_replaces_them(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh kinh phí kế hoạch") as slug:
        admin = token(slug, Role.TENANT_ADMIN)
        refused = graphql(DRAFT, admin, {"budget": None, "source": "Ngân sách tỉnh"})["data"]["draftProgramme"]
        [error] = refused["userErrors"]
        assert (refused["ok"], error["code"], error["field"]) == (False, "INVALID_VALUE", ["input", "budgetSource"])
        assert "nguồn kinh phí cần kèm số kinh phí" in error["messageVi"]
        negative = graphql(DRAFT, admin, {"budget": -1, "source": None})["data"]["draftProgramme"]
        assert [(e["code"], e["field"]) for e in negative["userErrors"]] == [("INVALID_VALUE", ["input", "budgetVnd"])]

        drafted = graphql(DRAFT, admin, {"budget": 120000000, "source": " Ngân sách tỉnh "})["data"]["draftProgramme"]
        assert (drafted["ok"], drafted["userErrors"]) == (True, []), drafted
        programme_id = drafted["aggregateId"]
        corrected = graphql(CORRECT, admin, {"id": programme_id})["data"]["correctProgrammeDetails"]
        assert corrected == {"ok": True, "userErrors": []}

        read = graphql(READ, token(slug), {"id": programme_id})
        assert "errors" not in read, read
        assert read["data"]["programme"] == {"year": 2021, "planDate": "2020-12-18", "budgetVnd": 95000000,
                                             "budgetSource": "Ngân sách tỉnh", "partnerUnit": None}
        assert read["data"]["drafted"] == {"budgetVnd": 120000000, "budgetSource": "Ngân sách tỉnh",
                                           "partnerUnit": "Sở Nội vụ"}
