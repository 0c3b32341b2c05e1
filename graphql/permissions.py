"""The one permission of GraphQL fields: the token's role may do the field's action, as the table in
services/permissions.py says. A refusal is the typed error of every other path: ``invalid_token`` or
``tenant_not_found`` for a token refused when the context was made (graphql/context.py), else the
table's ``permission_denied``. What a unit representative reads of its tenant is narrowed to its unit
afterwards, by the request's reader (graphql/reading.py)."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error
from isotrail.services.permissions import Action, Caller, authorize_read
from isotrail.services.token_claims import InvalidTokenError, Principal
from isotrail.services.token_faults import NO_BEARER


def caller(principal: Principal, correlation_id: str | None = None) -> Caller:
    """The caller a read or a command is decided for: the token's subject, role and unit (and, for a command,
    the request's correlation id, stamped on the events it records)."""
    if correlation_id is None:  # a new one
        return Caller(principal.subject, principal.role, principal.unit_id)
    return Caller(principal.subject, principal.role, principal.unit_id, correlation_id)


class Allowed(BasePermission):
    """The token's role may do ``action``; raises the typed refusal otherwise."""

    def __init__(self, action: Action) -> None:
        self.action = action

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        context = info.context
        try:
            if context.principal is None:
                raise context.auth_error or InvalidTokenError(NO_BEARER)
            authorize_read(caller(context.principal), self.action)
        except IsotrailError as refused:
            raise as_graphql_error(refused) from refused
        return True


def allowed(action: Action) -> list[FieldExtension]:
    """A field's extensions: its permission, and nothing else decides who may resolve it."""
    return [PermissionExtension([Allowed(action)], use_directives=False)]
