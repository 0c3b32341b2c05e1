"""The second half of the demo's year (services/demo.py): one unit's inspection scheduled, the unit asked by letter
to report (Art. 35), the visit's decision (Mẫu 20) naming the team that goes — the plan's inspectors, or those
the unit names: the Department of Home Affairs' member joining a joint inspection, others when the plan's are the
unit's own staff — with its leader, the opening meeting held, the visit conducted, its items assessed and
nonconformities raised, its minutes (Mẫu 21) signed by the team leader and the unit's head, its corrective-action
report received and its recommendation recorded, each command issued only if its effect is not stored yet."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from isotrail.domain.inspection_decision import DecisionTeamMember, TeamRole
from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.domain.programme_values import InspectionForm
from isotrail.services.commands import (
    AssessItem,
    ConductInspection,
    HoldOpeningMeeting,
    IssueInspectionDecision,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RecordRecommendation,
    RequestUnitReport,
    ScheduleInspection,
    SignMinutes,
)
from isotrail.services.permissions import Caller
from isotrail.services.tenant_application import TenantApplication

if TYPE_CHECKING:
    from isotrail.services.demo import DemoReplay

ON_SITE = InspectionForm.ON_SITE
DECISION_SIGNER = "Giám đốc Sở Khoa học và Công nghệ"
DECISION_SCOPE = ("Việc xây dựng, áp dụng, duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015 và việc thực hiện "
                  "Quyết định số 19/2014/QĐ-TTg (Điều 36 Thông tư số 26/2014/TT-BKHCN)")


def inspect_unit(
    app: TenantApplication, admin: Caller, inspector: Caller, seed: dict[str, Any],
    programme_id: UUID, unit_id: UUID, unit: dict[str, Any], replay: DemoReplay,
) -> None:
    plan = seed["programme"]
    inspected_on = date.fromisoformat(unit["inspected_on"])
    inspection_id = app.inspection_id(programme_id, unit_id)
    if not app.exists(inspection_id):
        replay.issue(admin, ScheduleInspection(programme_id=programme_id, unit_id=unit_id, scheduled_on=inspected_on,
                                               occurred_on=date.fromisoformat(plan["approved_on"])))
    inspection = app.get_inspection(inspection_id)
    if inspection.conducted_on is None and inspection.decision_number is None and inspection.form is ON_SITE:
        request = plan["report_request"]  # one letter to every unit, dated before any decision
        replay.issue(admin, RequestUnitReport(
            inspection_id=inspection_id, letter_number=request["letter_number"],
            report_due_on=date.fromisoformat(request["report_due_on"]),
            occurred_on=date.fromisoformat(request["dated"])))
        replay.issue(admin, _decision(seed, unit, inspection_id, inspected_on))
    if inspection.conducted_on is None and inspection.opened_on is None and inspection.form is ON_SITE:
        replay.issue(inspector, HoldOpeningMeeting(inspection_id=inspection_id, agenda=plan["opening_agenda"],
                                                   occurred_on=inspected_on))
    if inspection.conducted_on is None:
        replay.issue(inspector, ConductInspection(inspection_id=inspection_id, inspectors=_visit_team(plan, unit),
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
            inspection_id=inspection_id, minutes_number=f"{_number(seed, unit)}/BB-ĐKT",
            team_leader_signatory=_visit_leader(plan, unit), unit_signatory=f"Đại diện {unit['name']}",
            occurred_on=inspected_on))
        inspection = app.get_inspection(inspection_id)
    if "report_received_on" in unit and any(
        nc.status.awaits_report for nc in inspection.nonconformities.values()
    ):
        replay.issue(admin, ReceiveCorrectiveActionReport(
            inspection_id=inspection_id, reference=f"{_number(seed, unit)}/BC-{unit['code']}",
            summary="Đơn vị báo cáo kết quả khắc phục các điểm không phù hợp theo biên bản kiểm tra.",
            occurred_on=date.fromisoformat(unit["report_received_on"])))
    if "recommendation" in unit and not inspection.recommendations:
        replay.issue(inspector, RecordRecommendation(inspection_id=inspection_id, source=RecommendationSource.UNIT,
                                                     text=unit["recommendation"], occurred_on=inspected_on))


def _decision(seed: dict[str, Any], unit: dict[str, Any], inspection_id: UUID, inspected_on: date
              ) -> IssueInspectionDecision:
    """The visit's decision (Mẫu 20): numbered in the order of the seed's units, a week before the visit but not
    before the plan, naming the team that goes, its leader and each member's role."""
    plan = seed["programme"]
    decided_on = max(date.fromisoformat(plan["approved_on"]), inspected_on - timedelta(days=7))
    leader, going = _visit_leader(plan, unit), _visit_team(plan, unit)
    team = [DecisionTeamMember(m["name"], TeamRole.TEAM_LEADER if m["name"] == leader else _role(m["position"]))
            for m in plan["team"] if m["name"] in going]
    return IssueInspectionDecision(
        inspection_id=inspection_id, decision_number=f"{_number(seed, unit)}/QĐ-SKHCN",
        signer=DECISION_SIGNER, team=team, scope=DECISION_SCOPE, starts_on=inspected_on, ends_on=inspected_on,
        occurred_on=decided_on)


def _visit_team(plan: dict[str, Any], unit: dict[str, Any]) -> list[str]:
    """Who inspects the unit: the plan's inspectors, or those the unit names (a joint inspection's, with the
    Department of Home Affairs' member; others when the plan's are the unit's own staff, Art. 40)."""
    return list(unit.get("inspectors", plan["inspectors"]))


def _number(seed: dict[str, Any], unit: dict[str, Any]) -> int:
    """The number of a unit's papers in the số/ký hiệu form ("12/BB-ĐKT"): its place among the seed's units
    (illustrative numbers, as the seed's note says)."""
    return seed["units"].index(unit) + 1


def _role(position: str) -> TeamRole:
    """A member's role other than the leader's (the visit's leader is said by :func:`_visit_leader`)."""
    return TeamRole.SECRETARY if "thư ký" in position else TeamRole.MEMBER


def _visit_leader(plan: dict[str, Any], unit: dict[str, Any]) -> str:
    """Who leads the visit and signs the minutes for the team (Mẫu 21): the plan's team leader if they go, else
    the first inspector the unit names (the leader being the unit's own staff)."""
    going = _visit_team(plan, unit)
    leader = next(member["name"] for member in plan["team"] if member["position"] == "Trưởng đoàn")
    return leader if leader in going else going[0]
