"""Phụ lục II as it stood before a later event: a corrective action verified in 2021 is counted in today's row but
not in the row the province could have sent on the last day of 2020."""

from __future__ import annotations

import asyncio
import io
from datetime import date

from openpyxl import load_workbook

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.domain.unit import Unit
from isotrail.projections.document_sources import document
from isotrail.projections.pool import create_pool
from isotrail.services.catalogues import load_catalogue
from isotrail.services.commands import VerifyCorrectiveAction
from isotrail.services.commands.handle import handle
from isotrail.services.documents.rendering import DocumentFormat, render
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import project_all, seeded_tenant

VERIFIED = 11  # the summary row's column of corrective actions verified (ministry_report.SUMMARY)


def _summary_row(database_url: str, storage, as_of: date) -> list:
    async def read():
        pool = await create_pool(database_url, max_size=1)
        try:
            async with pool.acquire() as conn:
                return await document(conn, storage, DocumentKind.MINISTRY_REPORT, Programme.create_id(storage, "2020"),
                                      tenant_name="Sở Khoa học và Công nghệ tỉnh Sóc Trăng", as_of=as_of,
                                      catalogue_of=load_catalogue)
        finally:
            await pool.close()

    annex = asyncio.run(read())
    return [cell.value for cell in load_workbook(io.BytesIO(render(annex, DocumentFormat.XLSX).content))["Tổng hợp"][5]]


def test_phu_luc_ii_before_a_later_verification_counts_none(registry: TenantRegistry, database_url: str) -> None:
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as storage:
        programme_id = Programme.create_id(storage, "2020")
        inspection_id = Inspection.create_id(storage, programme_id, Unit.create_id(storage, "SNV"))
        with registry.application(storage) as app:
            nonconformity_id = next(iter(app.get_inspection(inspection_id).nonconformities))
            handle(app, Caller("test-inspector", Role.INSPECTOR), VerifyCorrectiveAction(
                inspection_id=inspection_id, nonconformity_id=nonconformity_id, occurred_on=date(2021, 3, 15)))
        project_all(database_url, storage)
        then, now = _summary_row(database_url, storage, date(2020, 12, 31)), _summary_row(database_url, storage,
                                                                                           date.today())
        assert (then[VERIFIED], now[VERIFIED]) == (0, 1)
        assert then[:VERIFIED] == now[:VERIFIED]  # everything else stood as it stands
