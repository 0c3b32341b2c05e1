"""Tokens: verified JWTs carry the tenant and the role. The tenant never comes from anything else.

HS256 with a secret from the settings; when none is set (a developer's machine), a random secret is
made once and kept in ``<ISOTRAIL_HOME>/jwt-secret`` (mode 0600), so that tokens survive restarts.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import jwt

from isotrail.domain.errors import InvalidTenantSlugError, IsotrailError
from isotrail.domain.tenancy import validate_tenant_slug
from isotrail.domain.values import Role

ALGORITHM = "HS256"
ISSUER = "isotrail"
MIN_SECRET_LENGTH = 32


class InvalidTokenError(IsotrailError):
    """Missing, expired, forged or malformed token."""

    code = "invalid_token"
    template_vi = "Mã xác thực không hợp lệ hoặc đã hết hạn: {reason}"
    template_en = "Invalid or expired token: {reason}"


@dataclass(frozen=True)
class Principal:
    """Who calls, as the verified token says: subject, tenant, role, and the unit of a unit representative."""

    subject: str
    tenant: str
    role: Role
    unit_id: UUID | None = None


class TokenAuthority:
    def __init__(self, secret: str, *, ttl_seconds: int = 8 * 3600) -> None:
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError("the token secret must be at least 32 characters")
        self._secret = secret
        self._ttl = ttl_seconds

    @classmethod
    def for_home(cls, secret: str | None, home: Path, ttl_seconds: int) -> TokenAuthority:
        if secret:
            return cls(secret, ttl_seconds=ttl_seconds)
        path = home.expanduser() / "jwt-secret"
        if not path.exists():
            home.expanduser().mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return cls(path.read_text().strip(), ttl_seconds=ttl_seconds)

    def mint(self, *, tenant: str, role: Role, subject: str, unit_id: UUID | None = None,
             ttl_seconds: int | None = None) -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "sub": subject, "iat": now, "exp": now + (ttl_seconds or self._ttl),
                  "tenant": validate_tenant_slug(tenant), "role": Role(role).value}
        if unit_id is not None:
            claims["unit_id"] = str(unit_id)
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Principal:
        """The principal of a valid token; raises :class:`InvalidTokenError` otherwise (``alg: none`` too)."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=[ALGORITHM], issuer=ISSUER,
                                options={"require": ["exp", "iat", "sub", "iss"]})
            unit_id = claims.get("unit_id")
            return Principal(str(claims["sub"]), validate_tenant_slug(claims["tenant"]), Role(claims["role"]),
                             UUID(unit_id) if unit_id else None)
        except jwt.ExpiredSignatureError:
            raise InvalidTokenError(reason="expired") from None
        except (jwt.PyJWTError, KeyError, ValueError, InvalidTenantSlugError) as error:
            raise InvalidTokenError(reason=type(error).__name__) from None
