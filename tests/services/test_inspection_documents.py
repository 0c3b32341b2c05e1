"""A visit's papers read from real read models and opened with each format's own library: the seed's inspection
decisions (Mẫu 20) with their teams and roles and minutes (Mẫu 21) with findings by item and clause and both
signatures; a dossier check's letter and a notice of non-acceptance with its reason (read from the event store);
and each refusal saying what is missing."""

from __future__ import annotations

import asyncio
import io
from datetime import date
from uuid import UUID

import pytest
from docx import Document as WordDocument

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.documents.errors import InspectionDocumentNotAvailableError, NoticeNotFoundError
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.projections.document_sources import document
from isotrail.projections.pool import create_pool
from isotrail.services.catalogues import load_catalogue
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    ConductInspection,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RejectCorrectiveAction,
    ScheduleInspection,
    SendFindingsLetter,
)
from isotrail.services.commands.handle import handle
from isotrail.services.documents.rendering import DocumentFormat, render
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import PLAN_DATE, draft_programme, fresh_tenant, project_all, register_unit
from tests.documents import assert_real_glyphs, docx_lines, nfc, pdf_text
from tests.services.conftest import SOC_TRANG


async def _paper(database_url: str, storage: Tenant, kind: DocumentKind, unit_id: UUID, code: str = "2020",
                 number: str | None = None):
    programme_id = Programme.create_id(storage, code)
    pool = await create_pool(database_url, max_size=1)
    try:
        async with pool.acquire() as conn:
            return await document(conn, storage, kind, programme_id, tenant_name=SOC_TRANG, as_of=date(2021, 3, 1),
                                  catalogue_of=load_catalogue, number=number,
                                  inspection_id=Inspection.create_id(storage, programme_id, unit_id))
    finally:
        await pool.close()


def _seed_paper(database_url: str, soc_trang: Tenant, kind: DocumentKind, unit_code: str):
    return asyncio.run(_paper(database_url, soc_trang, kind, Unit.create_id(soc_trang, unit_code)))


def test_the_decision_names_the_unit_the_window_and_the_team_with_their_roles(database_url, soc_trang) -> None:
    decision = _seed_paper(database_url, soc_trang, DocumentKind.INSPECTION_DECISION, "SNV")
    docx = render(decision, DocumentFormat.DOCX)
    lines = docx_lines(docx.content)
    for line in ("UBND TỈNH SÓC TRĂNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 2/QĐ-SKHCN",
                 "Sóc Trăng, ngày 26 tháng 5 năm 2020", "QUYẾT ĐỊNH", "QUYẾT ĐỊNH:", "GIÁM ĐỐC",
                 "Giám đốc Sở Khoa học và Công nghệ", "3. Thời gian kiểm tra: ngày 02 tháng 6 năm 2020."):
        assert line in lines, line
    assert any(line.startswith("Điều 1.") and "tại Sở Nội vụ tỉnh Sóc Trăng." in line for line in lines)
    assert any("Kế hoạch số 35/KH-UBND ngày 05 tháng 3 năm 2020 của Ủy ban nhân dân tỉnh Sóc Trăng" in line
               for line in lines)
    team = next(t for t in WordDocument(io.BytesIO(docx.content)).tables if t.rows[0].cells[1].text == "Họ và tên")
    assert [[cell.text for cell in row.cells][1:] for row in team.rows[1:]] == [
        ["Trưởng đoàn (lãnh đạo Chi cục TĐC)", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Trưởng đoàn"],
        ["Kiểm tra viên 1", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Thành viên"],
        ["Kiểm tra viên 2", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Thư ký"]]
    assert all(map(nfc, lines)) and docx.filename == "quyet-dinh-2-QD-SKHCN.docx"
    pdf = render(decision, DocumentFormat.PDF)
    text = pdf_text(pdf.content)
    assert "Số: 2/QĐ-SKHCN" in text and "Kiểm tra viên 2 Chi cục Tiêu chuẩn Đo lường Chất lượng Thư ký" in text
    assert pdf.content_digest == docx.content_digest
    assert {"Ộ", "ạ", "ệ", "Đ"} <= assert_real_glyphs(pdf.content)


def test_a_joint_inspection_s_decision_says_so_and_names_the_home_affairs_member(database_url, soc_trang) -> None:
    decision = _seed_paper(database_url, soc_trang, DocumentKind.INSPECTION_DECISION, "SYT")
    article_1 = next(b["text"] for b in decision.body["blocks"] if b.get("text", "").startswith("Điều 1."))
    assert article_1.endswith("lồng ghép với Đoàn kiểm tra cải cách hành chính tỉnh (Sở Nội vụ).")
    team = next(b for b in decision.body["blocks"] if b["type"] == "table")["rows"]
    assert len(team) == 4 and ["4", "Đại diện Sở Nội vụ", "Sở Nội vụ tỉnh Sóc Trăng", "Thành viên"] in team
    own = _seed_paper(database_url, soc_trang, DocumentKind.INSPECTION_DECISION, "SKHCN")  # the DOST's own visit
    assert next(b for b in own.body["blocks"] if b["type"] == "table")["rows"] == [
        ["1", "Đại diện Sở Nội vụ", "Sở Nội vụ tỉnh Sóc Trăng", "Trưởng đoàn"]]


def test_the_minutes_list_findings_by_item_and_clause_and_carry_both_signatures(database_url, soc_trang) -> None:
    minutes = _seed_paper(database_url, soc_trang, DocumentKind.INSPECTION_MINUTES, "SNV")
    docx = render(minutes, DocumentFormat.DOCX)
    lines = docx_lines(docx.content)
    for line in ("ĐOÀN KIỂM TRA", "Số: 2/BB-ĐKT", "BIÊN BẢN", "ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA",
                 "ĐẠI DIỆN ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN", "Trưởng đoàn (lãnh đạo Chi cục TĐC)",
                 "Đại diện Sở Nội vụ tỉnh Sóc Trăng", "2. Điểm không phù hợp: 2 điểm, cụ thể:"):
        assert line in lines, line
    assert not any(line.startswith("Sóc Trăng, ngày") for line in lines)  # a biên bản is dated in its text
    assert any(line.startswith("Hôm nay, ngày 02 tháng 6 năm 2020, tại trụ sở Sở Nội vụ") for line in lines)
    assert any("trước ngày 02 tháng 8 năm 2020" in line for line in lines)  # two months after the minutes
    tables = WordDocument(io.BytesIO(docx.content)).tables
    items = next(t for t in tables if t.rows[0].cells[1].text == "Nội dung kiểm tra")
    assert len(items.rows) == 1 + 13
    assert [row.cells[2].text for row in items.rows[1:]].count("Không phù hợp") == 2
    findings = next(t for t in tables if t.rows[0].cells[1].text == "Điều khoản")
    assert [(row.cells[1].text, row.cells[2].text) for row in findings.rows[1:]] == [
        ("6.2", "Mục tiêu chất lượng và hoạch định để đạt được mục tiêu"), ("9.2", "Đánh giá nội bộ")]
    pdf = render(minutes, DocumentFormat.PDF)
    text = pdf_text(pdf.content)
    assert "Đánh giá nội bộ hằng năm chưa đi vào chiều sâu, còn mang tính hình thức." in text
    assert "Đại diện Sở Nội vụ tỉnh Sóc Trăng" in text and "Trưởng đoàn (lãnh đạo Chi cục TĐC)" in text
    assert_real_glyphs(pdf.content)


def test_minutes_without_nonconformities_say_none_was_found(database_url, soc_trang) -> None:
    minutes = _seed_paper(database_url, soc_trang, DocumentKind.INSPECTION_MINUTES, "VP-UBND")
    texts = [block.get("text") for block in minutes.body["blocks"]]
    assert "2. Điểm không phù hợp: Đoàn kiểm tra không phát hiện điểm không phù hợp." in texts
    assert minutes.body["nonconformities"] == 0


@pytest.fixture(scope="module")
def dossier_tenant(registry: TenantRegistry, database_url: str):
    """A plan of two units: one on site, scheduled only; one checked by dossier, its letter sent, its report
    received and refused by a notice, with its reason."""
    admin, inspector = Caller("admin-1", Role.TENANT_ADMIN), Caller("inspector-1", Role.INSPECTOR)
    with fresh_tenant(registry, SOC_TRANG) as slug:
        with registry.application(slug) as app:
            programme_id = draft_programme(app, admin)
            on_site = register_unit(app, admin, "Sở Y tế tỉnh Sóc Trăng")
            dossier = register_unit(app, admin, "Ủy ban nhân dân huyện Châu Thành")
            for unit_id, form in ((on_site, InspectionForm.ON_SITE), (dossier, InspectionForm.DOSSIER)):
                handle(app, admin, AddUnitToProgramme(programme_id=programme_id, unit_id=unit_id, form=form,
                                                      occurred_on=date(2020, 2, 21)))
            handle(app, admin, ApproveProgramme(programme_id=programme_id, approved_by="Ủy ban nhân dân tỉnh Sóc Trăng",
                                                occurred_on=PLAN_DATE))
            for unit_id in (on_site, dossier):
                handle(app, admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_id,
                                                      scheduled_on=date(2020, 6, 9), occurred_on=PLAN_DATE))
            checked = app.inspection_id(programme_id, dossier)
            handle(app, inspector, ConductInspection(inspection_id=checked, inspectors=["Kiểm tra viên 1"],
                                                     occurred_on=date(2020, 6, 9)))
            handle(app, inspector, RaiseNonconformity(
                inspection_id=checked, item_code="9.3", occurred_on=date(2020, 6, 9),
                description="Chưa tổ chức xem xét của lãnh đạo trong năm."))
            handle(app, admin, SendFindingsLetter(inspection_id=checked, letter_number="210/SKHCN-TĐC",
                                                  occurred_on=date(2020, 6, 15), signer="Nguyễn Văn Đức"))
            handle(app, admin, ReceiveCorrectiveActionReport(inspection_id=checked, reference="45/BC-UBND",
                                                             summary="Đã lập kế hoạch xem xét.",
                                                             occurred_on=date(2020, 7, 20)))
            [nonconformity_id] = app.get_inspection(checked).nonconformities
            handle(app, admin, RejectCorrectiveAction(
                inspection_id=checked, nonconformity_id=nonconformity_id, notice_number="12/TB-SKHCN",
                reason="Kế hoạch chưa được thực hiện, chưa có biên bản họp xem xét.", occurred_on=date(2020, 8, 3),
                signer="Nguyễn Văn Đức"))
        project_all(database_url, slug)
        yield slug, on_site, dossier


def test_a_dossier_check_s_letter_is_a_cong_van_to_the_unit(database_url, dossier_tenant) -> None:
    slug, _, dossier = dossier_tenant
    letter = asyncio.run(_paper(database_url, slug, DocumentKind.FINDINGS_LETTER, dossier))
    lines = docx_lines(render(letter, DocumentFormat.DOCX).content)
    for line in ("Số: 210/SKHCN-TĐC", "V/v yêu cầu khắc phục điểm không phù hợp", "Sóc Trăng, ngày 15 tháng 6 năm 2020",
                 "Kính gửi: Ủy ban nhân dân huyện Châu Thành.", "Nguyễn Văn Đức", "- Như trên;"):
        assert line in lines, line
    assert "CÔNG VĂN" not in lines and "QUYẾT ĐỊNH" not in lines  # a công văn has no tên loại
    text = pdf_text(render(letter, DocumentFormat.PDF).content)
    assert "Chưa tổ chức xem xét của lãnh đạo trong năm." in text and "9.3" in text
    assert "lần kiểm tra tiếp theo" in text  # no deadline: re-checked at the next inspection (Art. 37)


def test_the_notice_of_non_acceptance_gives_the_reason_recorded(database_url, dossier_tenant) -> None:
    slug, _, dossier = dossier_tenant
    notice = asyncio.run(_paper(database_url, slug, DocumentKind.NON_ACCEPTANCE_NOTICE, dossier))
    pdf = render(notice, DocumentFormat.PDF)
    text = pdf_text(pdf.content)
    for line in ("Số: 12/TB-SKHCN", "Sóc Trăng, ngày 03 tháng 8 năm 2020", "THÔNG BÁO",
                 "Kế hoạch chưa được thực hiện, chưa có biên bản họp xem xét.", "Văn bản số 210/SKHCN-TĐC"):
        assert line in text, line
    assert_real_glyphs(pdf.content)
    with pytest.raises(NoticeNotFoundError) as unknown:
        asyncio.run(_paper(database_url, slug, DocumentKind.NON_ACCEPTANCE_NOTICE, dossier, number="99/TB"))
    assert unknown.value.message_vi.endswith("các số đã ghi: 12/TB-SKHCN.")


@pytest.mark.parametrize(("kind", "which", "missing"), [
    (DocumentKind.INSPECTION_DECISION, "dossier", "là kiểm tra qua hồ sơ, báo cáo, không có quyết định kiểm tra"),
    (DocumentKind.INSPECTION_DECISION, "on_site", "chưa ban hành quyết định kiểm tra tại Sở Y tế tỉnh Sóc Trăng"),
    (DocumentKind.INSPECTION_MINUTES, "on_site", "cuộc kiểm tra tại Sở Y tế tỉnh Sóc Trăng chưa được tiến hành"),
    (DocumentKind.INSPECTION_MINUTES, "dossier", "kết thúc bằng văn bản yêu cầu khắc phục, không lập biên bản"),
    (DocumentKind.FINDINGS_LETTER, "on_site", "là kiểm tra tại trụ sở, kết thúc bằng biên bản kiểm tra"),
    (DocumentKind.NON_ACCEPTANCE_NOTICE, "on_site", "chưa có hành động khắc phục nào của Sở Y tế"),
])
def test_a_paper_the_inspection_cannot_have_yet_is_refused_saying_what_is_missing(
    database_url, dossier_tenant, kind, which, missing
) -> None:
    slug, on_site, dossier = dossier_tenant
    with pytest.raises(InspectionDocumentNotAvailableError) as refused:
        asyncio.run(_paper(database_url, slug, kind, on_site if which == "on_site" else dossier))
    assert refused.value.code == "document_not_available" and refused.value.field == "inspectionId"
    assert missing in refused.value.message_vi
    assert asyncio.run(_paper(database_url, slug, kind, on_site, code="2099")) is None  # no such programme
