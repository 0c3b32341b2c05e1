"""Commands on inspections: fieldwork, findings, corrective action, recommendations."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from isotrail.domain.inspection import Inspection
from isotrail.domain.values import AssessmentResult, RecommendationSource, Role
from isotrail.services.application import Recorded
from isotrail.services.catalogues import load_catalogue
from isotrail.services.errors import InspectionNotFoundError, PermissionDeniedError
from isotrail.services.permissions import Action, Caller
from isotrail.services.programme_commands import ProgrammeCommands


class InspectionCommands(ProgrammeCommands):
    def get_inspection(self, inspection_id: UUID) -> Inspection:
        """The inspection as stored now."""
        return self._inspection(inspection_id, fresh=True)

    def _inspection(self, inspection_id: UUID, *, fresh: bool = False) -> Inspection:
        not_found = InspectionNotFoundError
        return self._get(Inspection, inspection_id, lambda: not_found(inspection_id=inspection_id), fresh=fresh)

    def _inspect(
        self, caller: Caller, inspection_id: UUID, act, *, expected_version: int | None,
        action: Action = Action.INSPECT,
    ) -> Recorded:
        return self._update(caller, action, lambda: self._inspection(inspection_id), act,
                            expected_version=expected_version, unit_of=lambda i: i.unit_id)

    def reschedule_inspection(
        self, caller: Caller, inspection_id: UUID, *, scheduled_on: date, reason: str,
        occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        return self._inspect(caller, inspection_id,
                             lambda i: i.reschedule(scheduled_on, reason=reason, occurred_on=occurred_on),
                             expected_version=expected_version)

    def conduct_inspection(
        self, caller: Caller, inspection_id: UUID, *, inspectors: list[str], occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._inspect(caller, inspection_id,
                             lambda i: i.conduct(inspectors=inspectors, occurred_on=occurred_on),
                             expected_version=expected_version)

    def assess_item(
        self, caller: Caller, inspection_id: UUID, *, item_code: str, result: AssessmentResult,
        occurred_on: date, note: str | None = None, corrects_version: int | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        def act(inspection: Inspection) -> None:
            inspection.assess(load_catalogue(inspection.catalogue_version), item_code, result,
                              occurred_on=occurred_on, note=note, corrects_version=corrects_version)
        return self._inspect(caller, inspection_id, act, expected_version=expected_version)

    def raise_nonconformity(
        self, caller: Caller, inspection_id: UUID, *, item_code: str, description: str,
        occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        """Returns the new nonconformity's id as ``entity_id``."""
        def act(inspection: Inspection) -> UUID:
            return inspection.raise_nonconformity(load_catalogue(inspection.catalogue_version),
                                                  item_code, description, occurred_on=occurred_on)
        return self._inspect(caller, inspection_id, act, expected_version=expected_version)

    def withdraw_nonconformity(
        self, caller: Caller, inspection_id: UUID, *, nonconformity_id: UUID, reason: str,
        occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        return self._inspect(
            caller, inspection_id,
            lambda i: i.withdraw_nonconformity(nonconformity_id, reason=reason, occurred_on=occurred_on),
            expected_version=expected_version)

    def sign_minutes(
        self, caller: Caller, inspection_id: UUID, *, minutes_number: str, unit_signatory: str,
        occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        return self._inspect(
            caller, inspection_id,
            lambda i: i.sign_minutes(minutes_number=minutes_number, unit_signatory=unit_signatory,
                                     occurred_on=occurred_on),
            expected_version=expected_version)

    def send_findings_letter(
        self, caller: Caller, inspection_id: UUID, *, letter_number: str, occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._inspect(
            caller, inspection_id,
            lambda i: i.send_findings_letter(letter_number=letter_number, occurred_on=occurred_on),
            expected_version=expected_version)

    def receive_corrective_action_report(
        self, caller: Caller, inspection_id: UUID, *, reference: str, summary: str,
        occurred_on: date, nonconformity_ids: list[UUID] | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._inspect(
            caller, inspection_id,
            lambda i: i.receive_corrective_action_report(
                reference=reference, summary=summary, occurred_on=occurred_on,
                nonconformity_ids=nonconformity_ids),
            expected_version=expected_version, action=Action.REPORT_CORRECTIVE_ACTION)

    def verify_corrective_action(
        self, caller: Caller, inspection_id: UUID, *, nonconformity_id: UUID, occurred_on: date,
        note: str | None = None, expected_version: int | None = None,
    ) -> Recorded:
        return self._inspect(
            caller, inspection_id,
            lambda i: i.verify_corrective_action(nonconformity_id, occurred_on=occurred_on, note=note),
            expected_version=expected_version)

    def reject_corrective_action(
        self, caller: Caller, inspection_id: UUID, *, nonconformity_id: UUID, notice_number: str,
        reason: str, occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        return self._inspect(
            caller, inspection_id,
            lambda i: i.reject_corrective_action(nonconformity_id, notice_number=notice_number,
                                                 reason=reason, occurred_on=occurred_on),
            expected_version=expected_version)

    def carry_over_nonconformity(
        self, caller: Caller, inspection_id: UUID, *, nonconformity_id: UUID,
        to_programme_id: UUID, occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        self._programme(to_programme_id)
        return self._inspect(
            caller, inspection_id,
            lambda i: i.carry_over(nonconformity_id, to_programme_id=to_programme_id,
                                   occurred_on=occurred_on),
            expected_version=expected_version)

    def record_recommendation(
        self, caller: Caller, inspection_id: UUID, *, source: RecommendationSource, text: str,
        occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        if caller.role == Role.UNIT_REPRESENTATIVE and source != RecommendationSource.UNIT:
            raise PermissionDeniedError(role=caller.role.value, action="record_team_recommendation")
        return self._inspect(
            caller, inspection_id,
            lambda i: i.record_recommendation(source, text, occurred_on=occurred_on),
            expected_version=expected_version, action=Action.RECORD_RECOMMENDATION)
