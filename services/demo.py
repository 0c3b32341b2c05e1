"""Replays the 2020 Sóc Trăng programme (Plan 35/KH-UBND) through the commands, never by SQL.

Every step first looks at what is already stored and only issues the commands still missing, so
running the replay twice (or after an interrupted run) stores nothing twice.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any
from uuid import UUID

from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus, TeamMember
from isotrail.domain.roles import Role
from isotrail.domain.unit_values import UnitKind
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    AssessItem,
    AssignTeamMember,
    Command,
    ConductInspection,
    DraftProgramme,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RecordRecommendation,
    RegisterUnit,
    ReportProgrammeResults,
    ScheduleInspection,
    SetProgrammeSchedule,
    SignMinutes,
    command_name,
)
from isotrail.services.commands.handle import handle
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication

SEED_FILE = "soc_trang_2020.json"
REGISTERED_ON = date(2020, 1, 2)


def load_seed() -> dict[str, Any]:
    text = (resources.files("isotrail.services") / "seed" / SEED_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class DemoReplay:
    """How many commands of each kind the replay issued (zero everywhere on a second run)."""

    app: TenantApplication
    commands: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.commands.values())

    def issue(self, caller: Caller, command: Command) -> None:
        handle(self.app, caller, command)
        self.commands[command_name(type(command))] += 1


def replay_seed(app: TenantApplication, seed: dict[str, Any] | None = None) -> DemoReplay:
    seed = seed or load_seed()
    replay = DemoReplay(app)
    admin = Caller(seed["actors"]["admin"], Role.TENANT_ADMIN, correlation_id="demo-soc-trang-2020")
    inspector = Caller(seed["actors"]["inspector"], Role.INSPECTOR, correlation_id="demo-soc-trang-2020")
    unit_ids = _register_units(app, admin, seed, replay)
    programme_id = _plan_programme(app, admin, seed, unit_ids, replay)
    for unit in seed["units"]:
        _inspect_unit(app, admin, inspector, seed, programme_id, unit_ids[unit["code"]], unit, replay)
    programme = app.get_programme(programme_id)
    if programme.status is ProgrammeStatus.APPROVED:
        report = seed["programme"]["report"]
        replay.issue(admin, ReportProgrammeResults(
            programme_id=programme_id, report_number=report["report_number"], summary=report["summary"],
            proposals=report["proposals"], occurred_on=_day(report["reported_on"])))
    return replay


def _register_units(
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


def _plan_programme(
    app: TenantApplication, admin: Caller, seed: dict[str, Any], unit_ids: dict[str, UUID],
    replay: DemoReplay,
) -> UUID:
    plan = seed["programme"]
    programme_id = app.programme_id(plan["code"])
    if not app.exists(programme_id):
        replay.issue(admin, DraftProgramme(
            code=plan["code"], year=plan["year"], title=plan["title"],
            plan_number=plan["plan_number"], plan_date=_day(plan["plan_date"]),
            legal_basis=plan["legal_basis"], catalogue_version=plan["catalogue_version"],
            organiser=plan["organiser"], occurred_on=_day(plan["drafted_on"])))
    programme: Programme = app.get_programme(programme_id)
    if programme.status is not ProgrammeStatus.DRAFT:
        return programme_id
    drafted_on = _day(plan["drafted_on"])
    for unit in seed["units"]:
        if unit_ids[unit["code"]] not in programme.scope:
            replay.issue(admin, AddUnitToProgramme(
                programme_id=programme_id, unit_id=unit_ids[unit["code"]], form=InspectionForm.ON_SITE,
                joint_team=plan["joint_team"] if unit["joint"] else None, occurred_on=drafted_on))
    for member in plan["team"][len(programme.team):]:
        replay.issue(admin, AssignTeamMember(programme_id=programme_id, member=TeamMember(**member),
                                             occurred_on=drafted_on))
    if programme.starts_on is None:
        replay.issue(admin, SetProgrammeSchedule(programme_id=programme_id, starts_on=_day(plan["starts_on"]),
                                                 ends_on=_day(plan["ends_on"]), occurred_on=drafted_on))
    replay.issue(admin, ApproveProgramme(programme_id=programme_id, approved_by=plan["approved_by"],
                                         occurred_on=_day(plan["approved_on"])))
    return programme_id


def _inspect_unit(
    app: TenantApplication, admin: Caller, inspector: Caller, seed: dict[str, Any],
    programme_id: UUID, unit_id: UUID, unit: dict[str, Any], replay: DemoReplay,
) -> None:
    plan = seed["programme"]
    inspected_on = _day(unit["inspected_on"])
    inspection_id = app.inspection_id(programme_id, unit_id)
    if not app.exists(inspection_id):
        replay.issue(admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_id,
                                               scheduled_on=inspected_on, occurred_on=_day(plan["approved_on"])))
    inspection = app.get_inspection(inspection_id)
    if inspection.conducted_on is None:
        replay.issue(inspector, ConductInspection(inspection_id=inspection_id, inspectors=plan["inspectors"],
                                                  occurred_on=inspected_on))
    findings: list[str] = unit.get("findings", [])
    if inspection.findings_communicated_on is None:
        failing_items = {seed["finding_to_item"][clause] for clause in findings}
        for item_code in seed["assessed_items"]:
            if item_code not in inspection.assessments:
                result = (AssessmentResult.NONCONFORMS if item_code in failing_items
                          else AssessmentResult.CONFORMS)
                replay.issue(inspector, AssessItem(inspection_id=inspection_id, item_code=item_code,
                                                   result=result, occurred_on=inspected_on))
        for clause in findings[len(inspection.nonconformities):]:
            replay.issue(inspector, RaiseNonconformity(
                inspection_id=inspection_id, item_code=clause, description=seed["finding_texts"][clause],
                occurred_on=inspected_on))
        replay.issue(inspector, SignMinutes(
            inspection_id=inspection_id, minutes_number=f"BBKT-{unit['code']}-2020",
            unit_signatory=f"Đại diện {unit['name']}", occurred_on=inspected_on))
        inspection = app.get_inspection(inspection_id)
    if "report_received_on" in unit and any(
        nc.status.awaits_report for nc in inspection.nonconformities.values()
    ):
        replay.issue(admin, ReceiveCorrectiveActionReport(
            inspection_id=inspection_id, reference=f"BCKP-{unit['code']}-2020",
            summary="Đơn vị báo cáo kết quả khắc phục các điểm chưa phù hợp theo biên bản kiểm tra.",
            occurred_on=_day(unit["report_received_on"])))
    if "recommendation" in unit and not inspection.recommendations:
        replay.issue(inspector, RecordRecommendation(inspection_id=inspection_id, source=RecommendationSource.UNIT,
                                                     text=unit["recommendation"], occurred_on=inspected_on))


def _day(text: str) -> date:
    return date.fromisoformat(text)
