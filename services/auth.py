"""Tokens: verified JWTs carry the tenant and the role. The tenant never comes from anything else.

HS256 with a secret from the settings by default; when none is set (a developer's machine), a random
secret is made once and kept in ``<ISOTRAIL_HOME>/jwt-secret`` (mode 0600), so that tokens survive
restarts. RS256 verifies tokens of an external identity provider, with its public key (PEM) or its JWKS
URL; such an authority verifies only and mints nothing.

Whoever signed it, a token is refused when it lives longer than the maximum lifetime (a stolen token
is useful that long at most), when it grants a role no token may carry (``system``), and when it makes a
unit representative without naming the unit (such a token would read the whole tenant), and when its
subject (``sub``, stored as the actor of every event its commands record and shown in history) is no
text a name may be: control characters, lone surrogates, bidirectional controls, nothing visible, or more
than :data:`MAX_SUBJECT_LENGTH` characters (domain/text.py's rules). Whether its
tenant exists is the registry's to say, per request (see graphql/context.py).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt

from isotrail.domain.errors import IsotrailError
from isotrail.domain.input_errors import InvalidTenantSlugError, InvalidValueError
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.text import clean_text
from isotrail.services import token_faults
from isotrail.services.token_faults import TokenFault

ALGORITHM = "HS256"
ISSUER = "isotrail"
MIN_SECRET_LENGTH = 32
MAX_TTL_SECONDS = 24 * 3600
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


class TokenAuthority:
    def __init__(self, secret: str | None = None, *, ttl_seconds: int = 8 * 3600,
                 max_ttl_seconds: int = MAX_TTL_SECONDS, public_key: str | None = None,
                 jwks_url: str | None = None) -> None:
        if public_key or jwks_url:
            self._algorithm, self._secret = "RS256", None
            self._verify_key: Any = public_key
            self._jwks = jwt.PyJWKClient(jwks_url) if jwks_url else None
        else:
            if secret is None or len(secret) < MIN_SECRET_LENGTH:
                raise ValueError("the token secret must be at least 32 characters")
            self._algorithm, self._secret, self._verify_key, self._jwks = ALGORITHM, secret, secret, None
        if not 0 < ttl_seconds <= max_ttl_seconds:
            raise ValueError("the token lifetime must be positive and at most the maximum lifetime")
        self._ttl, self._max_ttl = ttl_seconds, max_ttl_seconds

    @classmethod
    def for_home(cls, secret: str | None, home: Path, ttl_seconds: int, *, max_ttl_seconds: int = MAX_TTL_SECONDS,
                 public_key: str | None = None, jwks_url: str | None = None) -> TokenAuthority:
        lifetimes = {"ttl_seconds": ttl_seconds, "max_ttl_seconds": max_ttl_seconds}
        if public_key or jwks_url:
            return cls(public_key=public_key, jwks_url=jwks_url, **lifetimes)
        if secret:
            return cls(secret, **lifetimes)
        path = home.expanduser() / "jwt-secret"
        if not path.exists():
            home.expanduser().mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return cls(path.read_text().strip(), **lifetimes)

    def mint(self, *, tenant: Tenant, role: Role, subject: str, unit_id: UUID | None = None,
             ttl_seconds: int | None = None) -> str:
        """A signed token; refuses (:class:`InvalidTokenError`) what :meth:`verify` would refuse: the
        ``system`` role, a unit representative without its unit, a lifetime above the maximum."""
        if self._secret is None:
            raise InvalidTokenError(TokenFault("máy chủ này chỉ xác minh mã RS256 của nhà cung cấp định danh, "
                                               "không phát hành mã",
                                               "this server verifies RS256 tokens of an identity provider; "
                                               "it mints none"))
        now, ttl = int(time.time()), ttl_seconds or self._ttl
        claims = {"iss": ISSUER, "sub": subject, "iat": now, "exp": now + ttl,
                  "tenant": tenant.slug, "role": str(role)}
        if unit_id is not None:
            claims["unit_id"] = str(unit_id)
        _principal(claims, self._max_ttl)
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Principal:
        """The principal of a valid token; raises :class:`InvalidTokenError` with the reason in both
        languages otherwise (``alg: none`` too)."""
        try:
            key = self._jwks.get_signing_key_from_jwt(token).key if self._jwks else self._verify_key
            claims = jwt.decode(token, key, algorithms=[self._algorithm], issuer=ISSUER,
                                options={"require": ["exp", "iat", "sub", "iss"]})
        except jwt.PyJWTError as error:
            raise InvalidTokenError(token_faults.fault_of(error)) from None
        return _principal(claims, self._max_ttl)


def _principal(claims: dict[str, Any], max_ttl_seconds: int) -> Principal:
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


def token_expiry(token: str) -> float:
    """When a token that :meth:`TokenAuthority.verify` accepted (which requires ``exp``) expires, in seconds
    since the epoch: a subscription socket opened with it closes then."""
    return float(jwt.decode(token, options={"verify_signature": False})["exp"])
