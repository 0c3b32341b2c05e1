"""A programme's Art. 38 reports (Circular 26/2014), three distinct records: the November compilation for the
DOST's director and the People's Committee (38.1), with figures counted, not typed; the immediate reports when
needed (38.2); and the year's closing report (Decision 19/2014 Art. 12, December, Phụ lục II)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.programme_errors import (
    ProgrammeAlreadyReportedError,
    ProgrammeNotApprovedError,
    ResultsAlreadyCompiledError,
)
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.result_figures import ResultFigures, result_figures

from .conftest import APPROVED_ON, CONDUCTED_ON, REPORTED_ON, SIGNED_ON, raise_nc, receive, register_of, sign, unit_ids

NOVEMBER = date(2020, 11, 20)
SIGNER = "Giám đốc Sở Khoa học và Công nghệ"


def compile_results(programme: Programme, inspections: list[Inspection], on: date = NOVEMBER,
                    number: str = "125/BC-SKHCN") -> None:
    programme.compile_results(compilation_number=number, signer=SIGNER, inspections=inspections,
                              assessment="Mục tiêu chất lượng chưa đo lường được.",
                              proposals=["Tích hợp HTQLCL với hệ thống một cửa điện tử"], occurred_on=on)


def immediate(programme: Programme, on: date = date(2020, 8, 3), number: str = "140/BC-SKHCN") -> None:
    programme.send_immediate_report(report_number=number, signer=SIGNER, recipient="Ủy ban nhân dân tỉnh Sóc Trăng",
                                    subject="Kết quả kiểm tra Sở Tư pháp",
                                    reason="Theo yêu cầu tại Công văn 1234/UBND-VX", occurred_on=on)


@pytest.fixture
def year(approved: Programme, signed: tuple[Inspection, UUID], dossier: Inspection) -> list[Inspection]:
    """Unit 1 inspected on site, one nonconformity, its report received; unit 2 (dossier) not inspected."""
    inspection, _ = signed
    receive(inspection)
    return [inspection, dossier]


def test_the_november_compilation_counts_its_figures_from_the_programme_and_its_inspections(
    approved: Programme, year: list[Inspection]
) -> None:
    approved.collect_events()
    elsewhere = Programme.draft(tenant="tenant1", code="KH-2019", year=2020, title="Khác", plan_number="1/KH-UBND",
                                plan_date=APPROVED_ON, legal_basis=[], standard="TCVN ISO 9001:2015",
                                catalogue_version=year[0].catalogue_version, organiser="Chi cục",
                                occurred_on=APPROVED_ON)
    elsewhere.add_unit(unit_ids(1)[0], InspectionForm.ON_SITE, occurred_on=APPROVED_ON)
    elsewhere.approve(approved_by="UBND tỉnh", occurred_on=APPROVED_ON, register=register_of(1))
    other = elsewhere.schedule_inspection(unit_ids(1)[0], scheduled_on=CONDUCTED_ON, occurred_on=APPROVED_ON)
    compile_results(approved, [*year, other], number=" 125/BC-SKHCN ")  # another programme's inspection is ignored
    [compiled] = approved.collect_events()
    assert get_topic(type(compiled)) == "isotrail.domain.programme_records:ProgrammeRecords.ResultsCompiled"
    assert (compiled.compilation_number, compiled.signer, compiled.occurred_on) == ("125/BC-SKHCN", SIGNER, NOVEMBER)
    assert compiled.figures == ResultFigures(units_in_scope=2, on_site=1, joint=0, inspected=1,
                                             units_with_nonconformities=1, units_reported=1, nonconformities=1,
                                             verified=0)
    assert compiled.proposals == ["Tích hợp HTQLCL với hệ thống một cửa điện tử"]
    assert (approved.compilation_number, approved.compiled_on) == ("125/BC-SKHCN", NOVEMBER)


def test_the_figures_count_only_what_is_dated_on_or_before_the_compilation(
    approved: Programme, year: list[Inspection], catalogue: Catalogue,
) -> None:
    inspection = year[0]
    assert result_figures(approved.id, approved.scope, year, CONDUCTED_ON).units_reported == 0  # report: 1 Jul
    before = result_figures(approved.id, approved.scope, year, date(2020, 5, 11))
    assert (before.inspected, before.nonconformities, before.units_with_nonconformities) == (0, 0, 0)
    after = result_figures(approved.id, approved.scope, year, REPORTED_ON)
    assert (after.inspected, after.units_with_nonconformities, after.units_reported) == (1, 1, 1)
    [nonconformity_id] = inspection.nonconformities
    inspection.verify_corrective_action(nonconformity_id, occurred_on=date(2020, 9, 1))
    assert result_figures(approved.id, approved.scope, year, date(2020, 8, 31)).verified == 0
    assert result_figures(approved.id, approved.scope, year, date(2020, 9, 1)).verified == 1


def test_a_withdrawn_nonconformity_is_not_counted(approved: Programme, conducted: Inspection,
                                                  catalogue: Catalogue) -> None:
    kept, withdrawn = raise_nc(conducted, catalogue), raise_nc(conducted, catalogue, item="9.2")
    conducted.withdraw_nonconformity(withdrawn, reason="Ghi nhầm", occurred_on=CONDUCTED_ON)
    sign(conducted)
    receive(conducted, ids=[kept])
    figures = result_figures(approved.id, approved.scope, [conducted], NOVEMBER)
    assert (figures.nonconformities, figures.units_with_nonconformities, figures.units_reported) == (1, 1, 1)


def test_the_results_are_compiled_once_after_approval_and_before_the_closing_report(
    approved: Programme, year: list[Inspection]
) -> None:
    draft = Programme.draft(tenant="tenant1", code="KH-2021", year=2021, title="Kế hoạch 2021",
                            plan_number="2/KH-UBND", plan_date=date(2021, 3, 1), legal_basis=[],
                            standard="TCVN ISO 9001:2015", catalogue_version=year[0].catalogue_version,
                            organiser="Chi cục", occurred_on=date(2021, 2, 1))
    with pytest.raises(ProgrammeNotApprovedError):
        compile_results(draft, [], on=date(2021, 11, 20))
    with pytest.raises(DatesOutOfOrderError):
        compile_results(approved, year, on=date(2020, 3, 4))
    with pytest.raises(InvalidValueError) as caught:
        compile_results(approved, year, number="   ")
    assert caught.value.field == "compilation_number"
    compile_results(approved, year)
    with pytest.raises(ResultsAlreadyCompiledError) as again:
        compile_results(approved, year, on=date(2020, 11, 30), number="126/BC-SKHCN")
    assert "125/BC-SKHCN" in again.value.message_vi and "20/11/2020" in again.value.message_vi
    with pytest.raises(DatesOutOfOrderError):  # the closing report follows the compilation
        approved.report_results(report_number="130/BC-UBND", summary="…", proposals=[], occurred_on=date(2020, 11, 19))
    approved.report_results(report_number="130/BC-UBND", summary="Báo cáo Bộ KH&CN theo Phụ lục II", proposals=[],
                            signer="Phó Chủ tịch UBND tỉnh", occurred_on=date(2020, 12, 10))
    reported = approved.collect_events()[-1]
    assert isinstance(reported, Programme.ResultsReported)
    assert reported.signer == "Phó Chủ tịch UBND tỉnh"
    with pytest.raises(ProgrammeAlreadyReportedError):
        compile_results(approved, year, number="127/BC-SKHCN")


def test_immediate_reports_are_dated_records_made_as_often_as_needed(approved: Programme) -> None:
    draft = Programme.draft(tenant="tenant1", code="KH-2021", year=2021, title="Kế hoạch 2021",
                            plan_number="2/KH-UBND", plan_date=date(2021, 3, 1), legal_basis=[],
                            standard="TCVN ISO 9001:2015", catalogue_version="tt26-2014+iso9001-2015",
                            organiser="Chi cục", occurred_on=date(2021, 2, 1))
    with pytest.raises(ProgrammeNotApprovedError):
        immediate(draft, on=date(2021, 3, 2))
    with pytest.raises(DatesOutOfOrderError):
        immediate(approved, on=date(2020, 3, 4))
    with pytest.raises(InvalidValueError) as caught:
        immediate(approved, number="")
    assert caught.value.field == "report_number"
    approved.collect_events()
    immediate(approved)
    approved.report_results(report_number="130/BC-UBND", summary="…", proposals=[], occurred_on=date(2020, 12, 10))
    immediate(approved, on=date(2021, 1, 5), number="3/BC-SKHCN")  # after the year is closed, still when needed
    first, _closed, later = approved.collect_events()
    assert get_topic(type(first)) == "isotrail.domain.programme_records:ProgrammeRecords.ImmediateReportSent"
    assert (first.report_number, first.signer, first.recipient, first.subject, first.reason, first.occurred_on) == (
        "140/BC-SKHCN", SIGNER, "Ủy ban nhân dân tỉnh Sóc Trăng", "Kết quả kiểm tra Sở Tư pháp",
        "Theo yêu cầu tại Công văn 1234/UBND-VX", date(2020, 8, 3))
    assert later.report_number == "3/BC-SKHCN"


def test_a_closing_report_made_before_signers_were_recorded_has_none(approved: Programme) -> None:
    approved.report_results(report_number="120/BC-SKHCN", summary="…", proposals=[], occurred_on=SIGNED_ON)
    assert approved.collect_events()[-1].signer is None
