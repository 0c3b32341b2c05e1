"""The reports a programme gives of its results (Circular 26/2014 Art. 38) — the November compilation for the
DOST's director and the provincial People's Committee (38.1) and the immediate reports when needed (38.2) —
and the guards of a programme's stages: the base that :class:`~isotrail.domain.programme.Programme` extends,
so that the aggregate's module keeps its plan and its closing report.

Three reports, told apart:

- the compilation (tổng hợp kết quả kiểm tra, báo cáo UBND tỉnh; Art. 38.1), once, in November: its figures
  are counted from the programme and its inspections (``result_figures``), not typed;
- an immediate report (báo cáo đột xuất; Art. 38.2), zero or more, to whoever asked for it;
- the year's closing report (``Programme.report_results``): the December report Decision 19/2014 Art. 12
  sends to the Ministry on its Phụ lục II; it closes the programme.

Its events are registered on the aggregate by inheritance: their topics name this module and this class
(``isotrail.domain.programme_records:ProgrammeRecords.<Event>``), the stored contract of the events recorded
here; the read side knows them as ``Programme.<Event>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.input_errors import DatesOutOfOrderError
from isotrail.domain.inspection_decision import document_number
from isotrail.domain.programme_errors import (
    ProgrammeAlreadyReportedError,
    ProgrammeNotApprovedError,
    ProgrammeNotDraftError,
    ResultsAlreadyCompiledError,
)
from isotrail.domain.programme_values import ProgrammeStatus
from isotrail.domain.result_figures import ResultFigures, result_figures
from isotrail.domain.text import clean_optional_text, clean_text

if TYPE_CHECKING:
    from isotrail.domain.inspection import Inspection


class ProgrammeRecords(IsotrailAggregate):
    """A programme's Art. 38 reports and the guards its commands share."""

    compilation_number: str | None = None  # Art. 38.1's; snapshots taken before it was recorded have none
    compiled_on: date | None = None

    class ResultsCompiled(IsotrailAggregate.Event):
        compilation_number: str
        signer: str
        figures: ResultFigures
        assessment: str | None
        proposals: list[str]

    class ImmediateReportSent(IsotrailAggregate.Event):
        report_number: str
        signer: str
        recipient: str
        subject: str
        reason: str

    def compile_results(
        self, *, compilation_number: str, signer: str, inspections: Iterable[Inspection], occurred_on: date,
        assessment: str | None = None, proposals: Iterable[str] = (),
    ) -> None:
        """Tổng hợp kết quả kiểm tra (Art. 38.1): the year's results compiled once, in November, for the DOST's
        director and the provincial People's Committee, with the figures ``inspections`` (the programme's)
        give on its date; before the closing report, on or after the approval."""
        self._require_approved()
        if self.compiled_on is not None:
            raise ResultsAlreadyCompiledError(compilation_number=self.compilation_number,
                                              compiled_on=self.compiled_on.strftime("%d/%m/%Y"))
        self._require_after_approval(occurred_on)
        self._results_compiled(
            compilation_number=document_number(compilation_number, "compilation_number"),
            signer=clean_text(signer, "signer", max_length=200),
            figures=result_figures(self.id, self.scope, inspections, occurred_on),
            assessment=clean_optional_text(assessment, "assessment", max_length=20000, multiline=True),
            proposals=[clean_text(proposal, "proposals", multiline=True) for proposal in proposals],
            occurred_on=occurred_on)

    @event(ResultsCompiled)
    def _results_compiled(self, compilation_number: str, signer: str, figures: ResultFigures,
                          assessment: str | None, proposals: list[str], occurred_on: date) -> None:
        self.compilation_number = compilation_number
        self.compiled_on = occurred_on

    def send_immediate_report(
        self, *, report_number: str, signer: str, recipient: str, subject: str, reason: str, occurred_on: date,
    ) -> None:
        """Báo cáo đột xuất (Art. 38.2): a report on the programme's inspections when one is needed, to whoever
        needs it, as often as needed; on or after the approval, before or after the closing report."""
        if self.status is ProgrammeStatus.DRAFT:
            raise ProgrammeNotApprovedError(programme_id=self.id)
        self._require_after_approval(occurred_on)
        self._immediate_report_sent(
            report_number=document_number(report_number, "report_number"),
            signer=clean_text(signer, "signer", max_length=200),
            recipient=clean_text(recipient, "recipient", max_length=300),
            subject=clean_text(subject, "subject", max_length=500),
            reason=clean_text(reason, "reason", multiline=True), occurred_on=occurred_on)

    @event(ImmediateReportSent)
    def _immediate_report_sent(self, report_number: str, signer: str, recipient: str, subject: str, reason: str,
                               occurred_on: date) -> None:
        pass  # a record: no rule reads it

    # Guards -----------------------------------------------------------------------------------

    def _require_after_approval(self, day: date) -> None:
        if self.approved_on is not None and day < self.approved_on:
            raise DatesOutOfOrderError(earlier_name="approved_on", earlier=self.approved_on,
                                       later_name="occurred_on", later=day)

    def _require_draft(self) -> None:
        if self.status is not ProgrammeStatus.DRAFT:
            raise ProgrammeNotDraftError(programme_id=self.id)

    def _require_approved(self) -> None:
        if self.status is not ProgrammeStatus.APPROVED:
            if self.status is ProgrammeStatus.REPORTED:
                raise ProgrammeAlreadyReportedError(programme_id=self.id)
            raise ProgrammeNotApprovedError(programme_id=self.id)
