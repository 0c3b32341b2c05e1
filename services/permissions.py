"""Which role may do what: one table, checked before any command touches state and before any read.

Each role holds a set of actions (``ALLOWED_ACTIONS``); each command is one action
(services/command_actions.py). The reads are four actions: a tenant's records (every tenant role; a unit
representative its own unit's, which graphql/reading.py applies), following them live, printing them as
documents (a unit representative only a document of its own unit: services/documents/access.py), and the
national figures (the ministry only, which reads no tenant's records). Merging provinces, a command on the
registry across tenants (services/commands/tenancy.py), is the ministry's and the system role's only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID, uuid4

from isotrail.domain.described import describe_members
from isotrail.domain.roles import Role
from isotrail.services.permission_errors import MinistryOnlyError, NationalFiguresOnlyError, PermissionDeniedError

log = logging.getLogger(__name__)


class Action(StrEnum):
    MANAGE_UNITS = "manage_units"
    RECORD_QMS_FACTS = "record_qms_facts"
    MANAGE_PROGRAMMES = "manage_programmes"
    INSPECT = "inspect"
    REPORT_CORRECTIVE_ACTION = "report_corrective_action"
    RECORD_RECOMMENDATION = "record_recommendation"  # the unit's own
    RECORD_TEAM_RECOMMENDATION = "record_team_recommendation"
    READ_TENANT = "read_tenant"  # a tenant's records, as they stand and as they stood
    FOLLOW_EVENTS = "subscribe"  # a tenant's events, live
    READ_NATIONAL = "read_national"  # every province's figures
    PRINT_DOCUMENTS = "print_documents"  # a tenant's documents as files (a unit representative: its unit's)
    MANAGE_TEMPLATES = "manage_templates"  # a province's own templates for its documents
    MERGE_TENANTS = "merge_tenants"  # provinces merged into a successor (the registry's, across tenants)


describe_members(Action, {  # a refusal names the action by its Vietnamese words
    Action.MANAGE_UNITS: "Quản lý danh mục cơ quan (manage the register of units).",
    Action.RECORD_QMS_FACTS: "Cập nhật thông tin HTQLCL (record a unit's QMS facts).",
    Action.MANAGE_PROGRAMMES: "Quản lý kế hoạch kiểm tra (manage programmes).",
    Action.INSPECT: "Tiến hành kiểm tra (inspect).",
    Action.REPORT_CORRECTIVE_ACTION: "Báo cáo khắc phục (report corrective action).",
    Action.RECORD_RECOMMENDATION: "Ghi nhận kiến nghị của cơ quan (record the unit's recommendation).",
    Action.RECORD_TEAM_RECOMMENDATION: "Ghi nhận kiến nghị của đoàn kiểm tra (record the team's recommendation).",
    Action.READ_TENANT: "Xem hồ sơ của tỉnh (read a province's records).",
    Action.FOLLOW_EVENTS: "Theo dõi sự kiện trực tiếp (follow events live).",
    Action.READ_NATIONAL: "Xem số liệu toàn quốc (read the national figures).",
    Action.PRINT_DOCUMENTS: "In văn bản (print the province's documents as files).",
    Action.MANAGE_TEMPLATES: "Quản lý mẫu văn bản (manage the province's document templates).",
    Action.MERGE_TENANTS: "Hợp nhất tỉnh/thành phố (merge provinces into a successor).",
})


TENANT_READS = frozenset({Action.READ_TENANT, Action.FOLLOW_EVENTS, Action.PRINT_DOCUMENTS})


ALLOWED_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.SYSTEM: frozenset(Action) - {Action.READ_NATIONAL},
    # the one role managing templates too; a merge of provinces is the ministry's (or the platform's), not a province's
    Role.TENANT_ADMIN: frozenset(Action) - {Action.READ_NATIONAL, Action.MERGE_TENANTS},
    Role.INSPECTOR: TENANT_READS | {
        Action.RECORD_QMS_FACTS, Action.INSPECT, Action.REPORT_CORRECTIVE_ACTION,
        Action.RECORD_RECOMMENDATION, Action.RECORD_TEAM_RECOMMENDATION,
    },
    Role.UNIT_REPRESENTATIVE: TENANT_READS | {
        Action.RECORD_QMS_FACTS, Action.REPORT_CORRECTIVE_ACTION, Action.RECORD_RECOMMENDATION,
    },
    Role.AUDITOR: TENANT_READS,
    Role.VIEWER: TENANT_READS,
    Role.MINISTRY: frozenset({Action.READ_NATIONAL, Action.MERGE_TENANTS}),
}

# A refused read says why in the trade's words; any other refusal names the role and the action.
REFUSALS: dict[Action, type[PermissionDeniedError]] = {
    Action.READ_TENANT: NationalFiguresOnlyError,  # the one role refused is the ministry's
    Action.READ_NATIONAL: MinistryOnlyError,
}


@dataclass(frozen=True)
class Caller:
    """Who runs a command, in which role, and under which request (the correlation id).

    A unit representative acts for one unit only (``unit_id``).
    """

    actor_id: str
    role: Role
    unit_id: UUID | None = None
    correlation_id: str = field(default_factory=lambda: uuid4().hex)


def authorize(caller: Caller, action: Action, *, unit_id: UUID | None = None,
              not_found: Callable[[], Exception] | None = None) -> None:
    """Raise :class:`PermissionDeniedError` unless ``caller`` may do ``action`` (to ``unit_id``).

    A unit representative refused for another unit's record is told no more than its reads tell
    (services/scoping.py): ``not_found()``, the not-found error of the record, as for an id that exists
    nowhere (without it, the refusal); which unit owns the record goes to the log only.
    """
    role = Role(caller.role)
    if action not in ALLOWED_ACTIONS[role]:
        raise PermissionDeniedError(role=role, action=action)
    if role is Role.UNIT_REPRESENTATIVE and (unit_id is None or unit_id != caller.unit_id):
        log.info("permission denied: %s of unit %s may not %s for unit %s (correlation %s)",
                 caller.actor_id, caller.unit_id, action.value, unit_id, caller.correlation_id)
        if not_found is not None:
            raise not_found()
        raise PermissionDeniedError(role=role, action=action)


def authorize_read(caller: Caller, action: Action) -> None:
    """Raise a :class:`PermissionDeniedError` unless ``caller`` may do the read ``action`` at all.

    A unit representative may, within its own unit: what it then reads is confined to that unit by the
    request's reader (graphql/reading.py, with services/scoping.py)."""
    try:
        authorize(caller, action, unit_id=caller.unit_id)
    except PermissionDeniedError as refused:
        raise REFUSALS.get(action, PermissionDeniedError)(**refused.details) from None
