"""The Ministry's national Phụ lục II workbook follows the province map of the year, as the national view does
(services/documents/national_workbook.py): 2020 counts Sóc Trăng, Hậu Giang and Cần Thơ as three provinces; 2025,
the year of their merger, counts one, Cần Thơ, whose rows include Sóc Trăng's programme made before 1 July, naming
its maker. Read from real read models (and through `isotrail report national-report`), opened with openpyxl."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from isotrail.domain.tenancy import Tenant
from isotrail.projections.national_queries import national_summaries
from isotrail.projections.pool import create_pool
from isotrail.services.documents.national_workbook import national_workbook
from isotrail.services.documents.rendering import DocumentFormat, render
from isotrail.services.tenant_merge import merge_tenants, provinces
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, project_all
from tests.graphql.test_national_map import CAN_THO, HAU_GIANG, SOC_TRANG, _programme
from tests.services.test_cli import _run


@pytest.fixture(scope="module")
def can_tho(registry: TenantRegistry, database_url: str) -> Iterator[Tenant]:
    """Sóc Trăng (2020: 2 units, 2025: 5), Hậu Giang (2020: 3) and Cần Thơ (2020: 4, 2025: 6), each projected, the
    first two then merged into the third from 1 Jul 2025."""
    with fresh_tenant(registry, SOC_TRANG) as soc_trang, fresh_tenant(registry, HAU_GIANG) as hau_giang, \
            fresh_tenant(registry, CAN_THO) as can_tho:
        for tenant, year, units in ((soc_trang, 2020, 2), (soc_trang, 2025, 5), (hau_giang, 2020, 3),
                                    (can_tho, 2020, 4), (can_tho, 2025, 6)):
            _programme(registry, tenant, year, units)
        for tenant in (soc_trang, hau_giang, can_tho):
            project_all(database_url, tenant)
        merge_tenants(registry, can_tho, [soc_trang, hau_giang], date(2025, 7, 1), decision_number="202/2025/QH15",
                      decision_date=date(2025, 6, 12))
        yield can_tho


def _sheet(database_url: str, registry: TenantRegistry, can_tho: Tenant, year: int) -> list[list[Any]]:
    """The workbook of ``year`` over Cần Thơ and its predecessors, its table's rows (below the four title rows)."""
    records = registry.list()
    current, lineage = provinces(records)
    ours = [(slug, name) for slug, name, _ in current if slug == can_tho.slug]

    async def read() -> list[dict[str, Any]]:
        pool = await create_pool(database_url, max_size=1)
        try:
            async with pool.acquire() as conn:
                return await national_summaries(conn, ours, year, lineage)
        finally:
            await pool.close()

    workbook = national_workbook(records, asyncio.run(read()), year, date(2026, 1, 15))
    sheet = load_workbook(io.BytesIO(render(workbook, DocumentFormat.XLSX).content))["Phụ lục II"]
    assert f"31/12/{year}" in str(sheet["A2"].value) + str(sheet["A3"].value)  # the map's day, in the subtitle
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]


def test_2025_counts_can_tho_once_and_names_the_predecessor_that_made_a_programme(
    database_url: str, registry: TenantRegistry, can_tho: Tenant
) -> None:
    *rows, totals = _sheet(database_url, registry, can_tho, 2025)
    assert sorted((row[1], row[2], row[3]) for row in rows) == [
        ("Thành phố Cần Thơ", "6/KH-UBND", 6),
        (f"Thành phố Cần Thơ (kế hoạch của {SOC_TRANG})", "5/KH-UBND", 5)]
    assert [row[0] for row in rows] == [1, 2]
    assert totals[1:4] == ["Cả nước", "1 tỉnh, thành phố", 11]


def test_2020_counts_the_three_provinces_apart_under_their_own_names(
    database_url: str, registry: TenantRegistry, can_tho: Tenant
) -> None:
    *rows, totals = _sheet(database_url, registry, can_tho, 2020)
    assert [(row[0], row[1], row[3]) for row in rows] == [
        (1, "Thành phố Cần Thơ", 4), (2, "Tỉnh Hậu Giang", 3), (3, "Tỉnh Sóc Trăng", 2)]
    assert totals[1:4] == ["Cả nước", "3 tỉnh, thành phố", 9]


def test_the_cli_writes_the_workbook_on_the_years_map(database_url: str, can_tho: Tenant, tmp_path: Path) -> None:
    printed = _run(database_url, "report", "national-report", "--year", "2025", "--format", "xlsx",
                   "--out", tmp_path / "national.xlsx")
    assert printed.returncode == 0, printed.stderr
    sheet = load_workbook(tmp_path / "national.xlsx")["Phụ lục II"]
    rows = [(row[1], row[2]) for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert (f"Thành phố Cần Thơ (kế hoạch của {SOC_TRANG})", "5/KH-UBND") in rows
