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

from isotrail.domain.programme import Programme
from isotrail.domain.values import (
    AssessmentResult,
    InspectionForm,
    ProgrammeStatus,
    RecommendationSource,
    Role,
    TeamMember,
    UnitKind,
)
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

    commands: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.commands.values())


def replay_seed(app: TenantApplication, seed: dict[str, Any] | None = None) -> DemoReplay:
    seed = seed or load_seed()
    replay = DemoReplay()
    admin = Caller(seed["actors"]["admin"], Role.TENANT_ADMIN, correlation_id="demo-soc-trang-2020")
    inspector = Caller(seed["actors"]["inspector"], Role.INSPECTOR, correlation_id="demo-soc-trang-2020")
    unit_ids = _register_units(app, admin, seed, replay)
    programme_id = _plan_programme(app, admin, seed, unit_ids, replay)
    for unit in seed["units"]:
        _inspect_unit(app, admin, inspector, seed, programme_id, unit_ids[unit["code"]], unit, replay)
    programme = app.get_programme(programme_id)
    if programme.status is ProgrammeStatus.APPROVED:
        report = seed["programme"]["report"]
        app.report_programme_results(
            admin, programme_id, report_number=report["report_number"], summary=report["summary"],
            proposals=report["proposals"], occurred_on=_day(report["reported_on"]))
        replay.commands["report_programme_results"] += 1
    return replay


def _register_units(
    app: TenantApplication, admin: Caller, seed: dict[str, Any], replay: DemoReplay
) -> dict[str, UUID]:
    unit_ids = {}
    for unit in seed["units"]:
        unit_id = app.unit_id(unit["code"])
        if not app.exists(unit_id):
            app.register_unit(admin, code=unit["code"], name=unit["name"], kind=UnitKind(unit["kind"]),
                              occurred_on=REGISTERED_ON)
            replay.commands["register_unit"] += 1
        unit_ids[unit["code"]] = unit_id
    return unit_ids


def _plan_programme(
    app: TenantApplication, admin: Caller, seed: dict[str, Any], unit_ids: dict[str, UUID],
    replay: DemoReplay,
) -> UUID:
    plan = seed["programme"]
    programme_id = app.programme_id(plan["code"])
    if not app.exists(programme_id):
        app.draft_programme(
            admin, code=plan["code"], year=plan["year"], title=plan["title"],
            plan_number=plan["plan_number"], plan_date=_day(plan["plan_date"]),
            legal_basis=plan["legal_basis"], catalogue_version=plan["catalogue_version"],
            organiser=plan["organiser"], occurred_on=_day(plan["drafted_on"]))
        replay.commands["draft_programme"] += 1
    programme: Programme = app.get_programme(programme_id)
    if programme.status is not ProgrammeStatus.DRAFT:
        return programme_id
    drafted_on = _day(plan["drafted_on"])
    for unit in seed["units"]:
        if unit_ids[unit["code"]] not in programme.scope:
            app.add_unit_to_programme(
                admin, programme_id, unit_id=unit_ids[unit["code"]], form=InspectionForm.ON_SITE,
                joint_team=plan["joint_team"] if unit["joint"] else None, occurred_on=drafted_on)
            replay.commands["add_unit_to_programme"] += 1
    for member in plan["team"][len(programme.team):]:
        app.assign_team_member(admin, programme_id, member=TeamMember(**member), occurred_on=drafted_on)
        replay.commands["assign_team_member"] += 1
    if programme.starts_on is None:
        app.set_programme_schedule(admin, programme_id, starts_on=_day(plan["starts_on"]),
                                   ends_on=_day(plan["ends_on"]), occurred_on=drafted_on)
        replay.commands["set_programme_schedule"] += 1
    app.approve_programme(admin, programme_id, approved_by=plan["approved_by"],
                          occurred_on=_day(plan["approved_on"]))
    replay.commands["approve_programme"] += 1
    return programme_id


def _inspect_unit(
    app: TenantApplication, admin: Caller, inspector: Caller, seed: dict[str, Any],
    programme_id: UUID, unit_id: UUID, unit: dict[str, Any], replay: DemoReplay,
) -> None:
    plan = seed["programme"]
    inspected_on = _day(unit["inspected_on"])
    inspection_id = app.inspection_id(programme_id, unit_id)
    if not app.exists(inspection_id):
        app.schedule_inspection(admin, programme_id, unit_id=unit_id, scheduled_on=inspected_on,
                                occurred_on=_day(plan["approved_on"]))
        replay.commands["schedule_inspection"] += 1
    inspection = app.get_inspection(inspection_id)
    if inspection.conducted_on is None:
        app.conduct_inspection(inspector, inspection_id, inspectors=plan["inspectors"],
                               occurred_on=inspected_on)
        replay.commands["conduct_inspection"] += 1
    findings: list[str] = unit.get("findings", [])
    if inspection.findings_communicated_on is None:
        failing_items = {seed["finding_to_item"][clause] for clause in findings}
        for item_code in seed["assessed_items"]:
            if item_code not in inspection.assessments:
                result = (AssessmentResult.NONCONFORMS if item_code in failing_items
                          else AssessmentResult.CONFORMS)
                app.assess_item(inspector, inspection_id, item_code=item_code, result=result,
                                occurred_on=inspected_on)
                replay.commands["assess_item"] += 1
        for clause in findings[len(inspection.nonconformities):]:
            app.raise_nonconformity(inspector, inspection_id, item_code=clause,
                                    description=seed["finding_texts"][clause], occurred_on=inspected_on)
            replay.commands["raise_nonconformity"] += 1
        app.sign_minutes(inspector, inspection_id, minutes_number=f"BBKT-{unit['code']}-2020",
                         unit_signatory=f"Đại diện {unit['name']}", occurred_on=inspected_on)
        replay.commands["sign_minutes"] += 1
        inspection = app.get_inspection(inspection_id)
    if "report_received_on" in unit and any(
        nc.status.awaits_report for nc in inspection.nonconformities.values()
    ):
        app.receive_corrective_action_report(
            admin, inspection_id, reference=f"BCKP-{unit['code']}-2020",
            summary="Đơn vị báo cáo kết quả khắc phục các điểm chưa phù hợp theo biên bản kiểm tra.",
            occurred_on=_day(unit["report_received_on"]))
        replay.commands["receive_corrective_action_report"] += 1
    if "recommendation" in unit and not inspection.recommendations:
        app.record_recommendation(inspector, inspection_id, source=RecommendationSource.UNIT,
                                  text=unit["recommendation"], occurred_on=inspected_on)
        replay.commands["record_recommendation"] += 1


def _day(text: str) -> date:
    return date.fromisoformat(text)
