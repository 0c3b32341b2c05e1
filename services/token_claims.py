"""What a token may say, whoever signed it, and the :class:`Principal` its claims grant.

A token is refused when it lives longer than the maximum lifetime (a stolen token is useful that long at
most), when it grants a role no token may carry (``system``), when it makes a unit representative without
naming the unit (such a token would read the whole tenant), and when its subject (``sub``, stored as the
actor of every event its commands record and shown in history) is no text a name may be: control
characters, lone surrogates, bidirectional controls, nothing visible, or more than
:data:`MAX_SUBJECT_LENGTH` characters (domain/text.py's rules). Whether its tenant exists is the registry's
to say, per request (see graphql/context.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from isotrail.domain.errors import IsotrailError
from isotrail.domain.input_errors import InvalidTenantSlugError, InvalidValueError
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.text import clean_text
from isotrail.services import token_faults
from isotrail.services.token_faults import TokenFault

MAX_SUBJECT_LENGTH = 256  # identity providers' subjects are ids or e-mail addresses
TOKEN_ROLES = tuple(role for role in Role if role is not Role.SYSTEM)  # system acts inside the server only


class InvalidTokenError(IsotrailError):
    """Missing, expired, forged or malformed token, or one that this server must not grant or mint."""

    code = "invalid_token"
    template_vi = "Mã xác thực không hợp lệ: {reason_vi}."
    template_en = "Invalid token: {reason_en}."

    def __init__(self, reason: TokenFault | str) -> None:
        fault = reason if isinstance(reason, TokenFault) else TokenFault(reason, reason)
        super().__init__(reason_vi=fault.vi, reason_en=fault.en)


@dataclass(frozen=True)
class Principal:
    """Who calls, as the verified token says: subject, tenant, role, and the unit of a unit representative.
    Its tenant is validated here, once: every later layer takes this value."""

    subject: str
    tenant: Tenant
    role: Role
    unit_id: UUID | None = None


def principal_of(claims: dict[str, Any], max_ttl_seconds: int) -> Principal:
    """The principal that signed ``claims`` grant; raises :class:`InvalidTokenError` for what no token may say."""
    for claim in ("tenant", "role"):
        if claim not in claims:
            raise InvalidTokenError(token_faults.missing_claim(claim))
    if int(claims["exp"]) - int(claims["iat"]) > max_ttl_seconds:
        raise InvalidTokenError(token_faults.lifetime_too_long(max_ttl_seconds))
    try:
        tenant = Tenant(claims["tenant"])
    except InvalidTenantSlugError:
        raise InvalidTokenError(token_faults.TENANT) from None
    if claims["role"] not in TOKEN_ROLES:
        raise InvalidTokenError(token_faults.ROLE)
    subject = _subject(claims["sub"])
    role, unit = Role(claims["role"]), claims.get("unit_id")
    try:
        unit_id = UUID(unit) if isinstance(unit, str) and unit else None
    except ValueError:
        raise InvalidTokenError(token_faults.UNIT) from None
    if unit is not None and unit_id is None:
        raise InvalidTokenError(token_faults.UNIT)
    if role is Role.UNIT_REPRESENTATIVE and unit_id is None:
        raise InvalidTokenError(token_faults.UNIT_REPRESENTATIVE_WITHOUT_UNIT)
    return Principal(subject, tenant, role, unit_id)


def _subject(sub: object) -> str:
    """The token's subject as it was signed, if it is text that the event store, the logs and a screen can
    hold and show as it is; raises :class:`InvalidTokenError` saying why not."""
    if not isinstance(sub, str):
        raise InvalidTokenError(token_faults.SUBJECT_NOT_TEXT)
    try:
        clean_text(sub, "sub", max_length=MAX_SUBJECT_LENGTH)
    except InvalidValueError as refused:
        raise InvalidTokenError(token_faults.subject(refused.reason_vi, refused.reason_en)) from None
    return sub
