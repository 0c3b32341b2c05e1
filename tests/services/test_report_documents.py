"""The year's reports from the seed's read models, opened with each format's own library: the November report to
the People's Committee (78/78, 27/78, 27/27, the weaknesses by clause with a chart), Phụ lục II as DOCX and XLSX,
the Ministry's workbook holding the province's same row, the refusals before the records exist, and the whole set
of the seed programme written by one command."""

from __future__ import annotations

import asyncio
import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.errors import DocumentNotAvailableError
from isotrail.domain.documents.ministry_report import national_report
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant
from isotrail.projections.document_sources import document, programme_documents
from isotrail.projections.national_queries import national_summaries
from isotrail.projections.pool import create_pool
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.rendering import DocumentFormat, render
from isotrail.services.tenants import TenantRegistry
from tests.builders import approved_programme, fresh_tenant, project_all
from tests.documents import assert_real_glyphs, docx_lines, nfc, pdf_text
from tests.services.conftest import SOC_TRANG

WEAKNESSES = [["1", "6.2", "Mục tiêu chất lượng và hoạch định để đạt được mục tiêu", "14", "14"],
              ["2", "7.5", "Thông tin dạng văn bản", "14", "14"], ["3", "9.2", "Đánh giá nội bộ", "14", "14"],
              ["4", "9.3", "Xem xét của lãnh đạo", "2", "2"]]


async def _read(database_url: str, work):
    pool = await create_pool(database_url, max_size=1)
    try:
        async with pool.acquire() as conn:
            return await work(conn)
    finally:
        await pool.close()


def _report(database_url: str, storage: Tenant, kind: DocumentKind, code: str = "2020"):
    return asyncio.run(_read(database_url, lambda conn: document(
        conn, storage, kind, Programme.create_id(storage, code), tenant_name=SOC_TRANG, as_of=date(2021, 3, 1),
        catalogue_of=load_catalogue)))


@pytest.fixture(scope="module")
def november(database_url: str, soc_trang: Tenant):
    return _report(database_url, soc_trang, DocumentKind.RESULTS_REPORT)


def test_the_november_report_gives_the_compiled_figures_and_the_weaknesses_by_clause(november) -> None:
    docx = render(november, DocumentFormat.DOCX)
    lines = docx_lines(docx.content)
    for line in ("Số: 118/BC-SKHCN", "Sóc Trăng, ngày 20 tháng 11 năm 2020", "BÁO CÁO", "I. TÌNH HÌNH THỰC HIỆN",
                 "Kế hoạch kiểm tra 78 cơ quan, trong đó 78 cơ quan kiểm tra tại trụ sở; 04 cơ quan kiểm tra lồng "
                 "ghép với Đoàn kiểm tra cải cách hành chính.", "- Ủy ban nhân dân tỉnh Sóc Trăng (để báo cáo);",
                 "Số cơ quan có điểm không phù hợp theo điều khoản"):
        assert line in lines, line
    tables = WordDocument(io.BytesIO(docx.content)).tables
    figures = next(t for t in tables if t.rows[0].cells[1].text == "Nội dung")
    assert {row.cells[1].text: row.cells[2].text for row in figures.rows[1:]} == {
        "Cơ quan trong Kế hoạch kiểm tra": "78", "Cơ quan đã được kiểm tra": "78/78",
        "Cơ quan có điểm không phù hợp": "27/78", "Điểm không phù hợp": "48",
        "Cơ quan đã gửi báo cáo khắc phục": "27/27", "Điểm không phù hợp đã xác nhận khắc phục": "0/48"}
    clauses = next(t for t in tables if t.rows[0].cells[1].text == "Điều khoản")
    rows = [[cell.text for cell in row.cells] for row in clauses.rows[1:]]
    assert rows[:4] == WEAKNESSES and len(rows) == 6 and {row[1] for row in rows[4:]} == {"QĐ 19/2014"}
    pictures = WordDocument(io.BytesIO(docx.content)).inline_shapes
    assert len(pictures) == 1 and round(pictures[0].width.mm) == 155  # the chart, drawn by Typst as a PNG
    assert any(line.startswith("- Tích hợp HTQLCL theo TCVN ISO 9001:2015") for line in lines)  # the proposal
    assert any(line.endswith("(02 cơ quan).") for line in lines)  # recommendations compiled, counted by unit
    assert all(map(nfc, lines))


def test_the_november_report_as_pdf_draws_the_chart_and_says_the_same(november) -> None:
    pdf = render(november, DocumentFormat.PDF)
    text = pdf_text(pdf.content)
    for said in ("Đoàn kiểm tra đã kiểm tra 78/78 cơ quan", "đề nghị 27/78 cơ quan khắc phục 48 điểm không phù hợp",
                 "27/27 cơ quan đã gửi báo cáo khắc phục", "6.2 Mục tiêu chất lượng và hoạch định để đạt được mục tiêu",
                 "(cơ quan)", "Tích hợp HTQLCL"):
        assert said in text, said
    assert text.count("14") >= 6  # three bars of 14 beside the table's
    assert pdf.content_digest == render(november, DocumentFormat.DOCX).content_digest
    assert_real_glyphs(pdf.content)


def test_phu_luc_ii_sends_the_summary_row_and_each_agency_as_a_workbook_and_a_paper(database_url, soc_trang) -> None:
    annex = _report(database_url, soc_trang, DocumentKind.MINISTRY_REPORT)
    book = load_workbook(io.BytesIO(render(annex, DocumentFormat.XLSX).content))
    assert book.sheetnames == ["Tổng hợp", "Cơ quan"]
    summary = [cell.value for cell in book["Tổng hợp"][5]]
    assert summary == [1, "Tỉnh Sóc Trăng", "35/KH-UBND", 78, 78, 0, 4, 78, 27, 27, 48, 0, 0, "Đã báo cáo năm"]
    agencies = list(book["Cơ quan"].iter_rows(min_row=5, values_only=True))
    assert len(agencies) == 78
    assert Counter(row[5] for row in agencies) == {None: 51, "Đã gửi": 27}  # blank: nothing to report
    assert sum(row[4] for row in agencies) == 48 and book["Cơ quan"]["D5"].number_format == "dd/mm/yyyy"
    lines = docx_lines(render(annex, DocumentFormat.DOCX).content)
    for line in ("Số: 120/BC-SKHCN", "Sóc Trăng, ngày 27 tháng 11 năm 2020", "- Bộ Khoa học và Công nghệ;",
                 "Cơ quan có điểm không phù hợp", "Ủy ban nhân dân huyện Cù Lao Dung"):
        assert line in lines, line
    assert "Phụ lục II Quyết định số 19/2014/QĐ-TTg" in pdf_text(render(annex, DocumentFormat.PDF).content)

    rows = asyncio.run(_read(database_url, lambda conn: national_summaries(conn, [(soc_trang.slug, SOC_TRANG)], 2020)))
    national = national_report(2020, [(SOC_TRANG, [(row["tenant_name"], row) for row in rows])], date(2020, 12, 15),
                               date(2020, 12, 31))
    sheet = load_workbook(io.BytesIO(render(national, DocumentFormat.XLSX).content))["Phụ lục II"]
    assert [cell.value for cell in sheet[5]] == summary  # the Ministry's row is the province's own
    assert [cell.value for cell in sheet[6]][:4] == [None, "Cả nước", "1 tỉnh, thành phố", 78]


def test_the_reports_are_refused_until_their_records_exist(database_url, registry: TenantRegistry, admin) -> None:
    with fresh_tenant(registry, SOC_TRANG) as slug:
        with registry.application(slug) as app:
            approved_programme(app, admin, units=2)
        project_all(database_url, slug)
        with pytest.raises(DocumentNotAvailableError) as november:
            _report(database_url, slug, DocumentKind.RESULTS_REPORT)
        assert "chưa tổng hợp kết quả kiểm tra năm 2020 (Điều 38.1" in november.value.message_vi
        with pytest.raises(DocumentNotAvailableError) as annex:
            _report(database_url, slug, DocumentKind.MINISTRY_REPORT)
        assert annex.value.message_vi == ("Chưa thể lập Báo cáo theo Phụ lục II: kế hoạch kiểm tra năm 2020 chưa có "
                                          "báo cáo kết quả năm (Điều 12 Quyết định số 19/2014/QĐ-TTg).")
        assert annex.value.field == "programmeId"


def test_the_seed_programme_s_whole_set_is_one_read(database_url, soc_trang) -> None:
    papers, refused = asyncio.run(_read(database_url, lambda conn: programme_documents(
        conn, soc_trang, Programme.create_id(soc_trang, "2020"), tenant_name=SOC_TRANG, as_of=date(2021, 3, 1),
        catalogue_of=load_catalogue)))
    assert not refused
    assert Counter(paper.kind for paper in papers) == {
        DocumentKind.INSPECTION_PLAN: 1, DocumentKind.INSPECTION_DECISION: 78, DocumentKind.INSPECTION_MINUTES: 78,
        DocumentKind.RESULTS_REPORT: 1, DocumentKind.MINISTRY_REPORT: 1, DocumentKind.FINDINGS_REGISTER: 1}
    minutes = [p for p in papers if p.kind is DocumentKind.INSPECTION_MINUTES]
    assert sum(m.body["nonconformities"] for m in minutes) == 48
    assert sum(m.body["nonconformities"] > 0 for m in minutes) == 27
    assert len({paper.stem for paper in papers}) == len(papers)  # one file name each


def test_the_cli_writes_the_whole_set_and_single_papers(database_url, soc_trang, tmp_path: Path) -> None:
    from tests.services.test_cli import _run

    done = _run(database_url, "documents", "--tenant", soc_trang, "--programme", "2020", "--format", "pdf",
                "--out", tmp_path / "set")
    assert done.returncode == 0, done.stderr
    written = sorted(path.name for path in (tmp_path / "set").iterdir())
    assert len(written) == 159 and "bien-ban-2-BB-DKT.pdf" in written and "quyet-dinh-78-QD-SKHCN.pdf" in written
    assert "159 files, 160 documents" in done.stdout  # the register is XLSX only
    minutes = _run(database_url, "report", "inspection-minutes", "--tenant", soc_trang, "--programme", "2020",
                   "--unit", "SNV", "--format", "docx", "--out", tmp_path / "minutes.docx")
    assert minutes.returncode == 0, minutes.stderr
    assert "Số: 2/BB-ĐKT" in docx_lines((tmp_path / "minutes.docx").read_bytes())
    unnamed = _run(database_url, "report", "inspection-decision", "--tenant", soc_trang, "--programme", "2020",
                   "--out", tmp_path / "decision.pdf")
    assert unnamed.returncode == 2 and "--unit" in unnamed.stderr
