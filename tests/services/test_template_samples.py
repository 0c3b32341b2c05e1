"""An uploaded template is checked on a sample of its kind (services/documents/samples.py), so the sample must hold
every key the real document gives a template: a province's November report citing ``body.figures.inspected``, or
a decision naming ``body.unit``, would otherwise be refused at upload though it prints the real records. Checked
against the seed programme's real papers, and by uploading such a template."""

from __future__ import annotations

import asyncio
from datetime import date

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.programme import Programme
from isotrail.projections.document_sources import programme_documents
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.rendering import DocumentFormat
from isotrail.services.documents.samples import sample
from isotrail.services.documents.template_check import check
from tests.documents_files import paragraph, with_body
from tests.services.conftest import SOC_TRANG
from tests.services.test_report_documents import _read


def test_every_sample_gives_the_keys_its_real_document_gives(database_url, soc_trang) -> None:
    papers, _refused = asyncio.run(_read(database_url, lambda conn: programme_documents(
        conn, soc_trang, Programme.create_id(soc_trang, "2020"), tenant_name=SOC_TRANG, as_of=date(2021, 3, 1),
        catalogue_of=load_catalogue)))
    printed = {paper.kind: paper for paper in papers if paper.kind is not DocumentKind.FINDINGS_REGISTER}
    assert len(printed) == 5
    for kind, paper in printed.items():
        assert set(paper.data()["body"]) <= set(sample(kind).data()["body"]), kind
        for key, value in paper.data()["body"].items():
            if isinstance(value, dict):
                assert set(value) <= set(sample(kind).data()["body"][key]), (kind, key)


def test_a_report_template_citing_the_figures_is_accepted() -> None:
    cites = with_body(paragraph("Đã kiểm tra {{ body.figures.inspected }}/{{ body.figures.units_in_scope }} cơ quan"))
    assert check(DocumentKind.RESULTS_REPORT, DocumentFormat.DOCX, cites) is None
    names = with_body(paragraph("Cơ quan được kiểm tra: {{ body.unit }} ({{ body.nonconformities }} điểm)"))
    assert check(DocumentKind.INSPECTION_MINUTES, DocumentFormat.DOCX, names) is None
