"""Commands on a programme's Art. 38 reports (Circular 26/2014): the November compilation of the year's results
for the DOST's director and the provincial People's Committee (38.1) and the immediate reports when needed
(38.2); and their handlers. The year's closing report is ``ReportProgrammeResults`` (programme.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.described import described
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.services.commands.base import Command, changes
from isotrail.services.commands.programme import PROGRAMME_ID

NUMBER = "as on the paper (\"{example}\"), spaces around / and - dropped; 1–100 characters."
SIGNER = "Người ký (who signed it, with their title: \"Giám đốc Sở Khoa học và Công nghệ\"); 1–200 characters."


@dataclass(frozen=True, kw_only=True)
class CompileProgrammeResults(Command):
    """Compile the year's results in November for the DOST director and People's Committee (Art. 38.1)."""

    programme_id: UUID = described(PROGRAMME_ID + " Approved (PROGRAMME_NOT_APPROVED), not yet closed by the year's "
                                   "report (PROGRAMME_ALREADY_REPORTED), compiled once (RESULTS_ALREADY_COMPILED).")
    compilation_number: str = described("Số/ký hiệu of the report (báo cáo tổng hợp kết quả kiểm tra), "
                                        + NUMBER.format(example="125/BC-SKHCN"))
    signer: str = described(SIGNER)
    assessment: str | None = described(
        "Đánh giá chung (what the report says of the year beyond its figures: common weaknesses, …); 1–20,000 "
        "characters, line breaks allowed. Null or blank: none. Its figures are counted, not given.", default=None)
    proposals: list[str] = described("Đề xuất, kiến nghị (its proposals to the People's Committee), one text each, "
                                     "1–2,000 characters; may be empty.")
    occurred_on: date = described("Ngày báo cáo (the report's date; Art. 38.1: November); not before the approval "
                                  "(DATES_OUT_OF_ORDER). Its figures count what is dated on or before it.")
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class SendImmediateReport(Command):
    """Send an immediate report on the programme's inspections when one is needed (báo cáo đột xuất, Art. 38.2)."""

    programme_id: UUID = described(PROGRAMME_ID + " Approved or closed (PROGRAMME_NOT_APPROVED for a draft).")
    report_number: str = described("Số/ký hiệu of the report, " + NUMBER.format(example="140/BC-SKHCN"))
    signer: str = described(SIGNER)
    recipient: str = described("Nơi nhận (to whom: \"Ủy ban nhân dân tỉnh Sóc Trăng\", \"Bộ Khoa học và Công "
                               "nghệ\"); 1–300 characters.")
    subject: str = described("Trích yếu (what it reports on); 1–500 characters.")
    reason: str = described("Lý do (what made it needed: the request or event it answers); 1–2,000 characters, "
                            "line breaks allowed.")
    occurred_on: date = described("Ngày báo cáo (the report's date); not before the approval (DATES_OUT_OF_ORDER).")
    expected_version: int | None = None


def _inspections_in_scope(_command: object, programme: Programme) -> list[tuple[type[Inspection], UUID]]:
    """The inspection each unit of the plan has or will have (those stored are consulted)."""
    return [(Inspection, Inspection.create_id(programme.tenant, programme.id, unit_id)) for unit_id in programme.scope]


change = changes(Programme, "programme_id")

HANDLERS = {
    CompileProgrammeResults: change(lambda p, c, *inspections: p.compile_results(
        compilation_number=c.compilation_number, signer=c.signer, inspections=inspections, assessment=c.assessment,
        proposals=c.proposals, occurred_on=c.occurred_on), consults=_inspections_in_scope, consults_stored=True),
    SendImmediateReport: change(lambda p, c: p.send_immediate_report(
        report_number=c.report_number, signer=c.signer, recipient=c.recipient, subject=c.subject, reason=c.reason,
        occurred_on=c.occurred_on)),
}
