"""Record keeping (Circular 26/2014 Art. 39): each record the article lists is referenced by the event that
recorded it — its number, its date and, from now on, its signer — and events stored before signers were
recorded still fold, without one."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_records import InspectionRecords
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import ProgrammeStatus

from .conftest import CONDUCTED_ON, META, REPORTED_ON, SIGNED_ON, raise_nc, receive, sign

SIGNER = "Phó Giám đốc Sở Khoa học và Công nghệ"
Signed = tuple[Inspection, UUID]


def _stored(cls: type, aggregate: Inspection | Programme, **fields: object) -> object:
    """An event of ``cls`` as stored before its signer was recorded: without the field."""
    return cls(originator_id=aggregate.id, originator_version=aggregate.version + 1,
               timestamp=cls.create_timestamp(), meta=META, **fields)


def test_letters_and_notices_record_their_signers(dossier: Inspection, conducted: Inspection,
                                                  catalogue: Catalogue) -> None:
    dossier.collect_events()
    dossier.request_report(letter_number="120/SKHCN-TĐC", report_due_on=date(2020, 4, 30),
                           occurred_on=date(2020, 4, 1), signer=SIGNER)
    dossier.conduct(inspectors=["Nguyễn Văn An"], occurred_on=CONDUCTED_ON)
    dossier.send_findings_letter(letter_number="9/SKHCN-TĐC", occurred_on=SIGNED_ON, signer=f" {SIGNER} ")
    request, _conducted, letter = dossier.collect_events()
    assert (request.letter_number, request.occurred_on, request.signer) == ("120/SKHCN-TĐC", date(2020, 4, 1), SIGNER)
    assert (letter.letter_number, letter.occurred_on, letter.signer) == ("9/SKHCN-TĐC", SIGNED_ON, SIGNER)

    first, second = raise_nc(conducted, catalogue), raise_nc(conducted, catalogue, item="9.2")
    sign(conducted)
    receive(conducted)
    conducted.collect_events()
    conducted.verify_corrective_action(first, occurred_on=date(2020, 7, 10), notice_number=" 30/TB-SKHCN ",
                                       signer=SIGNER)
    conducted.reject_corrective_action(second, notice_number="31/TB-SKHCN", reason="Chưa đủ bằng chứng",
                                       occurred_on=date(2020, 7, 10), signer=SIGNER)
    verified, rejected = conducted.collect_events()
    assert (verified.notice_number, verified.signer, verified.occurred_on) == ("30/TB-SKHCN", SIGNER, date(2020, 7, 10))
    assert (rejected.notice_number, rejected.signer) == ("31/TB-SKHCN", SIGNER)


def test_a_verification_without_a_notice_records_none(signed: Signed) -> None:
    inspection, nonconformity_id = signed
    receive(inspection)
    inspection.verify_corrective_action(nonconformity_id, occurred_on=date(2020, 7, 10))
    verified = inspection.collect_events()[-1]
    assert (verified.notice_number, verified.signer) == (None, None)


def test_records_stored_before_their_signers_were_recorded_still_fold(
    signed: Signed, dossier: Inspection, catalogue: Catalogue, approved: Programme,
) -> None:
    _stored(InspectionRecords.ReportRequested, dossier, letter_number="120/SKHCN", report_due_on=date(2020, 4, 30),
            occurred_on=date(2020, 4, 1)).mutate(dossier)
    dossier.conduct(inspectors=["X"], occurred_on=CONDUCTED_ON)
    raise_nc(dossier, catalogue)
    _stored(Inspection.FindingsLetterSent, dossier, letter_number="9/SKHCN", occurred_on=SIGNED_ON).mutate(dossier)
    assert dossier.findings_communicated_on == SIGNED_ON

    inspection, nonconformity_id = signed
    receive(inspection)
    _stored(Inspection.CorrectiveActionVerified, inspection, nonconformity_id=nonconformity_id, note=None,
            occurred_on=REPORTED_ON).mutate(inspection)
    assert inspection.nonconformities[nonconformity_id].status is NonconformityStatus.VERIFIED

    _stored(Programme.ResultsReported, approved, report_number="120/BC-SKHCN", summary="…", proposals=[],
            occurred_on=date(2020, 12, 10)).mutate(approved)
    assert (approved.status, approved.reported_on) == (ProgrammeStatus.REPORTED, date(2020, 12, 10))
