"""What a token may say, whoever signed it, and the :class:`Principal` its claims grant.

A token is refused when it lives longer than the maximum lifetime (a stolen token is useful that long at
most), when it grants a role no token may carry (``system``), when it makes a unit representative without
naming the unit (such a token would read the whole tenant), and when its subject (``sub``, stored as the
actor of every event its commands record and shown in history) is no text a name may be: control
characters, lone surrogates, bidirectional controls, nothing visible, or more than
:data:`MAX_SUBJECT_LENGTH` characters (domain/text.py's rules). Whether its tenant exists is the registry's
to say, per request (see graphql/context.py).

Where the tenant, the role and the unit are read is the settings' to say (:class:`ClaimNames`): an identity
provider that grants several roles (Keycloak's ``realm_access.roles``, Entra ID's ``roles``) must grant
exactly one of isotrail's among them; the others are not isotrail's business.
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
ROLE_NAMES = frozenset(str(role) for role in Role)


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


@dataclass(frozen=True)
class ClaimNames:
    """Which claims carry the tenant, the role (or roles) and the unit: ``ISOTRAIL_AUTH__TENANT_CLAIM``,
    ``__ROLE_CLAIM`` and ``__UNIT_CLAIM``. Each is a claim's name or a dotted path into nested claims
    (Keycloak's ``realm_access.roles``); a name that is a claim as it stands (``https://dost.gov.vn/tenant``)
    is that claim."""

    tenant: str = "tenant"
    role: str = "role"
    unit: str = "unit_id"

    def written(self, tenant: Tenant, role: Role, unit_id: UUID | None) -> dict[str, Any]:
        """The claims saying ``tenant``, ``role`` and ``unit_id`` (when given) where :func:`principal_of` reads
        them: what a minted token carries."""
        claims: dict[str, Any] = {}
        for path, value in ((self.tenant, tenant.slug), (self.role, str(role)), (self.unit, unit_id)):
            if value is not None:
                *parents, name = path.split(".")
                nested = claims
                for parent in parents:
                    nested = nested.setdefault(parent, {})
                nested[name] = str(value)
        return claims


DEFAULT_CLAIMS = ClaimNames()
_ABSENT = object()


def _claim_at(claims: dict[str, Any], path: str) -> Any:
    """The claim named ``path``, else the value at its dotted path; ``_ABSENT`` when there is none."""
    if path in claims:
        return claims[path]
    value: Any = claims
    for name in path.split("."):
        if not isinstance(value, dict) or name not in value:
            return _ABSENT
        value = value[name]
    return value


def principal_of(claims: dict[str, Any], max_ttl_seconds: int, names: ClaimNames = DEFAULT_CLAIMS) -> Principal:
    """The principal that signed ``claims`` grant; raises :class:`InvalidTokenError` for what no token may say."""
    tenant_claim, role_claim = _claim_at(claims, names.tenant), _claim_at(claims, names.role)
    for name, value in ((names.tenant, tenant_claim), (names.role, role_claim)):
        if value is _ABSENT:
            raise InvalidTokenError(token_faults.missing_claim(name))
    if int(claims["exp"]) - int(claims["iat"]) > max_ttl_seconds:
        raise InvalidTokenError(token_faults.lifetime_too_long(max_ttl_seconds))
    try:
        tenant = Tenant(tenant_claim)
    except InvalidTenantSlugError:
        raise InvalidTokenError(token_faults.TENANT) from None
    role, subject = _role(role_claim), _subject(claims["sub"])
    unit_id = _unit(_claim_at(claims, names.unit), names.unit)
    if role is Role.UNIT_REPRESENTATIVE and unit_id is None:
        raise InvalidTokenError(token_faults.unit_representative_without_unit(names.unit))
    return Principal(subject, tenant, role, unit_id)


def _role(claim: object) -> Role:
    """The role a role claim grants: a role's name, or a list of names (an identity provider's roles, most of
    them not isotrail's) among which exactly one is an isotrail role."""
    if isinstance(claim, list):
        named = {name for name in claim if isinstance(name, str) and name in ROLE_NAMES}
        if len(named) > 1:
            raise InvalidTokenError(token_faults.ROLES_AMBIGUOUS)
        claim = named.pop() if named else None
    if claim not in TOKEN_ROLES:
        raise InvalidTokenError(token_faults.ROLE)
    return Role(claim)


def _unit(claim: object, name: str) -> UUID | None:
    """The unit a unit claim names; None when the claim is absent."""
    if claim is _ABSENT:
        return None
    if isinstance(claim, str) and claim:
        try:
            return UUID(claim)
        except ValueError:
            pass
    raise InvalidTokenError(token_faults.unit_not_uuid(name))


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
