"""Commands as data: one frozen definition per command, grouped by aggregate (an inspection's by stage) with
its handlers.

Issue one with :func:`isotrail.services.commands.handle.handle`. Adding a command is its domain method,
its definition (each field described for the clients who fill it in, ``described("…")``) and handler line
here, and its entry in ``services/command_actions.py``'s ``COMMAND_ACTIONS``; GraphQL's mutations are
generated from the definitions (``graphql/mutations.py``).
"""

from isotrail.services.commands.base import Command, Recorded, command_name
from isotrail.services.commands.carried_over import CarryOverNonconformity, RecheckCarriedOverNonconformity
from isotrail.services.commands.corrective_action import (
    ReceiveCorrectiveActionReport,
    RejectCorrectiveAction,
    VerifyCorrectiveAction,
)
from isotrail.services.commands.documents import UploadDocumentTemplate
from isotrail.services.commands.findings import (
    AssessItem,
    RaiseNonconformity,
    RecordRecommendation,
    WithdrawNonconformity,
)
from isotrail.services.commands.inspection import (
    ConductInspection,
    RescheduleInspection,
    ScheduleAdHocInspection,
    ScheduleInspection,
    SendFindingsLetter,
    SignMinutes,
)
from isotrail.services.commands.inspection_records import (
    HoldOpeningMeeting,
    IssueInspectionDecision,
    RequestUnitReport,
)
from isotrail.services.commands.programme import (
    AddUnitToProgramme,
    ApproveProgramme,
    AssignTeamMember,
    CorrectProgrammeDetails,
    DraftProgramme,
    RemoveUnitFromProgramme,
    ReportProgrammeResults,
    SetProgrammeSchedule,
)
from isotrail.services.commands.programme_records import CompileProgrammeResults, SendImmediateReport
from isotrail.services.commands.reorganisation import ReorganiseUnits
from isotrail.services.commands.unit import (
    DissolveUnit,
    ReclassifyUnit,
    RecordQmsFacts,
    RegisterUnit,
    RenameUnit,
    ShareQms,
    StopSharingQms,
)

__all__ = [
    "AddUnitToProgramme",
    "ApproveProgramme",
    "AssessItem",
    "AssignTeamMember",
    "CarryOverNonconformity",
    "Command",
    "CompileProgrammeResults",
    "ConductInspection",
    "CorrectProgrammeDetails",
    "DissolveUnit",
    "DraftProgramme",
    "HoldOpeningMeeting",
    "IssueInspectionDecision",
    "RaiseNonconformity",
    "ReceiveCorrectiveActionReport",
    "RecheckCarriedOverNonconformity",
    "ReclassifyUnit",
    "RecordQmsFacts",
    "RecordRecommendation",
    "Recorded",
    "RegisterUnit",
    "RejectCorrectiveAction",
    "RemoveUnitFromProgramme",
    "RenameUnit",
    "ReorganiseUnits",
    "ReportProgrammeResults",
    "RequestUnitReport",
    "RescheduleInspection",
    "ScheduleAdHocInspection",
    "ScheduleInspection",
    "SendFindingsLetter",
    "SendImmediateReport",
    "SetProgrammeSchedule",
    "ShareQms",
    "SignMinutes",
    "StopSharingQms",
    "UploadDocumentTemplate",
    "VerifyCorrectiveAction",
    "WithdrawNonconformity",
    "command_name",
]
