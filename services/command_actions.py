"""Which action each command is: the table keyed by command type that services/permissions.py's
``ALLOWED_ACTIONS`` is checked against. A new command gets its line here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from isotrail.domain.inspection_values import RecommendationSource
from isotrail.services.commands import (
    AddUnitToProgramme,
    ApproveProgramme,
    AssessItem,
    AssignTeamMember,
    CarryOverNonconformity,
    Command,
    CompileProgrammeResults,
    ConductInspection,
    CorrectProgrammeDetails,
    DissolveUnit,
    DraftProgramme,
    HoldOpeningMeeting,
    IssueInspectionDecision,
    RaiseNonconformity,
    ReceiveCorrectiveActionReport,
    RecheckCarriedOverNonconformity,
    ReclassifyUnit,
    RecordQmsFacts,
    RecordRecommendation,
    RegisterUnit,
    RejectCorrectiveAction,
    RemoveUnitFromProgramme,
    RenameUnit,
    ReorganiseUnits,
    ReportProgrammeResults,
    RequestUnitReport,
    RescheduleInspection,
    ScheduleAdHocInspection,
    ScheduleInspection,
    SendFindingsLetter,
    SendImmediateReport,
    SetProgrammeSchedule,
    ShareQms,
    SignMinutes,
    StopSharingQms,
    UploadDocumentTemplate,
    VerifyCorrectiveAction,
    WithdrawNonconformity,
)
from isotrail.services.permissions import Action


def _recommendation(command: RecordRecommendation) -> Action:
    unit_s_own = command.source == RecommendationSource.UNIT
    return Action.RECORD_RECOMMENDATION if unit_s_own else Action.RECORD_TEAM_RECOMMENDATION


# Each command is one action, or a function of the command that says which.
COMMAND_ACTIONS: dict[type[Command], Action | Callable[[Any], Action]] = {
    RegisterUnit: Action.MANAGE_UNITS,
    RenameUnit: Action.MANAGE_UNITS,
    ReclassifyUnit: Action.MANAGE_UNITS,
    RecordQmsFacts: Action.RECORD_QMS_FACTS,
    DissolveUnit: Action.MANAGE_UNITS,
    ReorganiseUnits: Action.MANAGE_UNITS,
    ShareQms: Action.MANAGE_UNITS,
    StopSharingQms: Action.MANAGE_UNITS,
    DraftProgramme: Action.MANAGE_PROGRAMMES,
    AddUnitToProgramme: Action.MANAGE_PROGRAMMES,
    RemoveUnitFromProgramme: Action.MANAGE_PROGRAMMES,
    AssignTeamMember: Action.MANAGE_PROGRAMMES,
    SetProgrammeSchedule: Action.MANAGE_PROGRAMMES,
    CorrectProgrammeDetails: Action.MANAGE_PROGRAMMES,
    ApproveProgramme: Action.MANAGE_PROGRAMMES,
    ReportProgrammeResults: Action.MANAGE_PROGRAMMES,
    CompileProgrammeResults: Action.MANAGE_PROGRAMMES,
    SendImmediateReport: Action.MANAGE_PROGRAMMES,
    ScheduleInspection: Action.MANAGE_PROGRAMMES,
    ScheduleAdHocInspection: Action.MANAGE_PROGRAMMES,
    RescheduleInspection: Action.INSPECT,
    IssueInspectionDecision: Action.MANAGE_PROGRAMMES,
    RequestUnitReport: Action.MANAGE_PROGRAMMES,
    HoldOpeningMeeting: Action.INSPECT,
    ConductInspection: Action.INSPECT,
    AssessItem: Action.INSPECT,
    RaiseNonconformity: Action.INSPECT,
    WithdrawNonconformity: Action.INSPECT,
    SignMinutes: Action.INSPECT,
    SendFindingsLetter: Action.INSPECT,
    ReceiveCorrectiveActionReport: Action.REPORT_CORRECTIVE_ACTION,
    VerifyCorrectiveAction: Action.INSPECT,
    RejectCorrectiveAction: Action.INSPECT,
    CarryOverNonconformity: Action.INSPECT,
    RecheckCarriedOverNonconformity: Action.INSPECT,
    RecordRecommendation: _recommendation,
    UploadDocumentTemplate: Action.MANAGE_TEMPLATES,
}


def action_for(command: Command) -> Action:
    """The action ``command`` is, from :data:`COMMAND_ACTIONS`."""
    entry = COMMAND_ACTIONS[type(command)]
    return entry if isinstance(entry, Action) else entry(command)
