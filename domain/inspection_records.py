"""The records of an inspection before its findings (Circular 26/2014, Art. 35) — the letter asking the unit
to report, the inspection decision (Mẫu 20), the opening meeting announcing it with the written agenda: the
base that :class:`~isotrail.domain.inspection.Inspection` extends, so that the aggregate's module keeps only
its fieldwork and follow-up.

Its events are registered on the aggregate by inheritance: their topics name this module and this class
(``isotrail.domain.inspection_records:InspectionRecords.<Event>``), the stored contract of the events
recorded here; the read side knows them as ``Inspection.<Event>``.

An on-site inspection is conducted only under an inspection decision (Mẫu 20). The rule is checked when a
visit is recorded, never when one is replayed: inspections conducted before it was enforced stay valid
without one, and one scheduled then and conducted now needs its decision first, as the law always asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from eventsourcing.domain import event

from isotrail.domain.aggregate import IsotrailAggregate
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.inspection_decision import (
    DecisionTeamMember,
    TeamRole,
    decision_team,
    document_number,
    require_window,
)
from isotrail.domain.inspection_errors import (
    InspectionAlreadyConductedError,
    InspectionDecisionAlreadyIssuedError,
    InspectionDecisionMissingError,
    OpeningMeetingAlreadyHeldError,
    WrongInspectionFormError,
)
from isotrail.domain.programme_values import INSPECTION_FORM_VI, InspectionForm
from isotrail.domain.team_errors import InspectorNotIndependentError
from isotrail.domain.text import clean_optional_text, clean_text


class InspectionRecords(IsotrailAggregate):
    """The inspection's records before the visit and the guards its commands share."""

    decision_number: str | None = None  # Mẫu 20's; snapshots taken before it was recorded have none
    decided_on: date | None = None
    team_leader: str | None = None
    own_staff: Sequence[str] = ()  # who may not inspect it (set when scheduled); older snapshots have none
    opened_on: date | None = None  # the opening meeting's day (Art. 35 in practice)

    class DecisionIssued(IsotrailAggregate.Event):
        decision_number: str
        signer: str
        team: list[DecisionTeamMember]
        scope: str
        starts_on: date
        ends_on: date

    class ReportRequested(IsotrailAggregate.Event):
        letter_number: str
        report_due_on: date
        signer: str | None = None  # recorded since Art. 39's references; older events have none

    class OpeningMeetingHeld(IsotrailAggregate.Event):
        decision_number: str
        agenda: list[str]

    def request_report(self, *, letter_number: str, report_due_on: date, occurred_on: date,
                       signer: str | None = None) -> None:
        """The letter asking the unit to report on its QMS before the inspection (công văn đề nghị báo cáo,
        Art. 35), with the day the report is due; before the visit, reminders allowed."""
        if self.conducted_on is not None:
            raise InspectionAlreadyConductedError(inspection_id=self.id, conducted_on=self.conducted_on)
        self._require_not_before(self.put_in_plan_on, "scheduled", occurred_on)
        if report_due_on < occurred_on:
            raise DatesOutOfOrderError(earlier_name="occurred_on", earlier=occurred_on,
                                       later_name="report_due_on", later=report_due_on)
        self._report_requested(letter_number=document_number(letter_number, "letter_number"),
                               report_due_on=report_due_on, occurred_on=occurred_on,
                               signer=clean_optional_text(signer, "signer", max_length=200))

    @event(ReportRequested)
    def _report_requested(self, letter_number: str, report_due_on: date, occurred_on: date,
                          signer: str | None = None) -> None:
        pass  # a record: no rule reads it

    def hold_opening_meeting(self, *, agenda: list[str], occurred_on: date) -> None:
        """The visit opens: the decision (Mẫu 20) is announced and the written agenda (chương trình làm việc)
        given, once, on or after the decision and before the visit is recorded as conducted."""
        if self.form is not InspectionForm.ON_SITE:
            raise WrongInspectionFormError(expected_vi=INSPECTION_FORM_VI[InspectionForm.ON_SITE],
                                           expected_en=InspectionForm.ON_SITE.value)
        if self.conducted_on is not None:
            raise InspectionAlreadyConductedError(inspection_id=self.id, conducted_on=self.conducted_on)
        if self.opened_on is not None:
            raise OpeningMeetingAlreadyHeldError(held_on=self.opened_on)
        if self.decision_number is None or self.decided_on is None:
            raise InspectionDecisionMissingError(inspection_id=self.id)
        self._require_not_before(self.decided_on, "decided_on", occurred_on)
        items = [clean_text(item, "agenda", max_length=500) for item in agenda]
        if not items:
            raise InvalidValueError(field_name="agenda", reason_vi="cần ít nhất một nội dung",
                                    reason_en="needs at least one item")
        self._opening_meeting_held(decision_number=self.decision_number, agenda=items, occurred_on=occurred_on)

    @event(OpeningMeetingHeld)
    def _opening_meeting_held(self, decision_number: str, agenda: list[str], occurred_on: date) -> None:
        self.opened_on = occurred_on

    def issue_decision(
        self, *, decision_number: str, signer: str, team: list[DecisionTeamMember], scope: str,
        starts_on: date, ends_on: date, occurred_on: date,
    ) -> None:
        """The inspection decision (Mẫu 20) for an on-site visit, issued once before it (Art. 35); its team names
        none of the unit's own staff (Art. 40)."""
        if self.form is not InspectionForm.ON_SITE:
            raise WrongInspectionFormError(expected_vi=INSPECTION_FORM_VI[InspectionForm.ON_SITE],
                                           expected_en=InspectionForm.ON_SITE.value)
        if self.conducted_on is not None:
            raise InspectionAlreadyConductedError(inspection_id=self.id, conducted_on=self.conducted_on)
        if self.decision_number is not None:
            raise InspectionDecisionAlreadyIssuedError(decision_number=self.decision_number)
        self._require_not_before(self.put_in_plan_on, "scheduled", occurred_on)
        require_window(occurred_on, starts_on, ends_on)
        members = decision_team(team)
        for member in members:  # Art. 40: an agency's own staff do not inspect it
            if member.name in self.own_staff:
                raise InspectorNotIndependentError(inspection_id=self.id, inspector=member.name, field_name="team")
        self._decision_issued(
            decision_number=document_number(decision_number, "decision_number"),
            signer=clean_text(signer, "signer", max_length=200), team=members,
            scope=clean_text(scope, "scope", max_length=2000, multiline=True), starts_on=starts_on,
            ends_on=ends_on, occurred_on=occurred_on)

    @event(DecisionIssued)
    def _decision_issued(
        self, decision_number: str, signer: str, team: list[DecisionTeamMember], scope: str, starts_on: date,
        ends_on: date, occurred_on: date,
    ) -> None:
        self.decision_number = decision_number
        self.decided_on = occurred_on
        self.team_leader = next(member.name for member in team if member.role == TeamRole.TEAM_LEADER)

    # Guards -----------------------------------------------------------------------------------

    def _require_ready_to_conduct(self, on: date) -> None:
        """Not conducted yet, on or after it was put in the plan, and on site only under a decision issued
        on or before ``on``."""
        if self.conducted_on is not None:
            raise InspectionAlreadyConductedError(inspection_id=self.id, conducted_on=self.conducted_on)
        self._require_not_before(self.put_in_plan_on, "scheduled", on)
        if self.form is InspectionForm.ON_SITE:
            if self.decided_on is None:
                raise InspectionDecisionMissingError(inspection_id=self.id)
            self._require_not_before(self.decided_on, "decided_on", on)

    def _require_not_before(self, earlier: date, earlier_name: str, day: date) -> None:
        if day < earlier:
            raise DatesOutOfOrderError(earlier_name=earlier_name, earlier=earlier,
                                       later_name="occurred_on", later=day)
