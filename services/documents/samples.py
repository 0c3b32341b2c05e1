"""Sample documents to check an uploaded template with (services/documents/templates.py): what a kind prints,
made from illustrative records, with every block a body may hold. A kind with a sample here is checked with it;
any other with :func:`generic`, the Decree 30 frame around one block of each type — so a template reading only
the frame and the blocks (as the repo's does) is checked for every kind, and what a kind's body says beside its
blocks (the November report's figures, a paper's unit) is added from :data:`BODY_KEYS` — a test holds them to the
real documents' keys, so that a template citing them is not refused at upload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

from isotrail.domain.documents.blocks import Column, bar_chart, heading, item, paragraph, table
from isotrail.domain.documents.document import Document, DocumentKind
from isotrail.domain.documents.form import Frame, Signature
from isotrail.domain.documents.inspection_plan import PlannedMember, PlannedUnit, PlanRecord, inspection_plan
from isotrail.domain.documents.issuers import department
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.result_figures import ResultFigures

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
UNIT = "Sở Lao động - Thương binh và Xã hội tỉnh Mẫu Thử"
SHEET = {"sheet": "Tổng hợp", "title": "BÁO CÁO THEO PHỤ LỤC II", "subtitle": "Tỉnh Mẫu Thử",
         "columns": ["TT", "Nội dung"], "widths": [6, 60], "rows": [[1, "Ủy ban nhân dân huyện Cù Lao"]]}
# what a kind's body gives a template beside its blocks (domain/documents/*.py), with illustrative values
BODY_KEYS: dict[DocumentKind, dict[str, Any]] = {
    DocumentKind.RESULTS_REPORT: {"figures": vars(ResultFigures(units_in_scope=78, on_site=78, joint=4, inspected=78,
                                                                units_with_nonconformities=27, units_reported=27,
                                                                nonconformities=48, verified=0))},
    DocumentKind.INSPECTION_DECISION: {"unit": UNIT},
    DocumentKind.INSPECTION_MINUTES: {"unit": UNIT, "nonconformities": 3},
    DocumentKind.FINDINGS_LETTER: {"unit": UNIT, "nonconformities": 3},
    DocumentKind.NON_ACCEPTANCE_NOTICE: {"unit": UNIT, "nonconformities": 1},
    DocumentKind.MINISTRY_REPORT: {"sheets": [SHEET, {**SHEET, "sheet": "Cơ quan"}]},
}


def sample(kind: DocumentKind) -> Document:
    """The sample ``kind`` is checked with: every key its real document's body gives a template."""
    made = SAMPLES.get(kind, generic)(kind)
    return replace(made, body={**made.body, **BODY_KEYS.get(kind, {})})
