"""A merged province's documents as of a past date, printed by its successor (services/tenant_merge.py): the fold
reads the predecessor's event store, under the ids its successor's read models fold it with."""

from __future__ import annotations

import asyncio
from datetime import date

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.programme import Programme
from isotrail.projections.document_sources import document
from isotrail.projections.pool import create_pool
from isotrail.projections.projector import PROJECTIONS, Projector, build_projection
from isotrail.services.catalogues import load_catalogue
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant, seeded_tenant

MID_2020 = date(2020, 7, 1)


def test_a_successor_prints_its_predecessor_s_register_as_it_stood(registry: TenantRegistry, database_url) -> None:
    with (seeded_tenant(registry, database_url, "Sở KH&CN Sóc Trăng") as predecessor,
          fresh_tenant(registry, "Sở Khoa học và Công nghệ thành phố Cần Thơ") as successor):
        with registry.application(predecessor) as app:
            events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 1_000_000)]
        raised = sum(1 for e in events if type(e).__name__ == "NonconformityRaised" and e.occurred_on <= MID_2020)
        merge_tenants(registry, successor, [predecessor], date(2025, 7, 1))

        async def read():
            sources = (await registry.registry.lineages())[successor.slug]
            pool = await create_pool(database_url, max_size=2)
            try:
                projector = Projector(pool, successor, [build_projection(name, successor) for name in PROJECTIONS],
                                      sources=sources)
                await projector.prepare()
                await projector.catch_up()
                async with pool.acquire() as conn:
                    return [await document(conn, successor, DocumentKind.FINDINGS_REGISTER,
                                           Programme.create_id(predecessor, "2020"), tenant_name="Cần Thơ",
                                           as_of=day, catalogue_of=load_catalogue, sources=sources)
                            for day in (MID_2020, date(2021, 1, 1))]
            finally:
                await pool.close()

        then, later = asyncio.run(read())
        assert len(then.body["rows"]) == raised < len(later.body["rows"]) == 48


def test_a_successor_prints_its_predecessor_s_papers_under_the_body_that_issued_them(
    registry: TenantRegistry, database_url
) -> None:
    """Sóc Trăng's 2020 report, printed through Cần Thơ after the merge, is still issued by Sóc Trăng's department
    (its letterhead, its place), as it was; Cần Thơ's own programme keeps Cần Thơ's name."""
    with (seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as predecessor,
          fresh_tenant(registry, "Sở Khoa học và Công nghệ thành phố Cần Thơ") as successor):
        merge_tenants(registry, successor, [predecessor], date(2025, 7, 1))

        async def read():
            sources = (await registry.registry.lineages())[successor.slug]
            pool = await create_pool(database_url, max_size=2)
            try:
                projector = Projector(pool, successor, [build_projection(name, successor) for name in PROJECTIONS],
                                      sources=sources)
                await projector.prepare()
                await projector.catch_up()
                async with pool.acquire() as conn:
                    return await document(conn, successor, DocumentKind.RESULTS_REPORT,
                                          Programme.create_id(predecessor, "2020"),
                                          tenant_name="Sở Khoa học và Công nghệ thành phố Cần Thơ",
                                          as_of=date.today(), catalogue_of=load_catalogue, sources=sources)
            finally:
                await pool.close()

        report = asyncio.run(read())
        frame = str(report.data()["frame"])
        assert "Sóc Trăng" in frame and "Cần Thơ" not in frame
