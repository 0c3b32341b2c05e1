"""Commands on programmes (kế hoạch kiểm tra: the yearly inspection plan) and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm, TeamMember
from isotrail.domain.unit import Unit
from isotrail.services.catalogues import load_catalogue
from isotrail.services.commands.base import Command, Create, changes


@dataclass(frozen=True, kw_only=True)
class DraftProgramme(Command):
    """Draft the yearly plan (kế hoạch kiểm tra, Mẫu 19); the catalogue version fixes the standard it checks."""

    code: str
    year: int
    title: str
    plan_number: str
    plan_date: date
    legal_basis: list[str]
    catalogue_version: str
    organiser: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class AddUnitToProgramme(Command):
    """Put a unit in the plan's scope, on site or by dossier (hình thức kiểm tra), maybe with a joint team."""

    programme_id: UUID
    unit_id: UUID
    form: InspectionForm
    occurred_on: date
    joint_team: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RemoveUnitFromProgramme(Command):
    """Take a unit out of a draft plan's scope, saying why."""

    programme_id: UUID
    unit_id: UUID
    reason: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class AssignTeamMember(Command):
    """Name a member of the inspection team (đoàn kiểm tra)."""

    programme_id: UUID
    member: TeamMember
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class SetProgrammeSchedule(Command):
    """Set the period in which the plan's inspections take place (thời gian kiểm tra)."""

    programme_id: UUID
    starts_on: date
    ends_on: date
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class CorrectProgrammeDetails(Command):
    """Correct a mistake in the plan's header, naming the version that recorded it (đính chính)."""

    programme_id: UUID
    corrects_version: int
    title: str
    plan_number: str
    plan_date: date
    reason: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ApproveProgramme(Command):
    """Approve the plan (phê duyệt kế hoạch); its scope is fixed from then on."""

    programme_id: UUID
    approved_by: str
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class ReportProgrammeResults(Command):
    """Report the year's results to the People's Committee (báo cáo kết quả kiểm tra), closing the plan."""

    programme_id: UUID
    report_number: str
    summary: str
    proposals: list[str]
    occurred_on: date
    expected_version: int | None = None


def _draft(tenant: str, c: DraftProgramme) -> Programme:
    catalogue = load_catalogue(c.catalogue_version)
    return Programme.draft(
        tenant=tenant, code=c.code, year=c.year, title=c.title, plan_number=c.plan_number,
        plan_date=c.plan_date, legal_basis=c.legal_basis, standard=catalogue.standard,
        catalogue_version=catalogue.version, organiser=c.organiser, occurred_on=c.occurred_on,
    )


change = changes(Programme, "programme_id")

HANDLERS = {
    DraftProgramme: Create(Programme, lambda app, c: _draft(app.tenant, c), what_vi="Kế hoạch",
                           what_en="Programme", key=lambda programme: programme.code),
    AddUnitToProgramme: change(
        lambda p, c: p.add_unit(c.unit_id, c.form, occurred_on=c.occurred_on, joint_team=c.joint_team),
        references=lambda c: [(Unit, c.unit_id)]),
    RemoveUnitFromProgramme: change(
        lambda p, c: p.remove_unit(c.unit_id, reason=c.reason, occurred_on=c.occurred_on)),
    AssignTeamMember: change(lambda p, c: p.assign_team_member(c.member, occurred_on=c.occurred_on)),
    SetProgrammeSchedule: change(lambda p, c: p.set_schedule(c.starts_on, c.ends_on, occurred_on=c.occurred_on)),
    CorrectProgrammeDetails: change(lambda p, c: p.correct_plan_details(
        corrects_version=c.corrects_version, title=c.title, plan_number=c.plan_number,
        plan_date=c.plan_date, reason=c.reason, occurred_on=c.occurred_on)),
    ApproveProgramme: change(lambda p, c: p.approve(approved_by=c.approved_by, occurred_on=c.occurred_on)),
    ReportProgrammeResults: change(lambda p, c: p.report_results(
        report_number=c.report_number, summary=c.summary, proposals=c.proposals, occurred_on=c.occurred_on)),
}
