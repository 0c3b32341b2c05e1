"""The first half of the demo's year (services/demo.py): the units registered and the programme drafted,
scoped, staffed, scheduled and approved, each command issued only if its effect is not stored yet."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus, TeamMember
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    AssignTeamMember,
    DraftProgramme,
    RegisterUnit,
    SetProgrammeSchedule,
)
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication

if TYPE_CHECKING:
    from isotrail.services.demo import DemoReplay

REGISTERED_ON = date(2020, 1, 2)


def register_units(
    app: TenantApplication, admin: Caller, seed: dict[str, Any], replay: DemoReplay
) -> dict[str, UUID]:
    unit_ids = {}
    for unit in seed["units"]:
        unit_id = app.unit_id(unit["code"])
        if not app.exists(unit_id):
            replay.issue(admin, RegisterUnit(code=unit["code"], name=unit["name"], kind=UnitKind(unit["kind"]),
                                             occurred_on=REGISTERED_ON))
        unit_ids[unit["code"]] = unit_id
    return unit_ids


def plan_programme(
    app: TenantApplication, admin: Caller, seed: dict[str, Any], unit_ids: dict[str, UUID],
    replay: DemoReplay,
) -> UUID:
    plan = seed["programme"]
    programme_id = app.programme_id(plan["code"])
    if not app.exists(programme_id):
        replay.issue(admin, DraftProgramme(
            code=plan["code"], year=plan["year"], title=plan["title"],
            plan_number=plan["plan_number"], plan_date=date.fromisoformat(plan["plan_date"]),
            legal_basis=plan["legal_basis"], catalogue_version=plan["catalogue_version"],
            organiser=plan["organiser"], occurred_on=date.fromisoformat(plan["drafted_on"])))
    programme: Programme = app.get_programme(programme_id)
    if programme.status is not ProgrammeStatus.DRAFT:
        return programme_id
    drafted_on = date.fromisoformat(plan["drafted_on"])
    for unit in seed["units"]:
        if unit_ids[unit["code"]] not in programme.scope:
            replay.issue(admin, AddUnitToProgramme(
                programme_id=programme_id, unit_id=unit_ids[unit["code"]], form=InspectionForm.ON_SITE,
                joint_team=plan["joint_team"] if unit["joint"] else None, occurred_on=drafted_on))
    for member in plan["team"][len(programme.team):]:
        works_for = {"unit_id": unit_ids[member["unit"]]} if "unit" in member else {}
        given = {name: value for name, value in member.items() if name != "unit"}
        replay.issue(admin, AssignTeamMember(programme_id=programme_id, member=TeamMember(**given, **works_for),
                                             occurred_on=drafted_on))
    if programme.starts_on is None:
        replay.issue(admin, SetProgrammeSchedule(
            programme_id=programme_id, starts_on=date.fromisoformat(plan["starts_on"]),
            ends_on=date.fromisoformat(plan["ends_on"]), occurred_on=drafted_on))
    replay.issue(admin, ApproveProgramme(programme_id=programme_id, approved_by=plan["approved_by"],
                                         occurred_on=date.fromisoformat(plan["approved_on"])))
    return programme_id
