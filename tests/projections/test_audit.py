"""The audit read model: events in, rows out, on real PostgreSQL."""

from __future__ import annotations

from datetime import date

from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.domain.tenancy import Tenant
from isotrail.services.commands import (
    AssessItem,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RecordRecommendation,
    RegisterUnit,
    RejectCorrectiveAction,
    SignMinutes,
)
from isotrail.services.commands.handle import handle
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication
from tests.builders import conducted_inspection
from tests.projections.conftest import rows


async def test_the_seed_programme_summary_reports_the_article_figures(
    app: TenantApplication, pool, storage: Tenant, project
) -> None:
    seed = load_seed()
    replay_seed(app, seed)
    await project()
    async with pool.acquire() as conn:
        summary = await conn.fetchrow(f'SELECT * FROM "{storage.schema}".rm_programme_summary')
        weaknesses = await conn.fetch(
            f'SELECT item_code, units FROM "{storage.schema}".rm_clause_weaknesses ORDER BY units DESC, item_code')
    assert (summary["inspected"], summary["units_in_scope"]) == (78, 78)
    assert summary["units_with_nonconformities"] == 27
    assert (summary["units_reported"], summary["units_outstanding"]) == (27, 0)
    assert (summary["on_site"], summary["dossier"], summary["joint"]) == (78, 0, 4)
    assert summary["plan_number"] == "35/KH-UBND"
    assert summary["status"] == "reported"
    assert summary["recommendations"] == sum(1 for u in seed["units"] if u.get("recommendation"))
    assert {r["item_code"] for r in weaknesses[:3]} == {"6.2", "7.5", "9.2"}
    units = await rows(pool, storage, "rm_unit_state", "name_sort")
    assert len(units) == 78
    assert all(u["last_inspected_on"] is not None for u in units)
    assert sum(u["open_nonconformities"] for u in units) == 0  # every report was received


async def test_a_nonconformity_is_followed_to_its_close(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, project
) -> None:
    programme_id, inspection_id = conducted_inspection(app, admin, on=date(2020, 12, 30))
    first = handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="6.2", description="Mục tiêu",
                                                  occurred_on=date(2020, 12, 30))).entity_id
    second = handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="9.2",
                                                   description="Đánh giá nội bộ",
                                                   occurred_on=date(2020, 12, 30))).entity_id
    await project("audit")  # a first batch: findings open, no deadline yet
    handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                   team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                   occurred_on=date(2020, 12, 31)))
    handle(app, admin, ReceiveCorrectiveActionReport(inspection_id=inspection_id, reference="BC-1",
                                                     summary="Đã khắc phục", nonconformity_ids=[first],
                                                     occurred_on=date(2021, 2, 1)))
    handle(app, admin, RejectCorrectiveAction(inspection_id=inspection_id, nonconformity_id=first, notice_number="TB-1",
                                              reason="Chưa đạt", occurred_on=date(2021, 2, 10)))
    await project("audit")
    findings = {r["nonconformity_id"]: r for r in await rows(pool, storage, "rm_findings", "raised_on")}
    assert findings[first]["status"] == "not_accepted"
    assert findings[first]["report_due_on"] is None  # not accepted: no new deadline
    assert (findings[first]["reports_received"], findings[first]["not_accepted_count"]) == (1, 1)
    assert findings[second]["status"] == "open"
    assert findings[second]["report_due_on"] == date(2021, 2, 28)  # two calendar months after 31 Dec
    assert findings[second]["clause"] == "9"
    async with pool.acquire() as conn:
        summary = await conn.fetchrow(
            f'SELECT * FROM "{storage.schema}".rm_programme_summary WHERE programme_id = $1', programme_id)
        unit = await conn.fetchrow(f'SELECT * FROM "{storage.schema}".rm_unit_state')
    assert (summary["nonconformities"], summary["awaiting_report"], summary["not_accepted"]) == (2, 2, 1)
    assert summary["overdue"] == 1  # the open one's deadline is long past; the rejected one has none
    assert summary["units_reported"] == 0
    assert (unit["open_nonconformities"], unit["next_report_due_on"], unit["overdue"]) == (2, date(2021, 2, 28), True)
    inspection = (await rows(pool, storage, "rm_inspections", "inspection_id"))[0]
    assert (inspection["status"], inspection["minutes_number"]) == ("findings_communicated", "BB-1")
    # Mẫu 21's two signatures
    assert (inspection["team_leader_signatory"], inspection["unit_signatory"]) == ("Kiểm tra viên 1", "GĐ")


async def test_units_sort_in_vietnamese_order_and_search_ignores_diacritics(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, project
) -> None:
    from isotrail.domain.unit_values import UnitKind

    for code, name in [("A", "Ủy ban nhân dân xã Hòa Tú 1"), ("B", "Sở Y tế"), ("C", "Sở Tư pháp"),
                       ("D", "Ban Dân tộc"), ("E", "Sở Tài chính"), ("F", "Chi cục Đo lường")]:
        handle(app, admin, RegisterUnit(code=code, name=name, kind=UnitKind.OTHER, occurred_on=date(2020, 1, 2)))
    await project("audit")
    names = [u["name"] for u in await rows(pool, storage, "rm_units", "name_sort")]
    assert names == ["Ban Dân tộc", "Chi cục Đo lường", "Sở Tài chính", "Sở Tư pháp", "Sở Y tế",
                     "Ủy ban nhân dân xã Hòa Tú 1"]
    async with pool.acquire() as conn:
        found = await conn.fetch(f'SELECT name FROM "{storage.schema}".rm_units WHERE name_search LIKE $1',
                                 "%hoa tu%")
    assert [r["name"] for r in found] == ["Ủy ban nhân dân xã Hòa Tú 1"]


async def test_assessments_recommendations_and_scope_rows_hold_what_their_events_say(
    app: TenantApplication, admin: Caller, pool, storage: Tenant, project
) -> None:
    programme_id, inspection_id = conducted_inspection(app, admin)
    first = handle(app, admin, AssessItem(inspection_id=inspection_id, item_code="6.2",
                                          result=AssessmentResult.CONFORMS, occurred_on=date(2020, 6, 2)))
    handle(app, admin, RecordRecommendation(inspection_id=inspection_id, source=RecommendationSource.TEAM,
                                            text="Tập huấn HTQLCL", occurred_on=date(2020, 6, 3)))
    await project("audit")
    handle(app, admin, AssessItem(inspection_id=inspection_id, item_code="6.2", result=AssessmentResult.NONCONFORMS,
                                  note="Sai sót", corrects_version=first.version,
                                  occurred_on=date(2020, 6, 4)))  # a later batch corrects it
    await project("audit")
    unit_id = (await rows(pool, storage, "rm_inspections", "inspection_id"))[0]["unit_id"]
    assessments = await rows(pool, storage, "rm_assessments", "item_code")
    assert assessments == [{"inspection_id": inspection_id, "item_code": "6.2", "result": "nonconforms",
                            "note": "Sai sót", "assessed_on": date(2020, 6, 4), "corrects_version": first.version}]
    recommendations = await rows(pool, storage, "rm_recommendations", "notification_id")
    assert [{k: v for k, v in r.items() if k != "notification_id"} for r in recommendations] == [
        {"inspection_id": inspection_id, "programme_id": programme_id, "unit_id": unit_id, "source": "team",
         "text": "Tập huấn HTQLCL", "recorded_on": date(2020, 6, 3)}]
    scope = await rows(pool, storage, "rm_programme_scope", "unit_id")
    assert scope == [{"programme_id": programme_id, "unit_id": unit_id, "form": "on_site", "joint_team": None,
                      "added_on": date(2020, 2, 21)}]

