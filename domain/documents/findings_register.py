"""Sổ theo dõi điểm không phù hợp: every nonconformity of a programme with its unit, check item, dates, deadline
and status, as it stands on a day — a table to filter (XLSX), not a paper to sign, so it has no Decree 30 frame."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.collation import vietnamese_sort_key
from isotrail.domain.documents.document import Document, DocumentKind, file_stem
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.vietnamese_dates import short_date

STATUS_VI = {
    NonconformityStatus.OPEN: "Chưa khắc phục",
    NonconformityStatus.REPORTED: "Đã báo cáo khắc phục",
    NonconformityStatus.NOT_ACCEPTED: "Không chấp nhận hành động khắc phục",
    NonconformityStatus.VERIFIED: "Đã xác nhận hiệu quả",
    NonconformityStatus.WITHDRAWN: "Đã rút",
    NonconformityStatus.CARRIED_OVER: "Chuyển kỳ sau",
}
# (header, width in characters): the register's columns, in order
COLUMNS = (("TT", 5), ("Cơ quan được kiểm tra", 40), ("Điều khoản", 11), ("Nội dung kiểm tra", 40),
           ("Điểm không phù hợp", 60), ("Ngày phát hiện", 13), ("Hạn báo cáo khắc phục", 13),
           ("Báo cáo khắc phục gần nhất", 13), ("Số báo cáo đã nhận", 10), ("Số lần không chấp nhận", 10),
           ("Ngày kết thúc", 13), ("Trạng thái", 24), ("Quá hạn", 9))


@dataclass(frozen=True)
class FindingRecord:
    """A nonconformity as the records hold it, its unit by name (read by projections/document_sources.py)."""

    unit_name: str
    item_code: str
    description: str
    raised_on: date
    status: NonconformityStatus
    report_due_on: date | None
    last_report_on: date | None
    reports_received: int
    not_accepted_count: int
    closed_on: date | None


@dataclass(frozen=True)
class ProgrammeHeading:
    """The programme a register belongs to, as its heading names it."""

    programme_id: UUID
    year: int
    plan_number: str
    plan_date: date


def findings_register(programme: ProgrammeHeading, findings: list[FindingRecord], catalogue: Catalogue,
                      as_of: date) -> Document:
    """The register on ``as_of``: rows by unit (Vietnamese order), then by date raised; a nonconformity awaiting a
    report whose deadline passed before ``as_of`` is overdue."""
    ordered = sorted(findings, key=lambda f: (vietnamese_sort_key(f.unit_name), f.raised_on, f.item_code))
    rows = [[i, f.unit_name, f.item_code, _title(catalogue, f.item_code), f.description, f.raised_on,
             f.report_due_on, f.last_report_on, f.reports_received, f.not_accepted_count, f.closed_on,
             STATUS_VI[f.status],
             "Có" if f.status.awaits_report and f.report_due_on and f.report_due_on < as_of else "Không"]
            for i, f in enumerate(ordered, start=1)]
    return Document(DocumentKind.FINDINGS_REGISTER, file_stem("so-theo-doi", programme.plan_number), as_of, None, {
        "title": "SỔ THEO DÕI ĐIỂM KHÔNG PHÙ HỢP",
        "subtitle": f"Kế hoạch kiểm tra số {programme.plan_number} ngày {short_date(programme.plan_date)} "
                    f"(năm {programme.year}); tính đến ngày {short_date(as_of)}",
        "columns": [name for name, _ in COLUMNS],
        "widths": [width for _, width in COLUMNS],
        "rows": rows,
    })


def _title(catalogue: Catalogue, item_code: str) -> str:
    item = catalogue.items.get(item_code)
    return item.title_vi if item else ""
