"""The year's reports and the seed programme's whole set of documents: time to read, to DOCX, PDF and XLSX, and
the process's peak RSS.

Run:  DATABASE_URL=… python tests/bench/documents.py [--runs 30]

- the seed programme (Sóc Trăng 2020, 78 units) replayed into one tenant and projected; 33 more provinces hold a
  copy of its read models (copied table by table: the national read sees 34 provinces with a programme of 2020);
- **read**: the November report's facts (``document``: the programme, its nonconformities and recommendations
  as on the compilation's date) and the national read over the 34 provinces (``national_summaries``);
- **render**: the November report (78 units, its chart drawn by Typst) as DOCX and PDF, the province's Phụ lục II
  as DOCX, PDF and XLSX, the Ministry's workbook of 34 provinces as XLSX; p50 and p99 over ``--runs``;
- **set**: ``programme_documents`` and every format of each (what ``isotrail documents`` writes), three times.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from itertools import count
from typing import Any

from own_database import own_services

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.ministry_report import national_report
from isotrail.domain.identifiers import quoted
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import AUDIT_TABLES
from isotrail.projections.document_sources import document, programme_documents
from isotrail.projections.national_queries import national_summaries
from isotrail.projections.pool import create_pool
from isotrail.services.catalogues import load_catalogue
from isotrail.services.demo import replay_seed
from isotrail.services.documents.rendering import FORMATS, DocumentFormat, render
from isotrail.services.entrypoints.projections import prepare_read_models
from tests.builders import project_all

SEED = Tenant("soc_trang")
NAME = "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"
PROVINCES = 34


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(label: str, work: Callable[[], Any], runs: int) -> Any:
    seconds, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - began)
    ordered = sorted(seconds)
    print(f"  {label:52} p50 {statistics.median(ordered) * 1000:7.1f} ms   p99 "
          f"{ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000:7.1f} ms   peak RSS {peak_mib():6.0f} MiB")
    return result


async def copy_provinces(url: str, services: Any) -> list[tuple[str, str]]:
    """33 more provinces holding the seed's read models (its tables copied), and the seed's: [(slug, name)]."""
    provinces = [(SEED.slug, NAME)]
    for n in range(1, PROVINCES):
        slug = f"province_{n:02d}"
        services.tenants.create(Tenant(slug), f"Sở Khoa học và Công nghệ tỉnh Thử nghiệm {n:02d}")
        provinces.append((slug, f"Sở Khoa học và Công nghệ tỉnh Thử nghiệm {n:02d}"))
    await prepare_read_models(services.read_pools, [slug for slug, _ in provinces])
    pool = await create_pool(url, max_size=1)
    async with pool.acquire() as conn:
        for slug, _ in provinces[1:]:
            for table in AUDIT_TABLES:
                await conn.execute(f"INSERT INTO {quoted(Tenant(slug).schema, table.name)} "
                                   f"SELECT * FROM {quoted(SEED.schema, table.name)}")
    await pool.close()
    return provinces


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    with own_services("documents") as services:
        url = services.database.url
        services.tenants.create(SEED, NAME)
        with services.tenants.application(SEED) as app:
            replay_seed(app)
        project_all(url, SEED)
        provinces = asyncio.run(copy_provinces(url, services))
        loop = asyncio.new_event_loop()
        pool = loop.run_until_complete(create_pool(url, max_size=1))
        conn = loop.run_until_complete(pool.acquire())
        programme_id = Programme.create_id(SEED, "2020")

        def read(kind: DocumentKind):
            return loop.run_until_complete(document(conn, SEED, kind, programme_id, tenant_name=NAME,
                                                    as_of=date(2021, 3, 1), catalogue_of=load_catalogue))

        print(f"Reading the read models ({runs} runs each, one connection):")
        november = measured("November report's facts (programme, findings, …)",
                            lambda: read(DocumentKind.RESULTS_REPORT), runs)
        annex = measured("Phụ lục II's facts (summary, scope, inspections, …)",
                         lambda: read(DocumentKind.MINISTRY_REPORT), runs)
        rows = measured(f"national read, {PROVINCES} provinces", lambda: loop.run_until_complete(
            national_summaries(conn, provinces, 2020)), runs)
        assert len(rows) == PROVINCES and all(row["units_with_nonconformities"] == 27 for row in rows)
        print("Rendering:")
        for fmt in (DocumentFormat.DOCX, DocumentFormat.PDF):
            measured(f"November report (78 units, chart) → {fmt.value.upper()}",
                     lambda f=fmt: render(november, f), runs)
        numbered = (replace(november, frame=replace(november.frame, number=f"{n}/BC-SKHCN")) for n in count(1000))
        measured("November report → PDF, a new number each time (no cache)",
                 lambda: render(next(numbered), DocumentFormat.PDF), runs)
        for fmt in (DocumentFormat.DOCX, DocumentFormat.PDF, DocumentFormat.XLSX):
            measured(f"Phụ lục II, one province (78 agencies) → {fmt.value.upper()}",
                     lambda f=fmt: render(annex, f), runs)
        national = national_report(2020, [(row["tenant_name"], [(row["tenant_name"], row)]) for row in rows],
                                   date(2020, 12, 15), date(2020, 12, 31))  # no merge: each its own province
        measured(f"Phụ lục II, national ({PROVINCES} provinces) → XLSX",
                 lambda: render(national, DocumentFormat.XLSX), runs)
        print("The seed programme's whole set (read once, every format of each):")
        for _ in range(3):
            began = time.perf_counter()
            papers, _ = loop.run_until_complete(programme_documents(
                conn, SEED, programme_id, tenant_name=NAME, as_of=date(2021, 3, 1), catalogue_of=load_catalogue))
            read_in = time.perf_counter() - began
            files = [render(paper, fmt) for paper in papers for fmt in FORMATS[paper.kind]]
            took = time.perf_counter() - began
            size = sum(len(f.content) for f in files) / 2**20
            print(f"  {len(papers)} documents, {len(files)} files ({size:.1f} MiB) in {took:.2f} s (read "
                  f"{read_in * 1000:.0f} ms)   peak RSS {peak_mib():.0f} MiB")
        loop.run_until_complete(pool.release(conn))
        loop.run_until_complete(pool.close())
        loop.close()


if __name__ == "__main__":
    main()
