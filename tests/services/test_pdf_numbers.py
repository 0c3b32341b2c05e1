"""A số/ký hiệu is never split across two lines of a PDF: "Thông tư số 26/2014/TT-BKHCN" with "26/2014/" at one
line's end and "TT-BKHCN" at the next is how no văn thư writes a legal reference (Typst, as Unicode allows, breaks
after a slash or a hyphen). Checked on the seed programme's papers, whose references fall at every place of a
line: no number in their text is cut by a line break."""

from __future__ import annotations

import asyncio
import re
from datetime import date

from isotrail.domain.programme import Programme
from isotrail.projections.document_sources import programme_documents
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.rendering import FORMATS, DocumentFormat, render
from tests.documents import pdf_text
from tests.services.conftest import SOC_TRANG
from tests.services.test_report_documents import _read

CUT = re.compile(r"\d+/(?:\d{4}/)?\s+[A-ZĐ]|\d+/\s+\d{4}/|\d+/(?:\d{4}/)?[A-ZĐ]+-\s+[A-ZĐ]")


def test_no_number_of_the_seed_s_papers_is_cut_by_a_line_break(database_url, soc_trang) -> None:
    papers, _refused = asyncio.run(_read(database_url, lambda conn: programme_documents(
        conn, soc_trang, Programme.create_id(soc_trang, "2020"), tenant_name=SOC_TRANG, as_of=date(2021, 3, 1),
        catalogue_of=load_catalogue)))
    kinds: dict = {}
    for paper in papers:
        kinds.setdefault(paper.kind, []).append(paper)
    chosen = [paper for same in kinds.values() for paper in same[:6]]
    cut = {paper.stem: CUT.findall(pdf_text(render(paper, DocumentFormat.PDF).content))
           for paper in chosen if DocumentFormat.PDF in FORMATS[paper.kind]}
    assert {stem: found for stem, found in cut.items() if found} == {}
    assert len(cut) >= 15
