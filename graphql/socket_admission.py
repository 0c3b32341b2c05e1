"""Who may hold a subscription socket (graphql-transport-ws): the token is checked at ``connection_init``,
before ``connection_ack``.

The token comes in ``connection_params`` — ``{"Authorization": "Bearer …"}`` or ``{"token": "…"}``, since
browsers cannot set headers on a WebSocket — or else in the upgrade request's ``Authorization`` header. None,
a forged one or an expired one closes the socket with 4401; a valid one that may not follow a tenant's events
(the ministry, a suspended or unknown tenant) with 4403; one past the socket limits (graphql/socket_limits.py),
or one that cannot be verified now (the identity provider's keys cannot be fetched), with 1013, try again
later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.datastructures import State

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.permissions import caller
from isotrail.graphql.registered_tenants import subscription_refusal
from isotrail.services.auth import TokenAuthority, token_expiry
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import Action, authorize_read
from isotrail.services.signing_keys import TokenVerificationUnavailableError
from isotrail.services.token_claims import InvalidTokenError, Principal
from isotrail.services.token_faults import NO_BEARER

UNAUTHORIZED, FORBIDDEN, TRY_AGAIN_LATER = 4401, 4403, 1013


@dataclass(frozen=True)
class Admitted:
    principal: Principal  # counted in the socket limits
    expires: float  # when its token expires, in seconds since the epoch: the socket closes then


@dataclass(frozen=True)
class Refused:
    """Why a socket is closed: its close code and the typed error."""

    code: int
    error: IsotrailError

    @property
    def reason(self) -> str:
        """The typed code and the English message, within the 123 bytes a close frame's reason may hold."""
        return f"{self.error.code}: {self.error.message_en}".encode()[:123].decode(errors="ignore")


async def admit(state: State, params: dict[str, Any], header: str) -> Admitted | Refused:
    """Check the token of ``connection_params`` (else of the upgrade request's ``header``) and its tenant, and
    count the socket in the limits of ``state.sockets``; or say why the socket is refused."""
    token = _token_of(params, header)
    if token is None:
        return Refused(UNAUTHORIZED, InvalidTokenError(NO_BEARER))
    principal = await _verified(state.token_authority, token)
    if isinstance(principal, Refused):
        return principal
    try:
        authorize_read(caller(principal), Action.FOLLOW_EVENTS)
    except PermissionDeniedError as refused:  # the ministry: it follows no tenant
        return Refused(FORBIDDEN, refused)
    refusal = await subscription_refusal(state.read_pools, principal.tenant)
    if refusal is not None:
        return Refused(FORBIDDEN, refusal)
    too_many = state.sockets.admit(principal)
    if too_many is not None:
        return Refused(TRY_AGAIN_LATER, too_many)
    return Admitted(principal, token_expiry(token))


async def _verified(authority: TokenAuthority, token: str) -> Principal | Refused:
    try:
        return await authority.verify(token)
    except InvalidTokenError as error:
        return Refused(UNAUTHORIZED, error)
    except TokenVerificationUnavailableError as error:  # the identity provider does not answer
        return Refused(TRY_AGAIN_LATER, error)


def _token_of(params: dict[str, Any], header: str) -> str | None:
    """The token of ``connection_params`` (``Authorization: Bearer …`` or ``token``), else the bearer token
    of the upgrade request's header."""
    token = params.get("token")
    if isinstance(token, str) and token.strip():
        return token.strip()
    for value in (params.get("Authorization"), params.get("authorization"), header):
        if isinstance(value, str):
            scheme, _, token = value.partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None
