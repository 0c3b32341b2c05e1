"""The read API: filters, Vietnamese ordering and search, cursor pagination — on the seed programme."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import uuid4

import pytest

from isotrail.domain.collation import vietnamese_sort_key
from isotrail.domain.tenancy import Tenant
from isotrail.projections.cursors import InvalidCursorError
from isotrail.projections.finding_queries import (
    findings,
    findings_by_id,
    findings_by_inspection,
    findings_by_programme,
    findings_by_unit,
)
from isotrail.projections.inspection_queries import (
    assessments_by_inspection,
    inspections_by_id,
    inspections_by_programme,
    inspections_by_unit,
    recommendations_by_inspection,
)
from isotrail.projections.page_windows import MAX_PAGE_SIZE, ConflictingPageSizesError, InvalidPageSizeError
from isotrail.projections.programme_queries import (
    clause_weaknesses_by_id,
    programme_summaries_by_id,
    programmes,
    programmes_by_id,
    scope_by_programme,
)
from isotrail.projections.timeline_queries import timeline
from isotrail.projections.unit_queries import units, units_by_id
from isotrail.services.tenant_application import TenantApplication
from isotrail.services.tenants import TenantRegistry
from tests.builders import seeded_tenant


@pytest.fixture(scope="module")
def read_only_tenant(registry: TenantRegistry, database_url: str) -> Iterator[str]:
    """One tenant holding the seed programme, projected once and only read by these tests."""
    with seeded_tenant(registry, database_url, "Sóc Trăng (đọc)") as slug:
        yield slug


@pytest.fixture
def storage(read_only_tenant: Tenant) -> Tenant:
    return read_only_tenant


@pytest.fixture
def seeded(registry: TenantRegistry, read_only_tenant: str) -> Iterator[TenantApplication]:
    with registry.application(read_only_tenant) as app:
        yield app


async def all_pages(fetch, **filters) -> list[dict]:
    items, after = [], None
    while True:
        page = await fetch(after=after, **filters)
        items += page.items
        if not page.has_next_page:
            return items
        after = page.end_cursor


async def test_units_page_through_in_vietnamese_order_without_repeats(
    seeded: TenantApplication, pool, storage: Tenant
) -> None:
    async with pool.acquire() as conn:
        listed = await all_pages(lambda **kw: units(conn, storage, first=20, **kw))
        first_page = await units(conn, storage, first=20)
    assert len(listed) == 78
    assert len({u["unit_id"] for u in listed}) == 78
    assert [u["name"] for u in listed] == sorted((u["name"] for u in listed), key=vietnamese_sort_key)
    assert first_page.has_next_page and len(first_page.items) == 20


async def test_search_ignores_case_and_diacritics(seeded: TenantApplication, pool, storage: Tenant) -> None:
    async with pool.acquire() as conn:
        found = await units(conn, storage, search="SO NOI VU")
        wards = await units(conn, storage, search="phuong 1,", first=200)
        percent = await units(conn, storage, search="100%")
    assert [u["name"] for u in found.items] == ["Sở Nội vụ tỉnh Sóc Trăng"]
    assert {u["name"] for u in wards.items} == {"Ủy ban nhân dân Phường 1, thành phố Sóc Trăng",
                                                 "Ủy ban nhân dân Phường 1, thị xã Vĩnh Châu"}
    assert percent.items == []


async def test_findings_filter_by_clause_status_and_dates(
    seeded: TenantApplication, pool, storage: Tenant
) -> None:
    programme_id = seeded.programme_id("2020")
    async with pool.acquire() as conn:
        internal_audit = await all_pages(lambda **kw: findings(
            conn, storage, programme_id=programme_id, clause="9", first=5, **kw))
        objectives = await findings(conn, storage, clause="6.2", first=100)
        reported = await findings(conn, storage, statuses=["reported"], first=100)
        open_ = await findings(conn, storage, statuses=["open", "not_accepted"])
        june = await findings(conn, storage, raised_from=date(2020, 6, 1), raised_to=date(2020, 6, 30),
                                      first=100)
        overdue = await findings(conn, storage, overdue_on=date(2030, 1, 1))
        by_due = await all_pages(lambda **kw: findings(conn, storage, order_by="report_due_on", first=7, **kw))
    assert {f["item_code"] for f in internal_audit} == {"9.2", "9.3"}
    assert len(internal_audit) == 16
    assert len(objectives.items) == 14
    assert len(reported.items) == 48 and open_.items == [] and overdue.items == []
    assert all(date(2020, 6, 1) <= f["raised_on"] <= date(2020, 6, 30) for f in june.items) and june.items
    assert [f["report_due_on"] for f in by_due] == sorted(f["report_due_on"] for f in by_due)


async def test_a_units_timeline_pages_in_recorded_order(
    seeded: TenantApplication, pool, storage: Tenant
) -> None:
    async with pool.acquire() as conn:
        entries = await all_pages(lambda **kw: timeline(conn, storage, unit_id=seeded.unit_id("SNV"),
                                                                first=3, **kw))
        later = await timeline(conn, storage, unit_id=seeded.unit_id("SNV"), occurred_from=date(2020, 6, 3))
    ids = [e["notification_id"] for e in entries]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) > 10
    assert all(e["occurred_on"] >= date(2020, 6, 3) for e in later.items)


async def test_the_summary_and_weaknesses_read_like_the_article(
    seeded: TenantApplication, pool, storage: Tenant
) -> None:
    programme_id = seeded.programme_id("2020")
    async with pool.acquire() as conn:
        summary = (await programme_summaries_by_id(conn, storage, [programme_id]))[programme_id]
        weaknesses = (await clause_weaknesses_by_id(conn, storage, [programme_id]))[programme_id]
        listed = await programmes(conn, storage, year=2020)
    assert (summary["inspected"], summary["units_in_scope"], summary["units_with_nonconformities"],
            summary["units_reported"]) == (78, 78, 27, 27)
    assert [w["item_code"] for w in weaknesses[:3]] == ["6.2", "7.5", "9.2"]
    assert [p["plan_number"] for p in listed.items] == ["35/KH-UBND"]


async def test_a_programme_is_walked_by_id_in_one_statement_per_batch(
    seeded: TenantApplication, pool, storage: Tenant
) -> None:
    programme_id, unit_id, nowhere = seeded.programme_id("2020"), seeded.unit_id("SNV"), uuid4()
    async with pool.acquire() as conn:
        summary = (await programme_summaries_by_id(conn, storage, [programme_id]))[programme_id]
        programme = await programmes_by_id(conn, storage, [programme_id, nowhere])
        scope = await scope_by_programme(conn, storage, [programme_id, nowhere])
        inspections = await inspections_by_programme(conn, storage, [programme_id, nowhere])
        ids = [i["inspection_id"] for i in inspections[programme_id]]
        again = await inspections_by_id(conn, storage, [*ids, nowhere])
        of_unit = await inspections_by_unit(conn, storage, [unit_id])
        of_programme = await findings_by_programme(conn, storage, [programme_id])
        of_inspections = await findings_by_inspection(conn, storage, ids)
        of_units = await findings_by_unit(conn, storage, [unit_id])
        by_id = await findings_by_id(conn, storage, [f["nonconformity_id"] for f in of_programme[programme_id]])
        assessed = await assessments_by_inspection(conn, storage, ids)
        recommended = await recommendations_by_inspection(conn, storage, ids)
        unit = await units_by_id(conn, storage, [unit_id, nowhere], ["name", "version", "predecessor_ids"])
    assert set(programme) == {programme_id} and programme[programme_id]["plan_number"] == "35/KH-UBND"
    assert set(scope) == set(inspections) == {programme_id}
    assert len(scope[programme_id]) == len(ids) == len(again) == 78
    assert [i["scheduled_on"] for i in inspections[programme_id]] == sorted(i["scheduled_on"]
                                                                            for i in inspections[programme_id])
    assert [i["programme_id"] for i in of_unit[unit_id]] == [programme_id]
    listed = of_programme[programme_id]
    assert len(listed) == sum(map(len, of_inspections.values())) == len(by_id) >= summary["nonconformities"]
    assert {f["unit_id"] for f in of_units[unit_id]} == {unit_id}
    assert sum(map(len, recommended.values())) == summary["recommendations"]
    codes = [a["item_code"] for a in assessed[of_unit[unit_id][0]["inspection_id"]]]
    assert len(codes) > 1
    assert codes == sorted(codes, key=lambda code: (int(code.split(".")[0]), code) if code[0].isdigit() else (99, code))
    assert list(unit) == [unit_id] and unit[unit_id]["name"] == "Sở Nội vụ tỉnh Sóc Trăng"
    assert set(unit[unit_id]) == {"unit_id", "name", "version", "predecessor_ids"}


async def test_bad_cursors_and_page_sizes_are_typed_errors(
    seeded: TenantApplication, pool, storage: Tenant
) -> None:
    async with pool.acquire() as conn:
        page = await units(conn, storage, first=5)
        with pytest.raises(InvalidCursorError):
            await units(conn, storage, after="not-a-cursor")
        with pytest.raises(InvalidCursorError):  # a cursor of another ordering
            await units(conn, storage, order_by="code", after=page.end_cursor)
        with pytest.raises(InvalidCursorError):  # a cursor of the same ordering the other way
            await units(conn, storage, descending=True, after=page.end_cursor)
        assert (await units(conn, storage, after=page.end_cursor)).items
        with pytest.raises(InvalidPageSizeError):
            await units(conn, storage, first=MAX_PAGE_SIZE + 1)
        with pytest.raises(InvalidPageSizeError):
            await units(conn, storage, first=0)
        with pytest.raises(InvalidCursorError):  # a cursor of another ordering, to page backwards from
            await units(conn, storage, order_by="code", last=2, before=page.end_cursor)
        with pytest.raises(ConflictingPageSizesError):
            await units(conn, storage, first=2, last=2)
