"""Right after a merge, the ministry's figures never dip: until the successor's read models have folded a merged
province's whole log, its programmes are read from its own read models (as they were at the merge); once folded,
from the successor's, which then also show what the successor recorded on them. Each programme once, always —
over HTTP, as a ministry token, on a server with no projector of its own (the successor's has not run)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import httpx
import pytest

from isotrail.domain.identifiers import quoted
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.services.auth import TokenAuthority
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    CarryOverNonconformity,
    DraftProgramme,
    RaiseNonconformity,
    SignMinutes,
)
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import CATALOGUE, conducted_inspection, fresh_tenant, project_all, register_unit
from tests.graphql.conftest import app_for, served

SIGNED = date(2020, 6, 2)
NATIONAL = ("query($year: Int!) { national(year: $year) { tenant province planNumber unitsInScope inspected "
            "nonconformities overdue } }")
PROVINCES = "query($year: Int!) { nationalProvinces(year: $year) { slug programmes { tenant planNumber overdue } } }"


@dataclass
class Merger:
    soc_trang: Tenant  # its 2020 programme: one unit inspected, two nonconformities raised, none reported
    can_tho: Tenant  # its own 2026 programme; Sóc Trăng merged into it, its projector not yet run since
    inspection_id: UUID
    nonconformity_id: UUID
    programme_2026: UUID


@pytest.fixture
def merger(registry: TenantRegistry, database_url: str, admin: Caller) -> Iterator[Merger]:
    with (fresh_tenant(registry, "Sở KH&CN tỉnh Sóc Trăng") as soc_trang,
          fresh_tenant(registry, "Sở KH&CN thành phố Cần Thơ") as can_tho):
        with registry.application(soc_trang) as app:
            _, inspection_id = conducted_inspection(app, admin, on=SIGNED)
        raised = [registry.handle(soc_trang, admin, RaiseNonconformity(
            inspection_id=inspection_id, item_code=item, description=f"Chưa đạt mục {item}",
            occurred_on=SIGNED)).entity_id for item in ("6.2", "9.2")]
        registry.handle(soc_trang, admin, SignMinutes(
            inspection_id=inspection_id, minutes_number="1/BB-ĐKT", team_leader_signatory="Kiểm tra viên 1",
            unit_signatory="Giám đốc Sở", occurred_on=SIGNED))
        project_all(database_url, soc_trang)  # its read models caught up before the merge, as a province's are
        with registry.application(can_tho) as app:
            unit_id = register_unit(app, admin, "Sở Tư pháp thành phố Cần Thơ")
        programme_2026 = registry.handle(can_tho, admin, DraftProgramme(
            code="2026", year=2026, title="Kiểm tra HTQLCL năm 2026", plan_number="7/KH-UBND",
            plan_date=date(2026, 3, 1), legal_basis=[], catalogue_version=CATALOGUE, organiser="Chi cục TĐC",
            occurred_on=date(2026, 2, 1))).aggregate_id
        registry.handle(can_tho, admin, AddUnitToProgramme(programme_id=programme_2026, unit_id=unit_id,
                                                           form=InspectionForm.ON_SITE, occurred_on=date(2026, 2, 2)))
        registry.handle(can_tho, admin, ApproveProgramme(programme_id=programme_2026, approved_by="UBND thành phố",
                                                         occurred_on=date(2026, 3, 1)))
        project_all(database_url, can_tho)  # its own log folded, before the merge: no position on Sóc Trăng's yet
        merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        yield Merger(soc_trang, can_tho, inspection_id, next(n for n in raised if n), programme_2026)


@pytest.fixture
def ministry_graphql(database_url: str, authority: TokenAuthority, registry: TenantRegistry, merger: Merger
                     ) -> Iterator[Callable[[str, int], dict]]:
    """POST a query for a year as the ministry to a server with no projector (nothing folds unless the test does)."""
    token = authority.mint(tenant=merger.can_tho, role=Role.MINISTRY, subject="test-ministry")
    with served(app_for(database_url, authority, registry)) as base:
        def post(query: str, year: int) -> dict:
            response = httpx.post(f"{base}/graphql", json={"query": query, "variables": {"year": year}},
                                  headers={"Authorization": f"Bearer {token}"}, timeout=30)
            assert response.status_code == 200, response.text
            body = response.json()
            assert "errors" not in body, body
            return body["data"]
        yield post


class _StoppedError(Exception):
    """The successor's projector stopped after a batch (a process killed mid-catch-up leaves the same)."""


def _fold_lineage(registry: TenantRegistry, database_url: str, successor: Tenant, *, batches: int | None = None,
                  batch_size: int = 2) -> int:
    """Run the successor's projector over every log it folds, its predecessors' first, to the end or for ``batches``
    batches only; returns how many of its programmes of 2020 its read models hold."""
    async def run() -> int:
        sources = (await registry.registry.lineages())[successor.slug]
        pool = await create_pool(database_url)
        try:
            projector = Projector(pool, successor, [build_projection(name, successor) for name in PROJECTIONS],
                                  batch_size=batch_size, sources=sources)
            await projector.prepare()
            done = []

            def stop(_: int) -> None:
                done.append(1)
                if batches is not None and len(done) >= batches:
                    raise _StoppedError

            with suppress(_StoppedError):
                await projector.catch_up(on_batch=stop)
            async with pool.acquire() as conn:
                return await conn.fetchval(f"SELECT count(*) FROM {quoted(successor.schema, 'rm_programmes')} "
                                           "WHERE year = 2020")
        finally:
            await pool.close()
    return asyncio.run(run())


def _ours(rows: list[dict[str, Any]], merger: Merger) -> list[dict[str, Any]]:
    return [row for row in rows if row["tenant"] in (merger.soc_trang.slug, merger.can_tho.slug)]


def test_a_merged_provinces_programme_shows_once_before_and_after_its_successor_folds_it(
    registry: TenantRegistry, database_url: str, admin: Caller, merger: Merger,
    ministry_graphql: Callable[[str, int], dict],
) -> None:
    soc_trang, can_tho = merger.soc_trang.slug, merger.can_tho.slug
    as_merged = {"tenant": soc_trang, "province": soc_trang, "planNumber": "35/KH-UBND", "unitsInScope": 1,
                 "inspected": 1, "nonconformities": 2, "overdue": 2}
    assert _ours(ministry_graphql(NATIONAL, 2020)["national"], merger) == [as_merged]  # from its own read models
    registry.handle(merger.can_tho, admin, CarryOverNonconformity(
        inspection_id=merger.inspection_id, nonconformity_id=merger.nonconformity_id,
        to_programme_id=merger.programme_2026, occurred_on=date(2026, 2, 10)))
    assert _ours(ministry_graphql(NATIONAL, 2020)["national"], merger) == [as_merged]  # not yet folded: as merged
    provinces = {p["slug"]: p["programmes"] for p in ministry_graphql(PROVINCES, 2026)["nationalProvinces"]}
    assert provinces[can_tho] == [{"tenant": can_tho, "planNumber": "7/KH-UBND", "overdue": 0}]
    # stopped after its first batch of Sóc Trăng's log: Cần Thơ's read models hold the programme, half folded
    assert _fold_lineage(registry, database_url, merger.can_tho, batches=1) == 1
    assert _ours(ministry_graphql(NATIONAL, 2020)["national"], merger) == [as_merged]
    assert _fold_lineage(registry, database_url, merger.can_tho) == 1
    # from the successor's read models now, which fold the carry-over it recorded on Sóc Trăng's stream
    assert _ours(ministry_graphql(NATIONAL, 2020)["national"], merger) == [{**as_merged, "overdue": 1}]
    provinces = {p["slug"]: p["programmes"] for p in ministry_graphql(PROVINCES, 2020)["nationalProvinces"]}
    assert provinces[soc_trang] == [{"tenant": soc_trang, "planNumber": "35/KH-UBND", "overdue": 1}]
    assert provinces.get(can_tho) == []
