"""Commands on programmes (the yearly inspection plan) and scheduling their inspections."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.values import InspectionForm, TeamMember
from isotrail.services.application import Recorded
from isotrail.services.catalogues import load_catalogue
from isotrail.services.errors import AlreadyExistsError, ProgrammeNotFoundError
from isotrail.services.permissions import Action, Caller
from isotrail.services.unit_commands import UnitCommands


class ProgrammeCommands(UnitCommands):
    def get_programme(self, programme_id: UUID) -> Programme:
        """The programme as stored now."""
        return self._programme(programme_id, fresh=True)

    def _programme(self, programme_id: UUID, *, fresh: bool = False) -> Programme:
        not_found = ProgrammeNotFoundError
        return self._get(Programme, programme_id, lambda: not_found(programme_id=programme_id), fresh=fresh)

    def programme_id(self, code: str) -> UUID:
        return Programme.create_id(self.tenant, code)

    def draft_programme(
        self,
        caller: Caller,
        *,
        code: str,
        year: int,
        title: str,
        plan_number: str,
        plan_date: date,
        legal_basis: list[str],
        catalogue_version: str,
        organiser: str,
        occurred_on: date,
    ) -> Recorded:
        """Draft the plan (Mẫu 19); the catalogue version fixes the standard it inspects against."""
        catalogue = load_catalogue(catalogue_version)
        with self._acting(caller, Action.MANAGE_PROGRAMMES):
            programme = Programme.draft(
                tenant=self.tenant, code=code, year=year, title=title, plan_number=plan_number,
                plan_date=plan_date, legal_basis=legal_basis, standard=catalogue.standard,
                catalogue_version=catalogue.version, organiser=organiser, occurred_on=occurred_on,
            )
        if self.exists(programme.id):
            raise AlreadyExistsError(what_vi="Kế hoạch", what_en="Programme", key=programme.code)
        return self._save(programme)

    def add_unit_to_programme(
        self, caller: Caller, programme_id: UUID, *, unit_id: UUID, form: InspectionForm,
        occurred_on: date, joint_team: str | None = None, expected_version: int | None = None,
    ) -> Recorded:
        self._unit(unit_id)
        return self._update(
            caller, Action.MANAGE_PROGRAMMES, lambda: self._programme(programme_id),
            lambda p: p.add_unit(unit_id, form, occurred_on=occurred_on, joint_team=joint_team),
            expected_version=expected_version,
        )

    def remove_unit_from_programme(
        self, caller: Caller, programme_id: UUID, *, unit_id: UUID, reason: str, occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._update(
            caller, Action.MANAGE_PROGRAMMES, lambda: self._programme(programme_id),
            lambda p: p.remove_unit(unit_id, reason=reason, occurred_on=occurred_on),
            expected_version=expected_version,
        )

    def assign_team_member(
        self, caller: Caller, programme_id: UUID, *, member: TeamMember, occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._update(caller, Action.MANAGE_PROGRAMMES, lambda: self._programme(programme_id),
                            lambda p: p.assign_team_member(member, occurred_on=occurred_on),
                            expected_version=expected_version)

    def set_programme_schedule(
        self, caller: Caller, programme_id: UUID, *, starts_on: date, ends_on: date,
        occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        return self._update(caller, Action.MANAGE_PROGRAMMES, lambda: self._programme(programme_id),
                            lambda p: p.set_schedule(starts_on, ends_on, occurred_on=occurred_on),
                            expected_version=expected_version)

    def correct_programme_details(
        self, caller: Caller, programme_id: UUID, *, corrects_version: int, title: str,
        plan_number: str, plan_date: date, reason: str, occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._update(
            caller, Action.MANAGE_PROGRAMMES, lambda: self._programme(programme_id),
            lambda p: p.correct_plan_details(
                corrects_version=corrects_version, title=title, plan_number=plan_number,
                plan_date=plan_date, reason=reason, occurred_on=occurred_on),
            expected_version=expected_version,
        )

    def approve_programme(
        self, caller: Caller, programme_id: UUID, *, approved_by: str, occurred_on: date,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._update(caller, Action.MANAGE_PROGRAMMES, lambda: self._programme(programme_id),
                            lambda p: p.approve(approved_by=approved_by, occurred_on=occurred_on),
                            expected_version=expected_version)

    def report_programme_results(
        self, caller: Caller, programme_id: UUID, *, report_number: str, summary: str,
        proposals: list[str], occurred_on: date, expected_version: int | None = None,
    ) -> Recorded:
        return self._update(
            caller, Action.MANAGE_PROGRAMMES, lambda: self._programme(programme_id),
            lambda p: p.report_results(report_number=report_number, summary=summary,
                                       proposals=proposals, occurred_on=occurred_on),
            expected_version=expected_version,
        )

    def schedule_inspection(
        self, caller: Caller, programme_id: UUID, *, unit_id: UUID, scheduled_on: date,
        occurred_on: date,
    ) -> Recorded:
        programme = self.get_programme(programme_id)  # fresh: it decides for another aggregate
        with self._acting(caller, Action.MANAGE_PROGRAMMES):
            inspection = programme.schedule_inspection(unit_id, scheduled_on=scheduled_on,
                                                       occurred_on=occurred_on)
        if self.exists(inspection.id):
            raise AlreadyExistsError(what_vi="Cuộc kiểm tra", what_en="Inspection", key=str(inspection.id))
        return self._save(inspection)

    def inspection_id(self, programme_id: UUID, unit_id: UUID) -> UUID:
        return Inspection.create_id(self.tenant, programme_id, unit_id)
