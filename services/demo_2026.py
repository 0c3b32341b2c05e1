"""The demo's 2026 (services/seed/can_tho_2025.json): Cần Thơ's first programme after the merger (demo_merger.py)
covers every agency bound to apply a QMS in its register — the predecessors' too — a third of them on site, the
successor departments first; the 2020 Sóc Trăng nonconformities still open (reported, never verified) of the
departments that Cần Thơ's Sở Nội vụ and Sở KH&CN carry on are carried over to it (Art. 37), and its inspections of
those departments re-check them — each command issued only when its effect is not stored yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from isotrail.domain.carried_over import RecheckOutcome
from isotrail.domain.inspection import Inspection
from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.on_site_share import required_on_site
from isotrail.domain.plan_coverage import mandatory_units
from isotrail.domain.programme import Programme
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.roles import Role
from isotrail.domain.unit import Unit
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    CarryOverNonconformity,
    ConductInspection,
    DraftProgramme,
    IssueInspectionDecision,
    RecheckCarriedOverNonconformity,
    ScheduleInspection,
    SignMinutes,
)
from isotrail.services.demo_inspections import DECISION_SCOPE, DECISION_SIGNER
from isotrail.services.demo_merger import Provinces, StoryReplay
from isotrail.services.tenant_application import TenantApplication

SEED_PROGRAMME = "2020"  # the Sóc Trăng programme whose nonconformities are carried over


@dataclass(frozen=True)
class CarriedOverFigures:
    """What the 2026 programme shows of the nonconformities carried over to it."""

    carried_over: int
    from_tenants: tuple[str, ...]
    rechecked: int
    still_nonconforming: int

    def line_vi(self, plan_number: str) -> str:
        return (f"Kế hoạch {plan_number} (Cần Thơ, 2026): {self.carried_over} điểm không phù hợp chuyển kỳ từ "
                f"{', '.join(self.from_tenants)}; đã kiểm tra lại {self.rechecked}, "
                f"{self.still_nonconforming} điểm chưa khắc phục")


def run_2026(replay: StoryReplay) -> UUID:
    """Cần Thơ's 2026 programme, the carry-overs and the re-checks; returns the programme's id."""
    can_tho, plan = replay.provinces.can_tho, replay.story["programme"]
    with replay.reading(can_tho) as app:
        programme_id = app.programme_id(plan["code"])
        if not app.exists(programme_id):
            replay.issue(can_tho, DraftProgramme(
                code=plan["code"], year=plan["year"], title=plan["title"], plan_number=plan["plan_number"],
                plan_date=_day(plan["plan_date"]), legal_basis=plan["legal_basis"],
                catalogue_version=plan["catalogue_version"], organiser=plan["organiser"],
                occurred_on=_day(plan["drafted_on"])))
        if app.get_programme(programme_id).approved_on is None:
            _approve(replay, app, programme_id, plan)
        for each in replay.story["carry_over"]["from_units"]:
            _carry_over(replay, app, programme_id, each)
        for inspection in replay.story["inspections"]:
            _inspect(replay, app, programme_id, inspection)
    return programme_id


def _approve(replay: StoryReplay, app: TenantApplication, programme_id: UUID, plan: dict[str, Any]) -> None:
    """Every unit bound to apply a QMS on the plan's date in scope, the successor departments then the others on
    site up to the third Art. 33 asks, the rest by dossier; then approved."""
    day = _day(plan["plan_date"])
    mandatory = mandatory_units(app.unit_register(), day)
    first = [app.unit_id(code) for code in plan["on_site_first"]]
    ordered = sorted(mandatory, key=lambda unit: unit.id not in first)
    on_site = {unit.id for unit in ordered[:required_on_site(len(mandatory))]}
    in_scope = set(app.get_programme(programme_id).scope)
    for unit in ordered:
        if unit.id not in in_scope:
            replay.issue(replay.provinces.can_tho, AddUnitToProgramme(
                programme_id=programme_id, unit_id=unit.id, occurred_on=_day(plan["drafted_on"]),
                form=InspectionForm.ON_SITE if unit.id in on_site else InspectionForm.DOSSIER))
    replay.issue(replay.provinces.can_tho, ApproveProgramme(programme_id=programme_id, approved_by=plan["approved_by"],
                                                      occurred_on=_day(plan["approved_on"])))


def _carry_over(replay: StoryReplay, app: TenantApplication, programme_id: UUID, each: dict[str, Any]) -> None:
    """The old unit's 2020 nonconformities still open carried to the programme, at the unit that carries it on."""
    origin = _origin(app, replay.provinces, each["old_tenant"], each["old_code"])
    to_unit_id = app.unit_id(each["to_code"])
    decided_on = _day(replay.story["carry_over"]["decided_on"])
    for nonconformity in list(origin.nonconformities.values()):
        if not nonconformity.status.is_closed:
            replay.issue(replay.provinces.can_tho, CarryOverNonconformity(
                inspection_id=origin.id, nonconformity_id=nonconformity.id, to_programme_id=programme_id,
                to_unit_id=None if to_unit_id == origin.unit_id else to_unit_id, occurred_on=decided_on))


def _inspect(replay: StoryReplay, app: TenantApplication, programme_id: UUID, seen: dict[str, Any]) -> None:
    """The successor department's 2026 inspection: scheduled, decided, conducted, its carried-over nonconformities
    re-checked, its minutes signed."""
    tenant, day = replay.provinces.can_tho, _day(seen["inspected_on"])
    inspector = Role.INSPECTOR
    inspection_id = app.inspection_id(programme_id, app.unit_id(seen["code"]))
    if not app.exists(inspection_id):
        replay.issue(tenant, ScheduleInspection(programme_id=programme_id, unit_id=app.unit_id(seen["code"]),
                                                scheduled_on=day, occurred_on=_day(replay.story["programme"]
                                                                                   ["approved_on"])))
    inspection = app.get_inspection(inspection_id)
    if inspection.decision_number is None:
        replay.issue(tenant, IssueInspectionDecision(
            inspection_id=inspection_id, decision_number=seen["decision_number"], signer=DECISION_SIGNER,
            team=[DecisionTeamMember(seen["leader"], TeamRole.TEAM_LEADER)], scope=DECISION_SCOPE, starts_on=day,
            ends_on=day, occurred_on=day))
    if inspection.conducted_on is None:
        replay.issue(tenant, ConductInspection(inspection_id=inspection_id, inspectors=[seen["leader"]],
                                               occurred_on=day), inspector)
    rechecked = app.get_inspection(inspection_id).rechecks or {}
    for recheck in seen["rechecks"]:
        origin = _origin(app, replay.provinces, "soc_trang", recheck["old_code"])
        carried = next(nc for nc in origin.nonconformities.values() if nc.item_code == recheck["item_code"])
        if str(carried.id) not in rechecked and carried.status is NonconformityStatus.CARRIED_OVER:
            replay.issue(tenant, RecheckCarriedOverNonconformity(
                inspection_id=inspection_id, origin_inspection_id=origin.id, origin_nonconformity_id=carried.id,
                outcome=RecheckOutcome(recheck["outcome"]), note=recheck["note"], occurred_on=day), inspector)
    if app.get_inspection(inspection_id).findings_communicated_on is None:
        replay.issue(tenant, SignMinutes(inspection_id=inspection_id, minutes_number=seen["minutes_number"],
                                         team_leader_signatory=seen["leader"], unit_signatory=seen["unit_signatory"],
                                         occurred_on=day), inspector)


def carried_over_figures(app: TenantApplication, provinces: Provinces, programme_id: UUID, story: dict[str, Any],
                         names: dict[str, str]) -> CarriedOverFigures:
    """The 2026 programme's carried-over nonconformities, folded from the aggregates (``names``: each province's
    display name by slug)."""
    carried = rechecked = still = 0
    tenants: list[str] = []
    for each in story["carry_over"]["from_units"]:
        inspection = _origin(app, provinces, each["old_tenant"], each["old_code"])
        for nonconformity in inspection.nonconformities.values():
            if nonconformity.carried_to_programme_id == programme_id:
                carried += 1
                tenants.append(names.get(inspection.tenant, inspection.tenant))
    for seen in story["inspections"]:
        inspection_id = app.inspection_id(programme_id, app.unit_id(seen["code"]))
        if app.exists(inspection_id):
            inspection = app.get_inspection(inspection_id)
            rechecked += len(inspection.rechecks or {})
            still += sum(nc.origin_nonconformity_id is not None for nc in inspection.nonconformities.values())
    return CarriedOverFigures(carried, tuple(dict.fromkeys(tenants)), rechecked, still)


def _origin(app: TenantApplication, provinces: Provinces, old_tenant: str, old_code: str) -> Inspection:
    """The 2020 inspection of the old unit ``old_code`` of the province ``old_tenant``, as Cần Thơ's store reads
    it."""
    slug = provinces.named(old_tenant).slug
    programme_id = Programme.create_id(slug, SEED_PROGRAMME)
    return app.get_inspection(Inspection.create_id(slug, programme_id, Unit.create_id(slug, old_code)))


def _day(text: str) -> date:
    return date.fromisoformat(text)
