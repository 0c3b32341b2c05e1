"""Inspection: one unit within one programme (Circular 26/2014, Art. 35–37).

Over 300 lines on purpose: only the aggregate is left — its nested event classes, which are the stored
contract (their topics name this module, so moving one needs topic aliases for the events already stored),
its commands and the guards they share. Its entity, rules, values and errors live beside it:
``nonconformity``, ``deadlines``, ``inspection_values``, ``inspection_errors``, ``nonconformity_errors``; its
records before the visit (Art. 35) in its base, ``inspection_records``, and the re-checks of nonconformities carried
over to it in the next, ``carried_over``.

Scheduled, conducted, assessed item by item; findings are communicated by signed minutes (Mẫu 21,
on site) or a letter (dossier check); every nonconformity is then followed through corrective-action
reports to verification, non-acceptance, withdrawal or carry-over to a later programme.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from isotrail.domain import deadlines
from isotrail.domain.ad_hoc_inspection import AdHocGround
from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.carried_over import CarriedOverRechecks, CarryOverTarget, carried_to_unit
from isotrail.domain.catalogue import Catalogue
from isotrail.domain.identity import natural_id
from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.inspection_errors import (
    FindingsAlreadyCommunicatedError,
    FindingsNotCommunicatedError,
    InspectionAlreadyConductedError,
    InspectionNotConductedError,
    ItemAlreadyAssessedError,
    WrongInspectionFormError,
)
from isotrail.domain.inspection_values import (
    AssessmentResult,
    InspectionStatus,
    NonconformityStatus,
    RecommendationSource,
)
from isotrail.domain.nonconformity import Nonconformity, forget_rejection_deadlines
from isotrail.domain.nonconformity_errors import NonconformityNotFoundError, NothingToReportError
from isotrail.domain.programme_values import INSPECTION_FORM_VI, InspectionForm, ScopeEntry
from isotrail.domain.team_errors import InspectorNotIndependentError
from isotrail.domain.text import clean_optional_text, clean_text


class Inspection(CarriedOverRechecks):
    class_version = 2  # 2: a fix not accepted has no deadline; older snapshots forget theirs
    upcast_v1_v2 = staticmethod(forget_rejection_deadlines)
    ad_hoc_reason: str | None = None  # kiểm tra đột xuất (ad_hoc_inspection): why, and the decision ordering it
    ad_hoc_decision: str | None = None

    class Scheduled(IsotrailAggregate.Created):
        tenant: str
        programme_id: UUID
        unit_id: UUID
        form: str
        joint_team: str | None
        catalogue_version: str
        scheduled_on: date
        own_staff: list[str] | None = None  # recorded since Art. 40's independence; older events have none
        ad_hoc_reason: str | None = None  # an ad-hoc inspection's (ad_hoc_inspection); None: a planned one
        ad_hoc_decision: str | None = None

    class Rescheduled(IsotrailAggregate.Event):
        scheduled_on: date
        reason: str

    class Conducted(IsotrailAggregate.Event):
        inspectors: list[str]

    class ItemAssessed(IsotrailAggregate.Event):
        item_code: str
        result: str
        note: str | None
        corrects_version: int | None

    class NonconformityRaised(IsotrailAggregate.Event):
        nonconformity_id: UUID
        item_code: str
        description: str

    class NonconformityWithdrawn(IsotrailAggregate.Event):
        nonconformity_id: UUID
        corrects_version: int
        reason: str

    class MinutesSigned(IsotrailAggregate.Event):
        minutes_number: str
        unit_signatory: str
        report_due_on: date
        team_leader_signatory: str | None = None  # recorded since Mẫu 21's two signatures; older events have none

    class FindingsLetterSent(IsotrailAggregate.Event):
        letter_number: str
        signer: str | None = None  # recorded since Art. 39's references; older events have none

    class CorrectiveActionReportReceived(IsotrailAggregate.Event):
        nonconformity_ids: list[UUID]
        reference: str
        summary: str

    class CorrectiveActionVerified(IsotrailAggregate.Event):
        nonconformity_id: UUID
        note: str | None
        notice_number: str | None = None  # the notice of acceptance, recorded since Art. 39's references
        signer: str | None = None

    class CorrectiveActionNotAccepted(IsotrailAggregate.Event):
        nonconformity_id: UUID
        notice_number: str
        reason: str
        report_due_on: date | None = None  # a deadline recorded before Art. 37 was read right; ignored
        signer: str | None = None  # recorded since Art. 39's references; older events have none

    class NonconformityCarriedOver(IsotrailAggregate.Event):
        nonconformity_id: UUID
        to_programme_id: UUID
        to_unit_id: UUID | None = None  # the successor unit re-checking it (carried_over); older events have none

    class RecommendationRecorded(IsotrailAggregate.Event):
        source: str
        text: str

    @staticmethod
    def create_id(tenant: str, programme_id: UUID, unit_id: UUID) -> UUID:
        return natural_id("inspection", tenant, programme_id, unit_id)

    @classmethod
    def schedule(
        cls, *, tenant: str, programme_id: UUID, entry: ScopeEntry, catalogue_version: str,
        scheduled_on: date, occurred_on: date, own_staff: list[str] | None = None,
        ground: AdHocGround | None = None,
    ) -> Inspection:
        """Use :meth:`Programme.schedule_inspection` (or ``schedule_ad_hoc_inspection``), which checks the plan
        first; ``own_staff`` names the team's members who work for the unit, ``ground`` an ad-hoc one's."""
        return cls(tenant=tenant, programme_id=programme_id, unit_id=entry.unit_id,
                   form=InspectionForm(entry.form), joint_team=entry.joint_team,
                   catalogue_version=catalogue_version, scheduled_on=scheduled_on,
                   occurred_on=occurred_on, own_staff=list(own_staff or []), **(vars(ground) if ground else {}))

    @event(Scheduled)
    def __init__(
        self, tenant: str, programme_id: UUID, unit_id: UUID, form: str, joint_team: str | None,
        catalogue_version: str, scheduled_on: date, occurred_on: date, own_staff: list[str] | None = None,
        ad_hoc_reason: str | None = None, ad_hoc_decision: str | None = None,
    ) -> None:
        self.tenant = tenant
        self.programme_id = programme_id
        self.unit_id = unit_id
        self.form = InspectionForm(form)
        self.joint_team = joint_team
        self.catalogue_version = catalogue_version
        self.scheduled_on = scheduled_on
        self.own_staff = list(own_staff or [])
        self.ad_hoc_reason, self.ad_hoc_decision = ad_hoc_reason, ad_hoc_decision
        self.put_in_plan_on = occurred_on
        self.status = InspectionStatus.SCHEDULED
        self.conducted_on: date | None = None
        self.inspectors: list[str] = []
        self.assessments: dict[str, tuple[AssessmentResult, str | None, int]] = {}
        self.nonconformities: dict[UUID, Nonconformity] = {}
        self.findings_communicated_on: date | None = None
        self.recommendations: list[tuple[RecommendationSource, str]] = []

    # Fieldwork ------------------------------------------------------------------------------

    def reschedule(self, scheduled_on: date, *, reason: str, occurred_on: date) -> None:
        if self.conducted_on is not None:
            raise InspectionAlreadyConductedError(inspection_id=self.id, conducted_on=self.conducted_on)
        self._require_not_before(self.put_in_plan_on, "scheduled", occurred_on)
        self._require_not_before(self.put_in_plan_on, "scheduled", scheduled_on)
        self._rescheduled(scheduled_on=scheduled_on, reason=clean_text(reason, "reason", multiline=True),
                          occurred_on=occurred_on)

    @event(Rescheduled)
    def _rescheduled(self, scheduled_on: date, reason: str, occurred_on: date) -> None:
        self.scheduled_on = scheduled_on

    def conduct(self, *, inspectors: list[str], occurred_on: date) -> None:
        """The team inspects the unit on ``occurred_on`` (on site: under its decision); none of its own staff."""
        self._require_ready_to_conduct(occurred_on)
        names = [clean_text(name, "inspectors", max_length=200) for name in inspectors]
        for name in names:
            if name in self.own_staff:
                raise InspectorNotIndependentError(inspection_id=self.id, inspector=name)
        self._conducted(inspectors=names, occurred_on=occurred_on)

    @event(Conducted)
    def _conducted(self, inspectors: list[str], occurred_on: date) -> None:
        self.status = InspectionStatus.CONDUCTED
        self.conducted_on = occurred_on
        self.inspectors = list(inspectors)

    def assess(
        self, catalogue: Catalogue, item_code: str, result: AssessmentResult, *, occurred_on: date,
        note: str | None = None, corrects_version: int | None = None,
    ) -> None:
        """Record the result for one check item; a second result must name the one it corrects."""
        self._require_fieldwork(catalogue, occurred_on)
        item = catalogue.require(item_code)
        earlier = self.assessments.get(item_code)
        if earlier is not None and corrects_version != earlier[2]:
            raise ItemAlreadyAssessedError(item_code=item_code, item_title=item.title_vi)
        if earlier is None and corrects_version is not None:
            raise InvalidValueError(field_name="corrects_version",
                                    reason_vi="mục này chưa được đánh giá",
                                    reason_en="the item has not been assessed")
        self._item_assessed(item_code=item_code, result=AssessmentResult(result),
                            note=clean_optional_text(note, "note", multiline=True),
                            corrects_version=corrects_version, occurred_on=occurred_on)

    @event(ItemAssessed)
    def _item_assessed(
        self, item_code: str, result: str, note: str | None, corrects_version: int | None,
        occurred_on: date,
    ) -> None:
        self.assessments[item_code] = (AssessmentResult(result), note, self.version + 1)

    def raise_nonconformity(
        self, catalogue: Catalogue, item_code: str, description: str, *, occurred_on: date
    ) -> UUID:
        """Record a nonconformity against a check item; returns its id."""
        self._require_fieldwork(catalogue, occurred_on)
        catalogue.require(item_code)
        nonconformity_id = natural_id("nonconformity", self.id, len(self.nonconformities) + 1)
        self._nonconformity_raised(nonconformity_id=nonconformity_id, item_code=item_code,
                                   description=clean_text(description, "description", multiline=True),
                                   occurred_on=occurred_on)
        return nonconformity_id

    @event(NonconformityRaised)
    def _nonconformity_raised(
        self, nonconformity_id: UUID, item_code: str, description: str, occurred_on: date
    ) -> None:
        self.nonconformities[nonconformity_id] = Nonconformity(
            id=nonconformity_id, item_code=item_code, description=description,
            raised_on=occurred_on, raised_in_version=self.version + 1,
        )

    def withdraw_nonconformity(self, nonconformity_id: UUID, *, reason: str, occurred_on: date) -> None:
        """Correct a nonconformity recorded by mistake; the correction names the raising event."""
        nonconformity = self._nonconformity(nonconformity_id)
        nonconformity.require_open()
        self._require_not_before(nonconformity.raised_on, "raised_on", occurred_on)
        self._nonconformity_withdrawn(nonconformity_id=nonconformity_id,
                                      corrects_version=nonconformity.raised_in_version,
                                      reason=clean_text(reason, "reason", multiline=True), occurred_on=occurred_on)

    @event(NonconformityWithdrawn)
    def _nonconformity_withdrawn(
        self, nonconformity_id: UUID, corrects_version: int, reason: str, occurred_on: date
    ) -> None:
        self.nonconformities[nonconformity_id].close(NonconformityStatus.WITHDRAWN, occurred_on)

    # Communicating findings -----------------------------------------------------------------

    def sign_minutes(
        self, *, minutes_number: str, team_leader_signatory: str, unit_signatory: str, occurred_on: date
    ) -> None:
        """The team leader the decision (Mẫu 20) names and the unit's head sign the minutes (Mẫu 21); reports are
        due two months later."""
        self._require_ready_to_communicate(InspectionForm.ON_SITE, occurred_on)
        number = clean_text(minutes_number, "minutes_number", max_length=100)
        leader = clean_text(team_leader_signatory, "team_leader_signatory", max_length=200)
        unit_signatory = clean_text(unit_signatory, "unit_signatory", max_length=200)
        if self.team_leader is not None and leader != self.team_leader:  # visits conducted before it: none named
            raise InvalidValueError(
                field_name="team_leader_signatory",
                reason_vi=f"«{leader}» không phải trưởng đoàn theo quyết định kiểm tra {self.decision_number} "
                          f"(«{self.team_leader}»)",
                reason_en=f"'{leader}' is not the team leader decision {self.decision_number} names "
                          f"('{self.team_leader}')")
        self._minutes_signed(
            minutes_number=number, team_leader_signatory=leader, unit_signatory=unit_signatory,
            report_due_on=deadlines.report_due_on(occurred_on), occurred_on=occurred_on)

    @event(MinutesSigned)
    def _minutes_signed(self, minutes_number: str, unit_signatory: str, report_due_on: date, occurred_on: date,
                        team_leader_signatory: str | None = None) -> None:
        self._findings_communicated(occurred_on, report_due_on)

    def send_findings_letter(self, *, letter_number: str, occurred_on: date, signer: str | None = None) -> None:
        """A dossier check ends with a letter requiring fixes, re-checked at the next inspection."""
        self._require_ready_to_communicate(InspectionForm.DOSSIER, occurred_on)
        self._findings_letter_sent(letter_number=clean_text(letter_number, "letter_number", max_length=100),
                                   occurred_on=occurred_on,
                                   signer=clean_optional_text(signer, "signer", max_length=200))

    @event(FindingsLetterSent)
    def _findings_letter_sent(self, letter_number: str, occurred_on: date, signer: str | None = None) -> None:
        self._findings_communicated(occurred_on, None)

    def _findings_communicated(self, on: date, report_due_on: date | None) -> None:
        self.status = InspectionStatus.FINDINGS_COMMUNICATED
        self.findings_communicated_on = on
        for nonconformity in self.nonconformities.values():
            if not nonconformity.status.is_closed:
                nonconformity.report_due_on = report_due_on

    # Corrective action ----------------------------------------------------------------------

    def receive_corrective_action_report(
        self, *, reference: str, summary: str, occurred_on: date,
        nonconformity_ids: list[UUID] | None = None,
    ) -> list[UUID]:
        """The unit reports its corrective action; by default on every nonconformity awaiting one."""
        self._require_findings_communicated(occurred_on)
        if nonconformity_ids is None:
            covered = [nc.id for nc in self.nonconformities.values() if nc.status.awaits_report]
        else:
            covered = list(dict.fromkeys(nonconformity_ids))
            for nonconformity_id in covered:
                self._nonconformity(nonconformity_id).require_awaiting_report()
        if not covered:
            raise NothingToReportError(inspection_id=self.id)
        self._corrective_action_report_received(
            nonconformity_ids=covered,
            reference=clean_text(reference, "reference", max_length=100),
            summary=clean_text(summary, "summary", max_length=20000, multiline=True),
            occurred_on=occurred_on,
        )
        return covered

    @event(CorrectiveActionReportReceived)
    def _corrective_action_report_received(
        self, nonconformity_ids: list[UUID], reference: str, summary: str, occurred_on: date
    ) -> None:
        for nonconformity_id in nonconformity_ids:
            self.nonconformities[nonconformity_id].report_received(occurred_on)

    def verify_corrective_action(self, nonconformity_id: UUID, *, occurred_on: date, note: str | None = None,
                                 notice_number: str | None = None, signer: str | None = None) -> None:
        """The fix is effective: the nonconformity closes (with the notice of acceptance, if one is sent)."""
        self._nonconformity(nonconformity_id).require_reported(occurred_on)
        self._corrective_action_verified(
            nonconformity_id=nonconformity_id, note=clean_optional_text(note, "note", multiline=True),
            occurred_on=occurred_on, notice_number=clean_optional_text(notice_number, "notice_number", max_length=100),
            signer=clean_optional_text(signer, "signer", max_length=200))

    @event(CorrectiveActionVerified)
    def _corrective_action_verified(self, nonconformity_id: UUID, note: str | None, occurred_on: date,
                                    notice_number: str | None = None, signer: str | None = None) -> None:
        self.nonconformities[nonconformity_id].close(NonconformityStatus.VERIFIED, occurred_on)

    def reject_corrective_action(
        self, nonconformity_id: UUID, *, notice_number: str, reason: str, occurred_on: date, signer: str | None = None
    ) -> None:
        """The fix is inadequate: a formal notice, and no new deadline (Art. 37); a later inspection re-checks it."""
        self._nonconformity(nonconformity_id).require_reported(occurred_on)
        self._corrective_action_not_accepted(
            nonconformity_id=nonconformity_id, notice_number=clean_text(notice_number, "notice_number", max_length=100),
            reason=clean_text(reason, "reason", multiline=True), occurred_on=occurred_on,
            signer=clean_optional_text(signer, "signer", max_length=200))

    @event(CorrectiveActionNotAccepted)
    def _corrective_action_not_accepted(self, nonconformity_id: UUID, notice_number: str, reason: str,
                                        occurred_on: date, report_due_on: date | None = None,
                                        signer: str | None = None) -> None:
        self.nonconformities[nonconformity_id].not_accepted(notice_number)

    def carry_over(self, nonconformity_id: UUID, *, to_programme_id: UUID, occurred_on: date,
                   target: CarryOverTarget | None = None) -> None:
        """Leave the nonconformity to a later programme to re-check (Art. 37; ``target``: carried_over's rules)."""
        self._nonconformity(nonconformity_id).require_open()
        self._require_findings_communicated(occurred_on)
        to_unit_id = carried_to_unit(self.programme_id, to_programme_id, target, occurred_on)
        self._nonconformity_carried_over(nonconformity_id=nonconformity_id, to_programme_id=to_programme_id,
                                         to_unit_id=to_unit_id, occurred_on=occurred_on)

    @event(NonconformityCarriedOver)
    def _nonconformity_carried_over(self, nonconformity_id: UUID, to_programme_id: UUID, occurred_on: date,
                                    to_unit_id: UUID | None = None) -> None:
        nonconformity = self.nonconformities[nonconformity_id]
        nonconformity.carried_to_programme_id, nonconformity.carried_to_unit_id = to_programme_id, to_unit_id
        nonconformity.close(NonconformityStatus.CARRIED_OVER, occurred_on)

    def record_recommendation(
        self, source: RecommendationSource, text: str, *, occurred_on: date
    ) -> None:
        """A recommendation (kiến nghị) from the unit or from the team."""
        if self.conducted_on is None:
            raise InspectionNotConductedError(inspection_id=self.id)
        self._require_not_before(self.conducted_on, "conducted_on", occurred_on)
        self._recommendation_recorded(source=RecommendationSource(source),
                                      text=clean_text(text, "text", multiline=True), occurred_on=occurred_on)

    @event(RecommendationRecorded)
    def _recommendation_recorded(self, source: str, text: str, occurred_on: date) -> None:
        self.recommendations.append((RecommendationSource(source), text))

    # Queries and guards -----------------------------------------------------------------------

    def overdue_nonconformities(self, on: date) -> list[Nonconformity]:
        return [nc for nc in self.nonconformities.values() if nc.is_overdue(on)]

    def _nonconformity(self, nonconformity_id: UUID) -> Nonconformity:
        try:
            return self.nonconformities[nonconformity_id]
        except KeyError:
            raise NonconformityNotFoundError(inspection_id=self.id,
                                             nonconformity_id=nonconformity_id) from None

    def _require_findings_communicated(self, on: date) -> None:
        """The minutes signed or the letter sent, on or before ``on``: corrective action follows them."""
        if self.findings_communicated_on is None:
            raise FindingsNotCommunicatedError(inspection_id=self.id)
        self._require_not_before(self.findings_communicated_on, "findings_communicated_on", on)

    def _require_fieldwork(self, catalogue: Catalogue, on: date) -> None:
        if catalogue.version != self.catalogue_version:
            raise InvalidValueError(field_name="catalogue_version",
                                    reason_vi=f"kế hoạch dùng danh mục {self.catalogue_version}",
                                    reason_en=f"the programme uses catalogue {self.catalogue_version}")
        self._require_findings_still_open(on)

    def _require_ready_to_communicate(self, form: InspectionForm, on: date) -> None:
        if self.form is not form:
            raise WrongInspectionFormError(expected_vi=INSPECTION_FORM_VI[form], expected_en=form.value)
        self._require_findings_still_open(on)

    def _require_findings_still_open(self, on: date) -> None:
        """Conducted, on or after that day, and the minutes or letter not yet issued."""
        if self.conducted_on is None:
            raise InspectionNotConductedError(inspection_id=self.id)
        if self.findings_communicated_on is not None:
            raise FindingsAlreadyCommunicatedError(inspection_id=self.id)
        self._require_not_before(self.conducted_on, "conducted_on", on)
