"""The seed programme's documents, read from real read models and opened with each format's own library: the plan
(Mẫu 19) as DOCX and PDF, the findings register as XLSX — figures, names with diacritics, Vietnamese dates, the
Decree 30 frame, and in the PDF a real glyph for every character."""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.errors import DocumentNotAvailableError
from isotrail.domain.programme import Programme
from isotrail.domain.tenancy import Tenant
from isotrail.projections.document_sources import document
from isotrail.projections.pool import create_pool
from isotrail.services.catalogues import load_catalogue
from isotrail.services.documents.default_templates import TEMPLATE, make_template
from isotrail.services.documents.rendering import DocumentFormat, default_template_version, render
from isotrail.services.tenants import TenantRegistry
from tests.builders import draft_programme, fresh_tenant, project_all
from tests.documents import SHIPPED_FACES, assert_real_glyphs, nfc, pdf_text

TENANT_NAME = "Sở Khoa học và Công nghệ tỉnh Sóc Trăng"
FRAME_LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
               "Số: 35/KH-UBND", "Sóc Trăng, ngày 05 tháng 3 năm 2020", "KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN",
               "CHỦ TỊCH", "Nơi nhận:")


@pytest.fixture(scope="module")
def seeded(soc_trang: Tenant) -> Tenant:
    return soc_trang


async def _document(database_url: str, storage: Tenant, kind: DocumentKind, code: str = "2020",
                    as_of: date = date(2021, 3, 1)):
    pool = await create_pool(database_url, max_size=1)
    try:
        async with pool.acquire() as conn:
            return await document(conn, storage, kind, Programme.create_id(storage, code), tenant_name=TENANT_NAME,
                                  as_of=as_of, catalogue_of=load_catalogue)
    finally:
        await pool.close()


@pytest.fixture(scope="module")
def plan(database_url: str, seeded: Tenant):
    return asyncio.run(_document(database_url, seeded, DocumentKind.INSPECTION_PLAN))


def test_the_plan_as_docx_holds_the_decree_s_frame_and_78_units(plan) -> None:
    rendered = render(plan, DocumentFormat.DOCX)
    word = WordDocument(io.BytesIO(rendered.content))
    cells = [p.text for table in word.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    paragraphs = [p.text for p in word.paragraphs]
    for line in FRAME_LINES:
        assert line in cells + paragraphs, line
    units = next(t for t in word.tables if t.rows[0].cells[1].text == "Cơ quan được kiểm tra")
    assert len(units.rows) == 1 + 78
    names = [row.cells[1].text for row in units.rows[1:]]
    assert "Sở Nội vụ tỉnh Sóc Trăng" in names and "Ủy ban nhân dân huyện Cù Lao Dung" in names
    assert sum(row.cells[4].text.startswith("Đoàn kiểm tra cải cách hành chính") for row in units.rows[1:]) == 4
    assert any("78 cơ quan" in p for p in paragraphs)
    assert "2. Thời gian: từ ngày 01 tháng 6 năm 2020 đến ngày 30 tháng 10 năm 2020." in paragraphs
    assert all(map(nfc, cells + paragraphs))
    section = word.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)
    assert [round(size.mm) for size in sizes] == [210, 297, 20, 20, 30, 15]  # A4, the decree's margins
    normal = word.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    assert rendered.filename == "ke-hoach-35-KH-UBND.docx" and rendered.template_version == default_template_version()


def test_the_plan_as_pdf_says_what_the_docx_says_in_the_shipped_serif_only(plan) -> None:
    rendered = render(plan, DocumentFormat.PDF)
    text = pdf_text(rendered.content)
    for line in FRAME_LINES:
        assert line in text, line
    assert text.count("Tại trụ sở") == 78
    assert "Ủy ban nhân dân huyện Cù Lao Dung" in text and "78 cơ quan" in text
    assert nfc(text)
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z-]+)", rendered.content))
    assert fonts and fonts <= SHIPPED_FACES
    assert render(plan, DocumentFormat.PDF).sha256 == rendered.sha256  # stamped with the plan's date: reproducible
    assert render(plan, DocumentFormat.DOCX).content_digest == rendered.content_digest  # the same facts


def test_every_character_of_the_pdf_has_a_real_glyph_and_its_pages_render(plan) -> None:
    rendered = render(plan, DocumentFormat.PDF)
    printed = assert_real_glyphs(rendered.content)
    assert {"Ủ", "ỹ", "ộ", "ự", "Đ", "ờ"} <= printed
    assert len(pdfium.PdfDocument(rendered.content)) >= 3


async def test_the_findings_register_is_a_filterable_sheet_of_48_nonconformities(
    database_url: str, seeded: Tenant
) -> None:
    register = await _document(database_url, seeded, DocumentKind.FINDINGS_REGISTER)
    rendered = render(register, DocumentFormat.XLSX)
    workbook = load_workbook(io.BytesIO(rendered.content))
    assert workbook.properties.modified == datetime(2021, 3, 1)  # dated by the register, not by the rendering
    sheet = workbook.active
    assert sheet["A1"].value == "SỔ THEO DÕI ĐIỂM KHÔNG PHÙ HỢP"
    assert sheet["A2"].value.startswith("Kế hoạch kiểm tra số 35/KH-UBND ngày 05/03/2020")
    headers = [cell.value for cell in sheet[4]]
    assert headers[:5] == ["TT", "Cơ quan được kiểm tra", "Điều khoản", "Nội dung kiểm tra", "Điểm không phù hợp"]
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref == "A4:M52"
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 48 and len({row[1] for row in rows}) == 27
    assert all(row[11] == "Đã báo cáo khắc phục" and row[8] >= 1 for row in rows)  # 27/27 reported
    assert all(row[5].date() <= row[6].date() for row in rows)  # raised, then due two months later
    assert sheet["F5"].number_format == "dd/mm/yyyy"
    assert all(nfc(value) for row in rows for value in row if isinstance(value, str))
    with pytest.raises(Exception, match="XLSX"):
        render(register, DocumentFormat.PDF)


def test_a_draft_plan_is_refused_with_what_is_missing(database_url: str, registry: TenantRegistry, admin) -> None:
    with fresh_tenant(registry, TENANT_NAME) as slug:
        with registry.application(slug) as app:
            draft_programme(app, admin, code="2021")
        project_all(database_url, slug)
        with pytest.raises(DocumentNotAvailableError) as refused:
            asyncio.run(_document(database_url, slug, DocumentKind.INSPECTION_PLAN, code="2021"))
        assert "chưa được phê duyệt" in refused.value.message_vi
        assert asyncio.run(_document(database_url, slug, DocumentKind.INSPECTION_PLAN, code="2099")) is None


def test_the_default_template_in_the_repo_is_the_one_its_code_makes() -> None:
    from zipfile import ZipFile

    made, stored = ZipFile(io.BytesIO(make_template())), ZipFile(TEMPLATE)
    for part in ("word/document.xml", "word/styles.xml", "word/settings.xml"):
        assert made.read(part) == stored.read(part), part


def test_the_cli_writes_each_document_and_refuses_a_format_it_has_not(
    database_url: str, seeded: Tenant, tmp_path: Path
) -> None:
    from tests.services.test_cli import _run

    plan = _run(database_url, "report", "inspection-plan", "--tenant", seeded, "--programme", "2020", "--format",
                "docx", "--out", tmp_path / "plan.docx")
    assert plan.returncode == 0, plan.stderr
    assert "ke-hoach-35-KH-UBND.docx" in plan.stdout
    assert len(WordDocument(tmp_path / "plan.docx").tables[1].rows) == 1 + 78
    refused = _run(database_url, "report", "findings-register", "--tenant", seeded, "--programme", "2020",
                   "--format", "pdf", "--out", tmp_path / "register.pdf")
    assert refused.returncode == 2
    assert "document_format_unsupported" in refused.stdout and "chỉ lập ở: XLSX" in refused.stdout
    assert not (tmp_path / "register.pdf").exists()


def test_a_docx_is_dated_by_the_document_so_the_same_facts_give_the_same_file(plan) -> None:
    rendered = render(plan, DocumentFormat.DOCX)
    dates = {entry.date_time for entry in zipfile.ZipFile(io.BytesIO(rendered.content)).infolist()}
    assert dates == {(2020, 3, 5, 0, 0, 0)}  # the plan's date, not the time of rendering
    assert render(plan, DocumentFormat.DOCX).sha256 == rendered.sha256
