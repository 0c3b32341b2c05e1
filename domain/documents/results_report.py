"""Báo cáo kết quả kiểm tra: the November report to the People's Committee (Circular 26/2014 Art. 38.1) — the
seed article's content as a document. Its figures are the compilation's, counted when it was recorded (scope x/y,
units with nonconformities, reports received), never typed; the common weaknesses by clause (a table and a chart),
the units' recommendations compiled and the proposals are read as they stood on the compilation's date."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.documents.blocks import Column, bar_chart, heading, item, paragraph, table
from isotrail.domain.documents.document import Document, DocumentKind, file_stem
from isotrail.domain.documents.errors import DocumentNotAvailableError
from isotrail.domain.documents.findings_register import FindingRecord
from isotrail.domain.documents.form import Frame, Signature
from isotrail.domain.documents.inspection_file import PlanReference, item_reference
from isotrail.domain.documents.issuers import department, people_committee, province_of
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.result_figures import ResultFigures

REPORT_VI, REPORT_EN = "Báo cáo kết quả kiểm tra", "report of the inspection results"
FIGURE_COLUMNS = (Column("TT", 8, "center"), Column("Nội dung", 62), Column("Kết quả", 30, "center"))
WEAKNESS_COLUMNS = (Column("TT", 7, "center"), Column("Điều khoản", 15, "center"), Column("Yêu cầu", 48),
                    Column("Số cơ quan", 15, "center"), Column("Số điểm", 15, "center"))


@dataclass(frozen=True)
class Compilation:
    """Art. 38.1's record: number, date, signer, the figures counted on its date, its assessment and proposals."""

    number: str
    compiled_on: date
    signer: str
    figures: ResultFigures
    assessment: str | None
    proposals: tuple[str, ...]


@dataclass(frozen=True)
class Weakness:
    """Units and nonconformities under one check item (a clause, or an article's item)."""

    item_code: str
    title: str
    units: int
    nonconformities: int


@dataclass(frozen=True)
class ResultsRecord:
    """What the November report prints (read by projections/report_documents.py)."""

    programme_id: UUID
    year: int
    plan: PlanReference
    compilation: Compilation | None
    weaknesses: tuple[Weakness, ...]
    recommendations: tuple[tuple[str, int], ...]  # each text the units gave, with how many units gave it


def weaknesses_on(findings: Iterable[FindingRecord], catalogue: Catalogue, day: date) -> tuple[Weakness, ...]:
    """The nonconformities standing on ``day`` (raised by then, not withdrawn by then) by check item, the most
    widespread first, then in the catalogue's order."""
    units: dict[str, set[str]] = {}
    counted: Counter[str] = Counter()
    for finding in findings:
        withdrawn = (finding.status is NonconformityStatus.WITHDRAWN and finding.closed_on is not None
                     and finding.closed_on <= day)
        if finding.raised_on <= day and not withdrawn:
            units.setdefault(finding.item_code, set()).add(finding.unit_name)
            counted[finding.item_code] += 1
    order = {code: index for index, code in enumerate(catalogue.items)}
    codes = sorted(units, key=lambda code: (-len(units[code]), order.get(code, len(order))))
    return tuple(Weakness(code, catalogue.items[code].title_vi if code in catalogue.items else code,
                          len(units[code]), counted[code]) for code in codes)


def results_report(record: ResultsRecord, tenant_name: str) -> Document:
    """The report as compiled; refused while the year's results are not compiled (Art. 38.1)."""
    compilation = record.compilation
    if compilation is None:
        raise DocumentNotAvailableError(
            document_vi=REPORT_VI, document_en=REPORT_EN,
            missing_vi=f"chưa tổng hợp kết quả kiểm tra năm {record.year} (Điều 38.1 Thông tư số 26/2014/TT-BKHCN)",
            missing_en=f"the {record.year} results are not compiled yet (Art. 38.1)", programme_id=record.programme_id)
    level, province = province_of(tenant_name)
    frame = Frame(issuer=department(tenant_name), number=compilation.number, issued_on=compilation.compiled_on,
                  kind_title="Báo cáo",
                  subject=f"Kết quả kiểm tra việc áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo "
                          f"{record.plan.standard} tại các cơ quan hành chính nhà nước {level} {province} năm "
                          f"{record.year}",
                  recipients=(f"{people_committee(tenant_name).name} (để báo cáo)",
                              "Bộ Khoa học và Công nghệ (để báo cáo)", "Lưu: VT"),
                  signature=Signature(position="Giám đốc", name=compilation.signer))
    return Document(DocumentKind.RESULTS_REPORT, file_stem("bao-cao", compilation.number), compilation.compiled_on,
                    frame, {"blocks": _blocks(record, compilation), "figures": vars(compilation.figures)})


def counted(n: int) -> str:
    """A count as the province's papers write it: two digits below ten ("04 đơn vị")."""
    return f"{n:02d}"


def _blocks(record: ResultsRecord, compilation: Compilation) -> list[dict[str, Any]]:
    f = compilation.figures
    dossier = f.units_in_scope - f.on_site
    scope = (f"Kế hoạch kiểm tra {counted(f.units_in_scope)} cơ quan, trong đó {counted(f.on_site)} cơ quan kiểm tra "
             "tại trụ sở" + (f", {counted(dossier)} cơ quan kiểm tra qua hồ sơ, báo cáo" if dossier else "")
             + (f"; {counted(f.joint)} cơ quan kiểm tra lồng ghép với Đoàn kiểm tra cải cách hành chính" if f.joint
                else "") + ".")
    figures = [["1", "Cơ quan trong Kế hoạch kiểm tra", str(f.units_in_scope)],
               ["2", "Cơ quan đã được kiểm tra", f"{f.inspected}/{f.units_in_scope}"],
               ["3", "Cơ quan có điểm không phù hợp", f"{f.units_with_nonconformities}/{f.inspected}"],
               ["4", "Điểm không phù hợp", str(f.nonconformities)],
               ["5", "Cơ quan đã gửi báo cáo khắc phục", f"{f.units_reported}/{f.units_with_nonconformities}"],
               ["6", "Điểm không phù hợp đã xác nhận khắc phục", f"{f.verified}/{f.nonconformities}"]]
    blocks = [
        paragraph(f"Thực hiện {record.plan.cited()}, Sở Khoa học và Công nghệ báo cáo kết quả kiểm tra việc xây "
                  f"dựng, áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng năm {record.year} như sau:"),
        heading("I. TÌNH HÌNH THỰC HIỆN"),
        paragraph(scope),
        paragraph(f"Đoàn kiểm tra đã kiểm tra {f.inspected}/{f.units_in_scope} cơ quan theo Kế hoạch: việc xây dựng, "
                  f"áp dụng, duy trì, cải tiến hệ thống quản lý chất lượng theo {record.plan.standard} và việc tuân "
                  "thủ các quy định tại Quyết định số 19/2014/QĐ-TTg."),
        heading("II. KẾT QUẢ KIỂM TRA"),
        paragraph(f"1. Đoàn kiểm tra đã đề nghị {f.units_with_nonconformities}/{f.inspected} cơ quan khắc phục "
                  f"{f.nonconformities} điểm không phù hợp; {f.units_reported}/{f.units_with_nonconformities} cơ quan "
                  "đã gửi báo cáo khắc phục."),
        table(FIGURE_COLUMNS, figures),
    ]
    if record.weaknesses:
        blocks += [
            paragraph("2. Những điểm còn yếu phổ biến, theo điều khoản:"),
            table(WEAKNESS_COLUMNS, [[str(i), item_reference(w.item_code), w.title, str(w.units),
                                      str(w.nonconformities)] for i, w in enumerate(record.weaknesses, start=1)]),
            bar_chart("Số cơ quan có điểm không phù hợp theo điều khoản",
                      [(f"{item_reference(w.item_code)} {w.title}", w.units) for w in record.weaknesses], "cơ quan"),
        ]
    else:
        blocks.append(paragraph("2. Đoàn kiểm tra không phát hiện điểm không phù hợp."))
    blocks.append(heading("III. ĐÁNH GIÁ CHUNG"))
    blocks += [paragraph(line) for line in (compilation.assessment or "").splitlines() if line.strip()] or [
        paragraph("Các cơ quan được kiểm tra đã duy trì và cải tiến hệ thống quản lý chất lượng theo quy định.")]
    blocks += [heading("IV. KIẾN NGHỊ CỦA CÁC CƠ QUAN ĐƯỢC KIỂM TRA"),
               *([item(f"{text.rstrip('.')} ({counted(units)} cơ quan).") for text, units in record.recommendations]
                 or [paragraph("Các cơ quan được kiểm tra không có kiến nghị.")]),
               heading("V. ĐỀ XUẤT"),
               *([item(text) for text in compilation.proposals]
                 or [paragraph("Sở Khoa học và Công nghệ không có đề xuất khác.")])]
    return blocks
