"""Kế hoạch kiểm tra (Mẫu 19, Circular 26/2014 Art. 34): the year's plan as the People's Committee issues it —
its bases, the units with the form each is inspected in, the joint team, the time, the inspecting and partner
units, the team and the budget — as the blocks the shared layout prints (blocks.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from isotrail.domain.collation import vietnamese_sort_key
from isotrail.domain.documents.blocks import Column, heading, item, paragraph, table
from isotrail.domain.documents.document import Document, DocumentKind, file_stem
from isotrail.domain.documents.errors import DocumentNotAvailableError
from isotrail.domain.documents.form import Frame, Issuer
from isotrail.domain.documents.issuers import people_committee, province_of, signature_of
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.vietnamese_dates import long_date, short_date

FORM_VI = {InspectionForm.ON_SITE: "Tại trụ sở", InspectionForm.DOSSIER: "Qua hồ sơ, báo cáo"}
RECIPIENTS = ("Bộ Khoa học và Công nghệ (để báo cáo)", "Sở Khoa học và Công nghệ (thực hiện)",
              "Các cơ quan có tên trong Kế hoạch", "Lưu: VT")
COLUMNS = (Column("TT", 7, "center"), Column("Cơ quan được kiểm tra", 39), Column("Hình thức kiểm tra", 16, "center"),
           Column("Thời gian kiểm tra", 15, "center"), Column("Đơn vị phối hợp", 23))


@dataclass(frozen=True)
class PlannedUnit:
    """A row of the plan's table: the unit by its name on the plan's date, how and when it is inspected."""

    name: str
    form: InspectionForm
    joint_team: str | None
    scheduled_on: date | None


@dataclass(frozen=True)
class PlannedMember:
    """A member of the inspection team as the plan names them."""

    name: str
    position: str
    organisation: str


@dataclass(frozen=True)
class PlanRecord:
    """What the records hold of a yearly plan (read by projections/document_sources.py)."""

    programme_id: UUID
    year: int
    title: str
    plan_number: str
    plan_date: date
    status: ProgrammeStatus
    standard: str
    legal_basis: tuple[str, ...]
    organiser: str
    approved_by: str | None
    starts_on: date | None
    ends_on: date | None
    budget_vnd: int | None
    budget_source: str | None
    partner_unit: str | None
    team: tuple[PlannedMember, ...]
    units: tuple[PlannedUnit, ...]


def inspection_plan(plan: PlanRecord, tenant_name: str) -> Document:
    """The plan's Mẫu 19, as issued on its date by the People's Committee that approved it; raises
    :class:`DocumentNotAvailableError` for a plan not approved yet (it has no number or date to print)."""
    if plan.status is ProgrammeStatus.DRAFT:
        raise DocumentNotAvailableError(
            document_vi="Kế hoạch kiểm tra (Mẫu 19)", document_en="inspection plan (Mẫu 19)",
            missing_vi=f"kế hoạch kiểm tra năm {plan.year} chưa được phê duyệt",
            missing_en=f"the {plan.year} inspection plan is not approved yet", programme_id=plan.programme_id)
    issuer = (Issuer(name=plan.approved_by, parent=None, place=province_of(tenant_name)[1]) if plan.approved_by
              else people_committee(tenant_name))
    frame = Frame(issuer=issuer, number=plan.plan_number, issued_on=plan.plan_date, kind_title="Kế hoạch",
                  subject=plan.title, recipients=RECIPIENTS, signature=signature_of(issuer))
    return Document(DocumentKind.INSPECTION_PLAN, file_stem("ke-hoach", plan.plan_number), plan.plan_date, frame,
                    {"blocks": _blocks(plan), "units": len(plan.units)})


def _blocks(plan: PlanRecord) -> list[dict[str, Any]]:
    units = sorted(plan.units, key=lambda u: (u.scheduled_on or date.max, vietnamese_sort_key(u.name)))
    on_site = sum(u.form is InspectionForm.ON_SITE for u in units)
    dossier = len(units) - on_site
    joint_teams = sorted({u.joint_team for u in units if u.joint_team}, key=vietnamese_sort_key)
    joint = sum(u.joint_team is not None for u in units)
    scope = (f"1. Đối tượng: {len(units)} cơ quan có tên tại bảng dưới đây, trong đó {on_site} cơ quan kiểm tra tại "
             "trụ sở" + (f", {dossier} cơ quan kiểm tra qua hồ sơ, báo cáo" if dossier else "")
             + (f"; {joint} cơ quan kiểm tra lồng ghép với {'; '.join(joint_teams)}" if joint else "") + ".")
    window = (f"từ {long_date(plan.starts_on)} đến {long_date(plan.ends_on)}" if plan.starts_on and plan.ends_on
              else "theo lịch tại bảng dưới đây")
    budget = (f"Kinh phí thực hiện: {amount_vnd(plan.budget_vnd)}"
              + (f", từ {plan.budget_source}" if plan.budget_source else "") + "." if plan.budget_vnd is not None
              else "Kinh phí thực hiện theo dự toán được cấp có thẩm quyền phê duyệt.")
    return [
        *(paragraph(f"Căn cứ {basis};") for basis in plan.legal_basis),
        paragraph("Ủy ban nhân dân ban hành Kế hoạch kiểm tra việc áp dụng, duy trì và cải tiến hệ thống quản lý chất "
                  f"lượng theo {plan.standard} tại các cơ quan hành chính nhà nước năm {plan.year} như sau:"),
        heading("I. MỤC ĐÍCH, YÊU CẦU"),
        paragraph("Đánh giá việc xây dựng, áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng và việc thực hiện "
                  "Quyết định số 19/2014/QĐ-TTg tại các cơ quan; kịp thời phát hiện và yêu cầu khắc phục các điểm "
                  "không phù hợp. Việc kiểm tra bảo đảm khách quan, đúng nội dung tại Điều 36 Thông tư số "
                  "26/2014/TT-BKHCN, không gây cản trở hoạt động của cơ quan được kiểm tra."),
        heading("II. ĐỐI TƯỢNG, HÌNH THỨC VÀ THỜI GIAN KIỂM TRA"),
        paragraph(scope),
        paragraph(f"2. Thời gian: {window}."),
        paragraph(f"3. Đơn vị kiểm tra: {plan.organiser}"
                  + (f"; đơn vị phối hợp: {plan.partner_unit}" if plan.partner_unit else "") + "."),
        table(COLUMNS, [[str(i), u.name, FORM_VI[u.form], short_date(u.scheduled_on) if u.scheduled_on else "",
                         u.joint_team or plan.partner_unit or ""] for i, u in enumerate(units, start=1)]),
        heading("III. ĐOÀN KIỂM TRA"),
        *(item(f"{m.name}, {m.organisation}: {m.position}.") for m in plan.team),
        heading("IV. KINH PHÍ"),
        paragraph(budget),
        heading("V. TỔ CHỨC THỰC HIỆN"),
        paragraph("Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan liên quan tổ chức thực hiện Kế hoạch "
                  f"này; tổng hợp kết quả kiểm tra, báo cáo Ủy ban nhân dân tỉnh trong tháng 11 năm {plan.year}. "
                  "Các cơ quan có tên trong Kế hoạch chuẩn bị hồ sơ, báo cáo và bố trí làm việc với Đoàn kiểm tra "
                  "theo lịch."),
    ]


def amount_vnd(amount: int) -> str:
    """An amount in đồng as Vietnamese papers write it: "50.000.000 đồng"."""
    return f"{amount:,} đồng".replace(",", ".")
