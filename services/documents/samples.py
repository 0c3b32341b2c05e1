"""Sample documents to check an uploaded template with (services/documents/templates.py): what a kind prints,
made from illustrative records, with every block a body may hold. A kind with a sample here is checked with it;
any other with :func:`generic`, the Decree 30 frame around one block of each type — so a template reading only
the frame and the blocks (as the repo's does) is checked for every kind, and a kind whose body says more gets
its line in :data:`SAMPLES`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from isotrail.domain.documents.blocks import Column, bar_chart, heading, item, paragraph, table
from isotrail.domain.documents.document import Document, DocumentKind
from isotrail.domain.documents.form import Frame, Signature
from isotrail.domain.documents.inspection_plan import PlannedMember, PlannedUnit, PlanRecord, inspection_plan
from isotrail.domain.documents.issuers import department
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus

PROVINCE = "Sở Khoa học và Công nghệ tỉnh Mẫu Thử"
DAY = date(2020, 3, 5)


def generic(kind: DocumentKind) -> Document:
    """The frame, and a heading, a paragraph, a list item, a table and a chart with Vietnamese text (a chart's
    picture is an object of docxtpl's a Word template may print and must not reach into)."""
    issuer = department(PROVINCE)
    frame = Frame(issuer=issuer, number="01/KH-SKHCN", issued_on=DAY, kind_title="Kế hoạch",
                  subject="Kiểm tra việc áp dụng hệ thống quản lý chất lượng", recipients=("UBND tỉnh", "Lưu: VT"),
                  signature=Signature(position="Giám đốc", authority=("KT. GIÁM ĐỐC",), name="Nguyễn Văn Ấn"))
    blocks = [heading("I. MỤC ĐÍCH, YÊU CẦU"), paragraph("Đánh giá việc áp dụng, duy trì và cải tiến."),
              item("Sở Nội vụ tỉnh Mẫu Thử."),
              table([Column("TT", 8, "center"), Column("Cơ quan", 92)], [["1", "Ủy ban nhân dân huyện Cù Lao"]]),
              bar_chart("Điểm không phù hợp theo điều khoản", [("8.5.1", 3), ("9.1.3", 2)], "cơ quan")]
    return Document(kind, "mau-thu", DAY, frame, {"blocks": blocks})


def _plan(_kind: DocumentKind) -> Document:
    units = tuple(PlannedUnit(f"Ủy ban nhân dân huyện Mẫu {i}", InspectionForm.ON_SITE if i % 2 else
                              InspectionForm.DOSSIER, None, date(2020, 6, i)) for i in range(1, 6))
    plan = PlanRecord(
        programme_id=UUID(int=1), year=2020, title="Kiểm tra việc áp dụng HTQLCL năm 2020", plan_number="35/KH-UBND",
        plan_date=DAY, status=ProgrammeStatus.APPROVED, standard="TCVN ISO 9001:2015",
        legal_basis=("Quyết định số 19/2014/QĐ-TTg",), organiser="Sở Khoa học và Công nghệ",
        approved_by=None, starts_on=date(2020, 6, 1), ends_on=date(2020, 10, 30), budget_vnd=50_000_000,
        budget_source="Ngân sách tỉnh", partner_unit="Sở Nội vụ",
        team=(PlannedMember("Trần Thị Bình", "Trưởng đoàn", "Sở Khoa học và Công nghệ"),), units=units)
    return inspection_plan(plan, PROVINCE)


SAMPLES: dict[DocumentKind, Callable[[DocumentKind], Document]] = {DocumentKind.INSPECTION_PLAN: _plan}


def sample(kind: DocumentKind) -> Document:
    """The sample ``kind`` is checked with."""
    return SAMPLES.get(kind, generic)(kind)
