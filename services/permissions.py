"""Which role may run which command: one table, checked before any command touches state."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID, uuid4

from isotrail.domain.values import Role
from isotrail.services.errors import PermissionDeniedError

log = logging.getLogger(__name__)


class Action(StrEnum):
    MANAGE_UNITS = "manage_units"
    RECORD_QMS_FACTS = "record_qms_facts"
    MANAGE_PROGRAMMES = "manage_programmes"
    INSPECT = "inspect"
    REPORT_CORRECTIVE_ACTION = "report_corrective_action"
    RECORD_RECOMMENDATION = "record_recommendation"


ALLOWED_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.SYSTEM: frozenset(Action),
    Role.TENANT_ADMIN: frozenset(Action),
    Role.INSPECTOR: frozenset({
        Action.RECORD_QMS_FACTS, Action.INSPECT, Action.REPORT_CORRECTIVE_ACTION,
        Action.RECORD_RECOMMENDATION,
    }),
    Role.UNIT_REPRESENTATIVE: frozenset({
        Action.RECORD_QMS_FACTS, Action.REPORT_CORRECTIVE_ACTION, Action.RECORD_RECOMMENDATION,
    }),
    Role.AUDITOR: frozenset(),
    Role.VIEWER: frozenset(),
    Role.MINISTRY: frozenset(),
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


def authorize(caller: Caller, action: Action, *, unit_id: UUID | None = None) -> None:
    """Raise :class:`PermissionDeniedError` unless ``caller`` may do ``action`` (to ``unit_id``).

    A unit representative refused for another unit's record is told no more than the refusal: which
    unit owns it goes to the log only.
    """
    role = Role(caller.role)
    if action not in ALLOWED_ACTIONS[role]:
        raise PermissionDeniedError(role=role.value, action=action.value)
    if role is Role.UNIT_REPRESENTATIVE and (unit_id is None or unit_id != caller.unit_id):
        log.info("permission denied: %s of unit %s may not %s for unit %s (correlation %s)",
                 caller.actor_id, caller.unit_id, action.value, unit_id, caller.correlation_id)
        raise PermissionDeniedError(role=role.value, action=action.value)
