"""A merged province's documents as of a past date, printed by its successor (services/tenant_merge.py): the fold
reads the predecessor's event store, under the ids its successor's read models fold it with."""

from __future__ import annotations

import asyncio
from datetime import date

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.programme import Programme
from isotrail.projections.document_sources import document
from isotrail.projections.pool import create_pool
from isotrail.services.catalogues import load_catalogue
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, project_all, seeded_tenant

MID_2020 = date(2020, 7, 1)


def _printed_by(registry: TenantRegistry, database_url: str, successor, *asked: tuple) -> list:
    """The successor's documents ``asked`` (kind, programme id, tenant name, as of), once its read models have
    folded its predecessors' logs."""
    project_all(database_url, successor, registry)

    async def read():
        sources = (await registry.registry.lineages())[successor.slug]
        pool = await create_pool(database_url, max_size=2)
        try:
            async with pool.acquire() as conn:
                return [await document(conn, successor, kind, programme_id, tenant_name=name, as_of=day,
                                       catalogue_of=load_catalogue, sources=sources)
                        for kind, programme_id, name, day in asked]
        finally:
            await pool.close()
    return asyncio.run(read())


def test_a_successor_prints_its_predecessor_s_register_as_it_stood(registry: TenantRegistry, database_url) -> None:
    with (seeded_tenant(registry, database_url, "Sở KH&CN Sóc Trăng") as predecessor,
          fresh_tenant(registry, "Sở Khoa học và Công nghệ thành phố Cần Thơ") as successor):
        with registry.application(predecessor) as app:
            events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 1_000_000)]
        raised = sum(1 for e in events if type(e).__name__ == "NonconformityRaised" and e.occurred_on <= MID_2020)
        merge_tenants(registry, successor, [predecessor], date(2025, 7, 1))

        register = (DocumentKind.FINDINGS_REGISTER, Programme.create_id(predecessor, "2020"), "Cần Thơ")
        then, later = _printed_by(registry, database_url, successor, (*register, MID_2020),
                                  (*register, date(2021, 1, 1)))
        assert len(then.body["rows"]) == raised < len(later.body["rows"]) == 48


def test_a_successor_prints_its_predecessor_s_papers_under_the_body_that_issued_them(
    registry: TenantRegistry, database_url
) -> None:
    """Sóc Trăng's 2020 report, printed through Cần Thơ after the merge, is still issued by Sóc Trăng's department
    (its letterhead, its place), as it was."""
    with (seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as predecessor,
          fresh_tenant(registry, "Sở Khoa học và Công nghệ thành phố Cần Thơ") as successor):
        merge_tenants(registry, successor, [predecessor], date(2025, 7, 1))

        [report] = _printed_by(registry, database_url, successor, (
            DocumentKind.RESULTS_REPORT, Programme.create_id(predecessor, "2020"),
            "Sở Khoa học và Công nghệ thành phố Cần Thơ", date.today()))
        frame = str(report.data()["frame"])
        assert "Sóc Trăng" in frame and "Cần Thơ" not in frame
