"""Next year's on-site targets over real HTTP (Circular 26/2014 Art. 37: the results of year N feed year
N+1's choice): onSiteCandidates(year) ranks every unit active in the year by the overdue, not accepted and
unresolved nonconformities the earlier programmes left it, then by how long since its last on-site
inspection; a unit representative sees its own row at its rank; an implausible year is a typed error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from isotrail.domain.roles import Role
from isotrail.services.commands import (
    ConductInspection,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RejectCorrectiveAction,
    ScheduleInspection,
    SignMinutes,
)
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenants import TenantRegistry
from tests.builders import PLAN_DATE, approved_programme, decide, fresh_tenant, project_all, register_unit

ADMIN = Caller("test-admin", Role.TENANT_ADMIN)
CANDIDATES = """query($year: Int!, $first: Int, $after: String) {
  onSiteCandidates(year: $year, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { rank unitId overdueNonconformities notAcceptedNonconformities openNonconformities lastOnSiteOn
            yearsSinceOnSite unit { uuid } }
  }
}"""


def _inspected_on_site(app: TenantApplication, programme_id: UUID, unit_id: UUID, on: date,
                       findings: int) -> list[UUID]:
    """An on-site inspection of the unit with ``findings`` nonconformities, its minutes signed three days later."""
    inspection_id = handle(app, ADMIN, ScheduleInspection(programme_id=programme_id, unit_id=unit_id, scheduled_on=on,
                                                          occurred_on=PLAN_DATE)).aggregate_id
    decide(app, ADMIN, inspection_id, on=on)
    handle(app, ADMIN, ConductInspection(inspection_id=inspection_id, inspectors=["Kiểm tra viên 1"], occurred_on=on))
    raised = [handle(app, ADMIN, RaiseNonconformity(inspection_id=inspection_id, item_code="6.2",
                                                    description=f"Mục tiêu chất lượng chưa đo được ({n})",
                                                    occurred_on=on)).entity_id for n in range(findings)]
    handle(app, ADMIN, SignMinutes(inspection_id=inspection_id, minutes_number=f"{on.day}/BB-ĐKT",
                                   team_leader_signatory="Kiểm tra viên 1", unit_signatory="Giám đốc",
                                   occurred_on=date(on.year, on.month, on.day + 3)))
    if findings:
        handle(app, ADMIN, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="5/BC",
                                                         summary="Đã khắc phục", occurred_on=date(on.year, 7, 1),
                                                         nonconformity_ids=raised[-1:]))
    return [inspection_id, *raised]


def test_units_are_ranked_for_next_year_s_on_site_inspections_by_this_year_s_results(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry,
) -> None:
    with fresh_tenant(registry, "Tỉnh chọn đơn vị kiểm tra tại trụ sở") as slug, \
            registry.application(slug) as app:
        programme_id, (two_open, rejected, clean) = approved_programme(app, ADMIN, units=3)
        never = register_unit(app, ADMIN, "Sở Xây dựng")
        _inspected_on_site(app, programme_id, two_open, date(2020, 6, 2), findings=3)  # one reported of three
        inspection_id, nonconformity_id = _inspected_on_site(app, programme_id, rejected, date(2020, 6, 9), 1)
        handle(app, ADMIN, RejectCorrectiveAction(inspection_id=inspection_id, nonconformity_id=nonconformity_id,
                                                  notice_number="7/TB-SKHCN", reason="Chưa có bằng chứng",
                                                  occurred_on=date(2020, 7, 10)))
        _inspected_on_site(app, programme_id, clean, date(2020, 6, 16), findings=0)
        project_all(registry.database.url, slug)

        bearer = token(slug)
        body = graphql(CANDIDATES, bearer, {"year": 2021, "first": 3})
        assert "errors" not in body, body
        page = body["data"]["onSiteCandidates"]
        assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (4, True)
        rest = graphql(CANDIDATES, bearer, {"year": 2021, "after": page["pageInfo"]["endCursor"]})
        rows = page["nodes"] + rest["data"]["onSiteCandidates"]["nodes"]
        shown = [(r["unitId"], r["overdueNonconformities"], r["notAcceptedNonconformities"],
                  r["openNonconformities"], r["lastOnSiteOn"], r["yearsSinceOnSite"]) for r in rows]
        assert shown == [
            (str(two_open), 2, 0, 3, "2020-06-02", 1),  # two reports overdue, one awaiting verification
            (str(rejected), 0, 1, 1, "2020-06-09", 1),  # not accepted: no new deadline, re-checked on site
            (str(never), 0, 0, 0, None, None),  # never inspected on site before the rest
            (str(clean), 0, 0, 0, "2020-06-16", 1),
        ]
        assert [r["rank"] for r in rows] == [1, 2, 3, 4]
        assert all(r["unit"]["uuid"] == r["unitId"] for r in rows)

        # the year itself is planned from the years before it: nothing yet, so never inspected on site, by name
        same_year = graphql(CANDIDATES, bearer, {"year": 2020})["data"]["onSiteCandidates"]["nodes"]
        assert {(r["openNonconformities"], r["lastOnSiteOn"]) for r in same_year} == {(0, None)}

        representative = token(slug, Role.UNIT_REPRESENTATIVE, unit_id=str(rejected))
        [own] = graphql(CANDIDATES, representative, {"year": 2021})["data"]["onSiteCandidates"]["nodes"]
        assert (own["unitId"], own["rank"]) == (str(rejected), 2)

        refused = graphql(CANDIDATES, bearer, {"year": 1999})
        [error] = refused["errors"]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == ("invalid_value", "year")
