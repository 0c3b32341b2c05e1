"""Inspection: fieldwork, findings, and each nonconformity's corrective action up to its close."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_errors import (
    FindingsAlreadyCommunicatedError,
    FindingsNotCommunicatedError,
    InspectionAlreadyConductedError,
    InspectionNotConductedError,
    ItemAlreadyAssessedError,
    WrongInspectionFormError,
)
from isotrail.domain.inspection_values import AssessmentResult, InspectionStatus, RecommendationSource
from isotrail.domain.inspection_values import NonconformityStatus as Status
from isotrail.domain.nonconformity_errors import (
    CorrectiveActionReportMissingError,
    NonconformityNotFoundError,
    NonconformityNotOpenError,
    NothingToReportError,
)

from .conftest import (
    APPROVED_ON,
    CONDUCTED_ON,
    DUE_ON,
    META,
    REPORTED_ON,
    SIGNED_ON,
    raise_nc,
    receive,
    sign,
)

CONFORMS, NONCONFORMS = AssessmentResult.CONFORMS, AssessmentResult.NONCONFORMS
Signed = tuple[Inspection, UUID]

# Fieldwork --------------------------------------------------------------------------------------


def test_conducting_records_the_team_and_the_day_once(on_site: Inspection) -> None:
    on_site.reschedule(date(2020, 6, 2), reason="Đơn vị bận", occurred_on=date(2020, 5, 1))
    assert on_site.scheduled_on == date(2020, 6, 2)
    assert isinstance(on_site.collect_events()[-1], Inspection.Rescheduled)
    with pytest.raises(DatesOutOfOrderError):  # before it was put in the plan
        on_site.conduct(inspectors=["X"], occurred_on=date(2020, 3, 4))
    on_site.conduct(inspectors=[" Nguyễn Văn An "], occurred_on=CONDUCTED_ON)
    assert (on_site.status, on_site.conducted_on) == (InspectionStatus.CONDUCTED, CONDUCTED_ON)
    assert on_site.inspectors == ["Nguyễn Văn An"]
    [conducted] = on_site.collect_events()
    assert isinstance(conducted, Inspection.Conducted)
    assert (conducted.occurred_on, conducted.meta) == (CONDUCTED_ON, META)
    with pytest.raises(InspectionAlreadyConductedError) as caught:
        on_site.conduct(inspectors=["X"], occurred_on=date(2020, 6, 1))
    assert (caught.value.inspection_id, caught.value.conducted_on) == (on_site.id, CONDUCTED_ON)
    with pytest.raises(InspectionAlreadyConductedError):
        on_site.reschedule(date(2020, 6, 1), reason="Lùi lịch", occurred_on=date(2020, 6, 1))


def test_fieldwork_and_recommendations_need_a_conducted_inspection(
    on_site: Inspection, catalogue: Catalogue
) -> None:
    with pytest.raises(InspectionNotConductedError) as caught:
        on_site.assess(catalogue, "4.1", CONFORMS, occurred_on=CONDUCTED_ON)
    assert caught.value.inspection_id == on_site.id
    with pytest.raises(InspectionNotConductedError):
        raise_nc(on_site, catalogue)
    with pytest.raises(InspectionNotConductedError):
        on_site.record_recommendation("unit", "Tập huấn", occurred_on=APPROVED_ON)
    on_site.conduct(inspectors=["X"], occurred_on=CONDUCTED_ON)
    on_site.record_recommendation("team", " Cập nhật văn bản ", occurred_on=CONDUCTED_ON)
    assert on_site.recommendations == [(RecommendationSource.TEAM, "Cập nhật văn bản")]
    assert isinstance(on_site.collect_events()[-1], Inspection.RecommendationRecorded)


def test_an_item_is_assessed_once_and_corrected_by_naming_the_assessment(
    conducted: Inspection, catalogue: Catalogue
) -> None:
    def assess(result: AssessmentResult, corrects: int | None, note: str | None = None) -> None:
        conducted.assess(catalogue, "4.1", result, occurred_on=CONDUCTED_ON, note=note,
                         corrects_version=corrects)

    with pytest.raises(DatesOutOfOrderError):  # before the visit
        conducted.assess(catalogue, "4.1", CONFORMS, occurred_on=date(2020, 5, 11))
    with pytest.raises(InvalidValueError) as never_assessed:
        assess(CONFORMS, corrects=2)
    assert never_assessed.value.field_name == "corrects_version"
    assess(CONFORMS, corrects=None, note="  ")
    [first] = conducted.collect_events()
    assert conducted.assessments["4.1"] == (CONFORMS, None, first.originator_version)
    with pytest.raises(ItemAlreadyAssessedError) as caught:
        assess(NONCONFORMS, corrects=None)
    assert caught.value.item_code == "4.1"
    with pytest.raises(ItemAlreadyAssessedError):
        assess(NONCONFORMS, corrects=first.originator_version - 1)
    assess(NONCONFORMS, corrects=first.originator_version, note="Đính chính")
    [second] = conducted.collect_events()
    assert isinstance(second, Inspection.ItemAssessed)
    assert (second.corrects_version, second.occurred_on) == (first.originator_version, CONDUCTED_ON)
    assert conducted.assessments["4.1"] == (NONCONFORMS, "Đính chính", second.originator_version)
    with pytest.raises(ItemAlreadyAssessedError):  # the first assessment is no longer current
        assess(CONFORMS, corrects=first.originator_version)


def test_raising_a_nonconformity_opens_it_against_the_item(
    conducted: Inspection, catalogue: Catalogue
) -> None:
    nc_id = raise_nc(conducted, catalogue)
    [raised] = conducted.collect_events()
    assert isinstance(raised, Inspection.NonconformityRaised)
    assert (raised.nonconformity_id, raised.item_code, raised.meta) == (nc_id, "7.5", META)
    nc = conducted.nonconformities[nc_id]
    assert (nc.status, nc.raised_on, nc.report_due_on) == (Status.OPEN, CONDUCTED_ON, None)
    assert nc.raised_in_version == raised.originator_version
    assert raise_nc(conducted, catalogue, item="art36.scope") != nc_id


# Communicating findings -------------------------------------------------------------------------


def test_minutes_are_for_on_site_and_letters_for_dossier_inspections(
    on_site: Inspection, dossier: Inspection
) -> None:
    with pytest.raises(WrongInspectionFormError) as caught:
        sign(dossier)
    assert (caught.value.expected_en, caught.value.expected_vi) == ("on_site", "tại trụ sở")
    with pytest.raises(WrongInspectionFormError) as caught:
        on_site.send_findings_letter(letter_number="9/SKHCN", occurred_on=SIGNED_ON)
    assert caught.value.expected_en == "dossier"


def test_minutes_are_signed_once_after_the_visit_and_end_fieldwork(
    on_site: Inspection, catalogue: Catalogue
) -> None:
    with pytest.raises(InspectionNotConductedError):
        sign(on_site)
    on_site.conduct(inspectors=["X"], occurred_on=CONDUCTED_ON)
    with pytest.raises(DatesOutOfOrderError):
        sign(on_site, on=date(2020, 5, 11))
    sign(on_site)
    assert (on_site.status, on_site.findings_communicated_on) == (
        InspectionStatus.FINDINGS_COMMUNICATED, SIGNED_ON)
    with pytest.raises(FindingsAlreadyCommunicatedError):
        sign(on_site)
    with pytest.raises(FindingsAlreadyCommunicatedError) as caught:
        raise_nc(on_site, catalogue)
    assert caught.value.inspection_id == on_site.id
    with pytest.raises(FindingsAlreadyCommunicatedError):
        on_site.assess(catalogue, "4.1", CONFORMS, occurred_on=SIGNED_ON)


@pytest.mark.parametrize(("signed_on", "due_on"), [
    (date(2020, 12, 31), date(2021, 2, 28)),
    (date(2020, 8, 31), date(2020, 10, 31)),
    (date(2020, 6, 30), date(2020, 8, 30)),
    (SIGNED_ON, DUE_ON),
])
def test_a_report_is_due_two_calendar_months_after_the_minutes(
    conducted: Inspection, catalogue: Catalogue, signed_on: date, due_on: date
) -> None:
    nc_id = raise_nc(conducted, catalogue)
    sign(conducted, on=signed_on)
    minutes = conducted.collect_events()[-1]
    assert isinstance(minutes, Inspection.MinutesSigned)
    assert (minutes.report_due_on, minutes.occurred_on, minutes.meta) == (due_on, signed_on, META)
    assert conducted.nonconformities[nc_id].report_due_on == due_on


def test_the_minutes_are_signed_by_the_team_leader_and_the_units_head(
    conducted: Inspection, catalogue: Catalogue
) -> None:
    with pytest.raises(InvalidValueError) as caught:  # Mẫu 21 has two signatures
        conducted.sign_minutes(minutes_number="12/BB-ĐKT", team_leader_signatory=" ", unit_signatory="Giám đốc",
                               occurred_on=SIGNED_ON)
    assert caught.value.field == "team_leader_signatory"
    with pytest.raises(InvalidValueError) as not_leader:  # the leader the decision (Mẫu 20) names signs
        conducted.sign_minutes(minutes_number="12/BB-ĐKT", team_leader_signatory="Trần Thị Bình",
                               unit_signatory="Giám đốc", occurred_on=SIGNED_ON)
    assert not_leader.value.field == "team_leader_signatory"
    assert not_leader.value.message_vi == (
        "Trưởng đoàn ký biên bản không hợp lệ: «Trần Thị Bình» không phải trưởng đoàn theo quyết định kiểm tra "
        "15/QĐ-SKHCN («Nguyễn Văn An»).")
    conducted.sign_minutes(minutes_number="12/BB-ĐKT", team_leader_signatory=" Nguyễn Văn An ",
                           unit_signatory="Giám đốc", occurred_on=SIGNED_ON)
    minutes = conducted.collect_events()[-1]
    assert (minutes.team_leader_signatory, minutes.unit_signatory) == ("Nguyễn Văn An", "Giám đốc")


def test_minutes_stored_before_the_leaders_signature_was_recorded_still_fold(conducted: Inspection) -> None:
    conducted.collect_events()
    stored = Inspection.MinutesSigned(  # as recorded before: the unit's signatory only
        originator_id=conducted.id, originator_version=conducted.version + 1,
        timestamp=Inspection.MinutesSigned.create_timestamp(), minutes_number="12/BB", unit_signatory="Giám đốc",
        report_due_on=DUE_ON, occurred_on=SIGNED_ON, meta=META)
    stored.mutate(conducted)
    assert (conducted.status, conducted.findings_communicated_on) == (InspectionStatus.FINDINGS_COMMUNICATED, SIGNED_ON)


def test_a_findings_letter_sets_no_due_date(dossier: Inspection, catalogue: Catalogue) -> None:
    dossier.conduct(inspectors=["X"], occurred_on=CONDUCTED_ON)
    nc_id = raise_nc(dossier, catalogue)
    dossier.send_findings_letter(letter_number="9/SKHCN", occurred_on=SIGNED_ON)
    assert isinstance(dossier.collect_events()[-1], Inspection.FindingsLetterSent)
    assert dossier.findings_communicated_on == SIGNED_ON
    assert dossier.nonconformities[nc_id].report_due_on is None
    assert not dossier.nonconformities[nc_id].is_overdue(date(2030, 1, 1))


def test_a_nonconformity_is_overdue_after_its_due_date_not_on_it(signed: Signed) -> None:
    inspection, nc_id = signed
    nc = inspection.nonconformities[nc_id]
    assert not nc.is_overdue(DUE_ON)
    assert nc.is_overdue(date(2020, 7, 16))
    assert inspection.overdue_nonconformities(date(2020, 7, 16)) == [nc]
    receive(inspection, on=date(2020, 8, 1))
    assert not nc.is_overdue(date(2020, 8, 2))
    assert inspection.overdue_nonconformities(date(2021, 1, 1)) == []


# Corrective action ------------------------------------------------------------------------------


def test_a_report_needs_communicated_findings_and_something_awaiting_it(
    conducted: Inspection, catalogue: Catalogue
) -> None:
    nc_id = raise_nc(conducted, catalogue)
    with pytest.raises(FindingsNotCommunicatedError) as caught:
        receive(conducted)
    assert caught.value.inspection_id == conducted.id
    conducted.withdraw_nonconformity(nc_id, reason="Ghi nhầm", occurred_on=CONDUCTED_ON)
    sign(conducted)
    with pytest.raises(NothingToReportError):
        receive(conducted)
    with pytest.raises(NothingToReportError):
        receive(conducted, ids=[])


def test_a_report_covers_every_nonconformity_awaiting_one(signed: Signed) -> None:
    inspection, nc_id = signed
    with pytest.raises(DatesOutOfOrderError):
        receive(inspection, on=date(2020, 5, 14))
    assert receive(inspection) == [nc_id]
    nc = inspection.nonconformities[nc_id]
    assert (nc.status, nc.reports_received_on) == (Status.REPORTED, [REPORTED_ON])
    [received] = inspection.collect_events()
    assert isinstance(received, Inspection.CorrectiveActionReportReceived)
    assert (received.nonconformity_ids, received.reference, received.occurred_on) == (
        [nc_id], "45/BC", REPORTED_ON)
    with pytest.raises(NonconformityNotOpenError) as caught:
        receive(inspection, ids=[nc_id])
    assert caught.value.status == "reported"
    with pytest.raises(NonconformityNotFoundError):
        receive(inspection, ids=[uuid4()])


def test_verifying_needs_a_report_and_closes_the_nonconformity_once(signed: Signed) -> None:
    inspection, nc_id = signed
    with pytest.raises(CorrectiveActionReportMissingError) as caught:
        inspection.verify_corrective_action(nc_id, occurred_on=date(2020, 7, 2))
    assert caught.value.nonconformity_id == nc_id
    receive(inspection)
    with pytest.raises(DatesOutOfOrderError):
        inspection.verify_corrective_action(nc_id, occurred_on=date(2020, 6, 30))
    inspection.verify_corrective_action(nc_id, occurred_on=date(2020, 7, 2), note="Hiệu lực")
    nc = inspection.nonconformities[nc_id]
    assert (nc.status, nc.closed_on) == (Status.VERIFIED, date(2020, 7, 2))
    assert isinstance(inspection.collect_events()[-1], Inspection.CorrectiveActionVerified)
    with pytest.raises(NonconformityNotOpenError) as caught:  # nothing closes twice
        inspection.verify_corrective_action(nc_id, occurred_on=date(2020, 7, 3))
    assert caught.value.status == "verified"


def test_a_rejected_fix_gets_no_new_deadline_and_may_be_reported_again(signed: Signed) -> None:
    inspection, nc_id = signed
    receive(inspection)
    inspection.reject_corrective_action(nc_id, notice_number="7/TB-SKHCN", reason="Chưa đủ",
                                        occurred_on=date(2020, 7, 31))
    nc = inspection.nonconformities[nc_id]
    assert (nc.status, nc.report_due_on) == (Status.NOT_ACCEPTED, None)
    assert nc.not_accepted_notices == ["7/TB-SKHCN"]
    rejected = inspection.collect_events()[-1]
    assert isinstance(rejected, Inspection.CorrectiveActionNotAccepted)
    assert rejected.report_due_on is None
    assert nc.status.awaits_report and not nc.is_overdue(date(2030, 1, 1))
    with pytest.raises(CorrectiveActionReportMissingError):
        inspection.verify_corrective_action(nc_id, occurred_on=date(2020, 8, 1))
    receive(inspection, on=date(2020, 12, 1))
    inspection.verify_corrective_action(nc_id, occurred_on=date(2020, 12, 2))
    assert nc.status is Status.VERIFIED
    assert nc.reports_received_on == [REPORTED_ON, date(2020, 12, 1)]


def test_a_rejection_stored_with_a_deadline_still_folds_without_one(signed: Signed) -> None:
    inspection, nc_id = signed
    receive(inspection)
    stored = Inspection.CorrectiveActionNotAccepted(  # as recorded before the law was read right
        originator_id=inspection.id, originator_version=inspection.version + 1,
        timestamp=Inspection.CorrectiveActionNotAccepted.create_timestamp(), nonconformity_id=nc_id,
        notice_number="7/TB", reason="Chưa đủ", report_due_on=date(2020, 9, 30), occurred_on=date(2020, 7, 31),
        meta=META)
    stored.mutate(inspection)
    nc = inspection.nonconformities[nc_id]
    assert (nc.status, nc.report_due_on) == (Status.NOT_ACCEPTED, None)


def test_a_snapshot_taken_with_a_rejection_deadline_loads_without_it(signed: Signed) -> None:
    from eventsourcing.domain import Snapshot

    inspection, nc_id = signed
    receive(inspection)
    inspection.reject_corrective_action(nc_id, notice_number="7/TB", reason="Chưa đủ", occurred_on=date(2020, 7, 31))
    inspection.nonconformities[nc_id].report_due_on = date(2020, 9, 30)  # what version 1 folded
    snapshot = Snapshot.take(inspection)
    del snapshot.state["class_version"]
    loaded = snapshot.mutate(None)
    assert (loaded.nonconformities[nc_id].status, loaded.nonconformities[nc_id].report_due_on) == (
        Status.NOT_ACCEPTED, None)


def test_withdrawing_names_the_event_that_raised_the_nonconformity(
    conducted: Inspection, catalogue: Catalogue
) -> None:
    conducted.assess(catalogue, "4.1", CONFORMS, occurred_on=CONDUCTED_ON)
    nc_id = raise_nc(conducted, catalogue)
    raised = conducted.collect_events()[-1]
    conducted.withdraw_nonconformity(nc_id, reason="Ghi nhầm", occurred_on=CONDUCTED_ON)
    [withdrawn] = conducted.collect_events()
    assert isinstance(withdrawn, Inspection.NonconformityWithdrawn)
    assert withdrawn.corrects_version == raised.originator_version
    assert conducted.nonconformities[nc_id].status is Status.WITHDRAWN
    with pytest.raises(NonconformityNotOpenError):
        conducted.withdraw_nonconformity(nc_id, reason="Lần hai", occurred_on=CONDUCTED_ON)
    with pytest.raises(NonconformityNotFoundError):
        conducted.withdraw_nonconformity(uuid4(), reason="?", occurred_on=CONDUCTED_ON)


def test_carrying_over_to_another_programme_closes_the_nonconformity(signed: Signed) -> None:
    inspection, nc_id = signed
    with pytest.raises(InvalidValueError) as caught:
        inspection.carry_over(nc_id, to_programme_id=inspection.programme_id, occurred_on=DUE_ON)
    assert caught.value.field_name == "to_programme_id"
    later = uuid4()
    inspection.carry_over(nc_id, to_programme_id=later, occurred_on=DUE_ON)
    nc = inspection.nonconformities[nc_id]
    assert (nc.status, nc.carried_to_programme_id, nc.closed_on) == (
        Status.CARRIED_OVER, later, DUE_ON)
    assert not nc.is_overdue(date(2021, 1, 1))
    with pytest.raises(NonconformityNotOpenError):
        inspection.carry_over(nc_id, to_programme_id=uuid4(), occurred_on=DUE_ON)


def test_replaying_the_collected_events_reproduces_the_same_state(
    on_site: Inspection, catalogue: Catalogue
) -> None:
    events = on_site.collect_events()
    on_site.conduct(inspectors=["X"], occurred_on=CONDUCTED_ON)
    on_site.assess(catalogue, "4.1", CONFORMS, occurred_on=CONDUCTED_ON)
    first, second, third = (raise_nc(on_site, catalogue, item) for item in ("7.5", "8.1", "9.2"))
    on_site.withdraw_nonconformity(third, reason="Nhầm", occurred_on=CONDUCTED_ON)
    on_site.record_recommendation(RecommendationSource.UNIT, "Tập huấn", occurred_on=CONDUCTED_ON)
    sign(on_site)
    receive(on_site)
    on_site.verify_corrective_action(first, occurred_on=date(2020, 7, 2))
    on_site.reject_corrective_action(second, notice_number="7/TB", reason="R",
                                     occurred_on=date(2020, 7, 3))
    on_site.carry_over(second, to_programme_id=uuid4(), occurred_on=date(2020, 12, 1))
    replayed = None
    for event in events + on_site.collect_events():
        replayed = event.mutate(replayed)
    assert vars(replayed) == vars(on_site)
    assert replayed.nonconformities[second].status is Status.CARRIED_OVER


def test_a_reschedule_stays_after_the_plan(on_site: Inspection) -> None:
    with pytest.raises(DatesOutOfOrderError):
        on_site.reschedule(date(2019, 1, 1), reason="Nhầm năm", occurred_on=APPROVED_ON)


def test_withdrawal_and_carry_over_keep_dates_in_order(conducted: Inspection, catalogue: Catalogue) -> None:
    nc_id = raise_nc(conducted, catalogue)
    with pytest.raises(DatesOutOfOrderError):
        conducted.withdraw_nonconformity(nc_id, reason="Ghi nhầm", occurred_on=CONDUCTED_ON - timedelta(days=1))
    with pytest.raises(FindingsNotCommunicatedError):
        conducted.carry_over(nc_id, to_programme_id=uuid4(), occurred_on=DUE_ON)
    sign(conducted)
    with pytest.raises(DatesOutOfOrderError):
        conducted.carry_over(nc_id, to_programme_id=uuid4(), occurred_on=SIGNED_ON - timedelta(days=1))
