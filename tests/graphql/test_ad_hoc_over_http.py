"""scheduleAdHocInspection over real HTTP (kiểm tra đột xuất, Circular 26/2014 Art. 34.1.c): the mutation
schedules an inspection of a unit outside the approved plan's scope with its reason and decision, refuses a
unit in scope with a typed error, and the inspection shows both; the plan's figures (inspected x/y) still
count the units in scope only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from isotrail.domain.roles import Role
from isotrail.services.commands import ConductInspection, ScheduleInspection
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import PLAN_DATE, approved_programme, decide, fresh_tenant, project_all, register_unit

ADMIN = Caller("test-admin", Role.TENANT_ADMIN)
AD_HOC = """mutation($programmeId: UUID!, $unitId: UUID!) {
  scheduleAdHocInspection(input: {programmeId: $programmeId, unitId: $unitId, form: ON_SITE,
      reason: "Phản ánh của người dân về thủ tục cấp phép", decisionNumber: " 45/QĐ-SKHCN ",
      scheduledOn: "2020-09-01", occurredOn: "2020-08-20"}) {
    ok aggregateId userErrors { code field message messageEn }
  }
}"""
READ = """query($id: UUID!, $programmeId: UUID!, $unitId: UUID!) {
  inspection(id: $id) { unitId form adHocReason adHocDecision }
  timeline(unitId: $unitId, filter: {eventTypes: [INSPECTION_SCHEDULED]}) { nodes { summaryVi } }
  programme(id: $programmeId) { summary { unitsInScope inspected } }
}"""


def test_an_ad_hoc_inspection_is_scheduled_outside_the_plan_and_left_out_of_its_figures(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh kiểm tra đột xuất qua GraphQL") as slug, registry.application(slug) as app:
        programme_id, [planned] = approved_programme(app, ADMIN, units=1)
        outside = register_unit(app, ADMIN, "Sở Xây dựng")
        admin = token(slug, Role.TENANT_ADMIN)
        refused = graphql(AD_HOC, admin, {"programmeId": str(programme_id), "unitId": str(planned)})
        [error] = refused["data"]["scheduleAdHocInspection"]["userErrors"]
        assert error["code"] == "DUPLICATE_UNIT_IN_SCOPE"
        done = graphql(AD_HOC, admin, {"programmeId": str(programme_id), "unitId": str(outside)})
        scheduled = done["data"]["scheduleAdHocInspection"]
        assert (scheduled["ok"], scheduled["userErrors"]) == (True, []), done
        decide(app, ADMIN, UUID(scheduled["aggregateId"]), on=date(2020, 9, 1))
        handle(app, ADMIN, ConductInspection(inspection_id=scheduled["aggregateId"], inspectors=["Kiểm tra viên 1"],
                                             occurred_on=date(2020, 9, 1)))
        planned_id = handle(app, ADMIN, ScheduleInspection(programme_id=programme_id, unit_id=planned,
                                                           scheduled_on=date(2020, 6, 2),
                                                           occurred_on=PLAN_DATE)).aggregate_id
        decide(app, ADMIN, planned_id, on=date(2020, 6, 2))
        handle(app, ADMIN, ConductInspection(inspection_id=planned_id, inspectors=["Kiểm tra viên 1"],
                                             occurred_on=date(2020, 6, 2)))
        project_all(registry.database.url, slug)

        read = graphql(READ, token(slug), {"id": scheduled["aggregateId"], "programmeId": str(programme_id),
                                           "unitId": str(outside)})
        assert "errors" not in read, read
        assert read["data"]["inspection"] == {"unitId": str(outside), "form": "ON_SITE",
                                              "adHocReason": "Phản ánh của người dân về thủ tục cấp phép",
                                              "adHocDecision": "45/QĐ-SKHCN"}
        assert read["data"]["programme"]["summary"] == {"unitsInScope": 1, "inspected": 1}
        assert read["data"]["timeline"]["nodes"] == [{"summaryVi": (
            "Lên lịch kiểm tra đột xuất ngày 01/09/2020 theo quyết định 45/QĐ-SKHCN: Phản ánh của người dân về thủ "
            "tục cấp phép.")}]
