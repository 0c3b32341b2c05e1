"""Phụ lục II: the December report a province sends the Ministry of Science and Technology (Decision 19/2014/QĐ-TTg
Art. 12), and the Ministry's workbook of every province's. A province's report is its closing report (number, date,
signer, summary, proposals as recorded) around the form's table: one summary row — the same row, from the same
read (the programme summary), that the Ministry's workbook holds for it — and a row per agency of its plan. As
DOCX and PDF to sign, and as XLSX (a sheet per table); the Ministry's is the summary rows of every province, XLSX.

The columns are what the records can fill: the plan's scope and forms, the inspections conducted, the units with
nonconformities, the corrective-action reports, the announcement of each agency's QMS.

UNVERIFIED against the real form: the headers, their order and units of SUMMARY and UNITS below. What is verified
(the Pháp điển's text of Decision 19/2014 Art. 12.6, Điều 19.8.QĐ.3.12, and of Circular 26/2014's duty of the
DOST's unit to compile it, Điều 19.8.TT.6.42.4): every December, or when asked, the province reports to the
Ministry "tình hình xây dựng và áp dụng Hệ thống quản lý chất lượng tại các cơ quan, đơn vị thuộc Bộ, ngành, địa
phương" on the form of Phụ lục II. The form itself is a Word attachment of the Decision ("Mẫu báo cáo tình hình xây
dựng và áp dụng hệ thống QLCL") that no source reachable here reproduces; it is about building and applying the
QMS, so it may well ask for counts this table lacks (agencies that built, applied, announced) and lack the
inspection figures it has. Align the tables with the attachment once it is at hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from isotrail.domain.collation import vietnamese_sort_key
from isotrail.domain.documents.blocks import Column, heading, item, paragraph, table
from isotrail.domain.documents.document import Document, DocumentKind, file_stem
from isotrail.domain.documents.errors import DocumentNotAvailableError
from isotrail.domain.documents.form import Frame, Signature
from isotrail.domain.documents.inspection_file import PlanReference
from isotrail.domain.documents.inspection_plan import FORM_VI
from isotrail.domain.documents.issuers import department, people_committee, province_of
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.vietnamese_dates import short_date

ANNEX = "Phụ lục II Quyết định số 19/2014/QĐ-TTg"
REPORT_VI, REPORT_EN = "Báo cáo theo Phụ lục II", "Phụ lục II report"
STATUS_VI = {ProgrammeStatus.DRAFT: "Dự thảo kế hoạch", ProgrammeStatus.APPROVED: "Chưa báo cáo năm",
             ProgrammeStatus.REPORTED: "Đã báo cáo năm"}
# (header, width in characters, the summary's column it shows; None: computed)
SUMMARY = (("TT", 5, None), ("Tỉnh, thành phố", 26, None), ("Kế hoạch kiểm tra", 14, "plan_number"),
           ("Cơ quan trong kế hoạch", 11, "units_in_scope"), ("Kiểm tra tại trụ sở", 10, "on_site"),
           ("Kiểm tra qua hồ sơ", 10, "dossier"), ("Kiểm tra lồng ghép", 10, "joint"),
           ("Đã kiểm tra", 10, "inspected"), ("Cơ quan có điểm không phù hợp", 12, "units_with_nonconformities"),
           ("Cơ quan đã gửi báo cáo khắc phục", 12, "units_reported"), ("Điểm không phù hợp", 11, "nonconformities"),
           ("Đã xác nhận khắc phục", 11, "verified"), ("Quá hạn báo cáo khắc phục", 11, "overdue"),
           ("Tình trạng", 16, None))
UNITS = (("TT", 5), ("Cơ quan", 42), ("Hình thức kiểm tra", 16), ("Ngày kiểm tra", 12),
         ("Điểm không phù hợp", 11), ("Đã gửi báo cáo khắc phục", 12), ("Ngày công bố HTQLCL", 12))
# the same tables as blocks, their widths in % of the text width (A4 portrait: the province's tables are narrow)
SUMMARY_BLOCK = (Column("Nội dung", 70), Column("Số lượng", 30, "center"))
UNITS_BLOCK = (Column("TT", 7, "center"), Column("Cơ quan", 39), Column("Hình thức", 16, "center"),
               Column("Ngày kiểm tra", 14, "center"), Column("Số điểm KPH", 11, "center"),
               Column("Báo cáo khắc phục", 13, "center"))


@dataclass(frozen=True)
class AgencyLine:
    """An agency of the plan as the form's row gives it."""

    name: str
    form: InspectionForm
    inspected_on: date | None
    nonconformities: int
    reported: bool | None  # None: nothing to report
    qms_announced_on: date | None


@dataclass(frozen=True)
class ClosingReport:
    """The closing report as recorded (Decision 19 Art. 12), and the figures it sends."""

    programme_id: UUID
    year: int
    status: ProgrammeStatus
    plan: PlanReference
    number: str | None
    reported_on: date | None
    signer: str | None
    summary: str | None
    proposals: tuple[str, ...]
    figures: Mapping[str, Any]  # the programme summary's row (rm_programme_summary), as the national read has it
    agencies: tuple[AgencyLine, ...]


def province_name(tenant_name: str) -> str:
    """"Tỉnh Sóc Trăng", "Thành phố Cần Thơ" from a tenant's display name."""
    level, name = province_of(tenant_name)
    return f"{level.capitalize()} {name}"


def summary_row(index: int, tenant_name: str, figures: Mapping[str, Any], maker: str | None = None) -> list[Any]:
    """A province's row of the form's summary table: the same for its own report and the Ministry's workbook, where
    a programme made by another tenant than the province's (``maker``, a predecessor's display name) names it."""
    province = province_name(tenant_name)
    if maker is not None and maker != tenant_name:
        province = f"{province} (kế hoạch của {maker})"
    row: list[Any] = [index, province]
    row += [figures[column] for _, _, column in SUMMARY[2:-1]]
    return [*row, STATUS_VI[ProgrammeStatus(figures["status"])]]


def ministry_report(report: ClosingReport, tenant_name: str) -> Document:
    """The province's Phụ lục II as sent on its date; refused before the year's closing report is made."""
    if report.status is not ProgrammeStatus.REPORTED or report.reported_on is None:
        raise DocumentNotAvailableError(
            document_vi=REPORT_VI, document_en=REPORT_EN,
            missing_vi=f"kế hoạch kiểm tra năm {report.year} chưa có báo cáo kết quả năm (Điều 12 Quyết định số "
                       "19/2014/QĐ-TTg)",
            missing_en=f"the {report.year} programme has no closing report yet (Decision 19/2014 Art. 12)",
            programme_id=report.programme_id)
    frame = Frame(issuer=department(tenant_name), number=report.number, issued_on=report.reported_on,
                  kind_title="Báo cáo",
                  subject=f"Tình hình áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo "
                          f"{report.plan.standard} năm {report.year} (theo {ANNEX})",
                  recipients=("Bộ Khoa học và Công nghệ", f"{people_committee(tenant_name).name} (để báo cáo)",
                              "Lưu: VT"),
                  signature=Signature(position="Giám đốc", name=report.signer))
    row = summary_row(1, tenant_name, report.figures)
    units = _agency_rows(report.agencies)
    sheets = [{"sheet": "Tổng hợp", "title": f"BÁO CÁO THEO {ANNEX.upper()} NĂM {report.year}",
               "subtitle": f"{province_name(tenant_name)}; báo cáo số {report.number} ngày "
                           f"{short_date(report.reported_on)}",
               "columns": [name for name, _, _ in SUMMARY], "widths": [width for _, width, _ in SUMMARY],
               "rows": [row]},
              {"sheet": "Cơ quan", "title": f"DANH SÁCH CƠ QUAN TRONG KẾ HOẠCH KIỂM TRA NĂM {report.year}",
               "subtitle": f"Kế hoạch số {report.plan.number} ngày {short_date(report.plan.dated)}",
               "columns": [name for name, _ in UNITS], "widths": [width for _, width in UNITS], "rows": units}]
    blocks = [
        paragraph(f"Thực hiện Điều 12 Quyết định số 19/2014/QĐ-TTg, Sở Khoa học và Công nghệ báo cáo tình hình áp "
                  f"dụng, duy trì và cải tiến hệ thống quản lý chất lượng năm {report.year} như sau:"),
        heading("I. KẾT QUẢ KIỂM TRA"),
        *(paragraph(line) for line in (report.summary or "").splitlines() if line.strip()),
        table(SUMMARY_BLOCK, [[name, str(value)] for (name, _, _), value in zip(SUMMARY[2:], row[2:], strict=True)]),
        heading("II. CÁC CƠ QUAN TRONG KẾ HOẠCH KIỂM TRA"),
        table(UNITS_BLOCK, [[str(r[0]), r[1], r[2], short_date(r[3]) if r[3] else "", str(r[4]), r[5]]
                            for r in units]),
        heading("III. KIẾN NGHỊ, ĐỀ XUẤT"),
        *([item(text) for text in report.proposals] or [paragraph("Không có kiến nghị, đề xuất.")]),
    ]
    return Document(DocumentKind.MINISTRY_REPORT, file_stem("phu-luc-ii", report.number or str(report.year)),
                    report.reported_on, frame, {"blocks": blocks, "sheets": sheets})


def _agency_rows(agencies: Sequence[AgencyLine]) -> list[list[Any]]:
    ordered = sorted(agencies, key=lambda a: vietnamese_sort_key(a.name))
    return [[i, a.name, FORM_VI[a.form], a.inspected_on, a.nonconformities,
             "" if a.reported is None else "Đã gửi" if a.reported else "Chưa gửi", a.qms_announced_on]
            for i, a in enumerate(ordered, start=1)]


def national_report(year: int, provinces: Sequence[tuple[str, Sequence[tuple[str, Mapping[str, Any]]]]],
                    as_of: date, map_day: date) -> Document:
    """The Ministry's workbook: every province's summary rows of ``year`` with the country's totals below.

    ``provinces``: each province of the year's map (services/province_map.py) with a programme that year, as (its
    tenant's display name, its rows as (the display name of the tenant that made the programme, programme
    summary)), by province in Vietnamese order, each province's rows in the order given; a row made by another
    tenant than the province's (Sóc Trăng's 2025 programme, made before its merger into Cần Thơ) names its maker.
    ``map_day``: the day whose map it follows (31 December of the year). The count of provinces is the map's, not
    the rows' (Cần Thơ has two rows in 2025, and is one province)."""
    reporting = sorted(((name, rows) for name, rows in provinces if rows),
                       key=lambda p: vietnamese_sort_key(province_name(p[0])))
    lines = [(name, maker, figures) for name, rows in reporting for maker, figures in rows]
    rows = [summary_row(i, name, figures, maker) for i, (name, maker, figures) in enumerate(lines, start=1)]
    totals = ["", "Cả nước", f"{len(reporting)} tỉnh, thành phố",
              *(sum(row[i] for row in rows) for i in range(3, len(SUMMARY) - 1)), ""]
    return Document(DocumentKind.NATIONAL_REPORT, file_stem("phu-luc-ii-toan-quoc", str(year)), as_of, None, {
        "sheet": "Phụ lục II", "title": f"TỔNG HỢP BÁO CÁO THEO {ANNEX.upper()} NĂM {year}",
        "subtitle": f"Các tỉnh, thành phố theo địa giới hành chính ngày {short_date(map_day)}; số liệu "
                    f"tính đến ngày {short_date(as_of)}",
        "columns": [name for name, _, _ in SUMMARY], "widths": [width for _, width, _ in SUMMARY],
        "rows": [*rows, totals]})
