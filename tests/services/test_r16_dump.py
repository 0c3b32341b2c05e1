import asyncio
from datetime import date
from pathlib import Path
from isotrail.domain.programme import Programme
from isotrail.projections.document_sources import programme_documents
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.rendering import render, DocumentFormat, FORMATS
from tests.services.test_report_documents import _read
from tests.services.conftest import SOC_TRANG
from tests.documents import pdf_text, docx_lines

OUT = Path("/tmp/r16/out")

def test_dump(database_url, soc_trang):
    OUT.mkdir(parents=True, exist_ok=True)
    papers, refused = asyncio.run(_read(database_url, lambda conn: programme_documents(
        conn, soc_trang, Programme.create_id(soc_trang, "2020"), tenant_name=SOC_TRANG, as_of=date(2021, 3, 1),
        catalogue_of=load_catalogue)))
    seen = set()
    for p in papers:
        if p.kind in seen and p.kind.value not in ("inspection-minutes",):
            continue
        if p.kind.value == "inspection-minutes" and p.body.get("nonconformities", 0) == 0 and p.kind in seen:
            continue
        seen.add(p.kind)
        for fmt in FORMATS[p.kind]:
            r = render(p, fmt)
            (OUT / r.filename).write_bytes(r.content)
            if fmt is DocumentFormat.PDF:
                (OUT / (r.filename + ".txt")).write_text(pdf_text(r.content))
            if fmt is DocumentFormat.DOCX:
                (OUT / (r.filename + ".docx.txt")).write_text("\n".join(docx_lines(r.content)))
