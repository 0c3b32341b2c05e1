"""Tokens: verified JWTs carry the tenant and the role. The tenant never comes from anything else.

HS256 with a secret from the settings by default; when none is set (a developer's machine), a random
secret is made once and kept in ``<ISOTRAIL_HOME>/jwt-secret`` (mode 0600), so that tokens survive
restarts. RS256 verifies tokens of an external identity provider, with its public key (PEM) or its JWKS
URL; such an authority verifies only and mints nothing.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
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
    def __init__(self, secret: str | None = None, *, ttl_seconds: int = 8 * 3600, public_key: str | None = None,
                 jwks_url: str | None = None) -> None:
        if public_key or jwks_url:
            self._algorithm, self._secret = "RS256", None
            self._verify_key: Any = public_key
            self._jwks = jwt.PyJWKClient(jwks_url) if jwks_url else None
        else:
            if secret is None or len(secret) < MIN_SECRET_LENGTH:
                raise ValueError("the token secret must be at least 32 characters")
            self._algorithm, self._secret, self._verify_key, self._jwks = ALGORITHM, secret, secret, None
        self._ttl = ttl_seconds

    @classmethod
    def for_home(cls, secret: str | None, home: Path, ttl_seconds: int, *, public_key: str | None = None,
                 jwks_url: str | None = None) -> TokenAuthority:
        if public_key or jwks_url:
            return cls(ttl_seconds=ttl_seconds, public_key=public_key, jwks_url=jwks_url)
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
        if self._secret is None:
            raise InvalidTokenError(reason="this server verifies RS256 tokens of an identity provider; it mints none")
        now = int(time.time())
        claims = {"iss": ISSUER, "sub": subject, "iat": now, "exp": now + (ttl_seconds or self._ttl),
                  "tenant": validate_tenant_slug(tenant), "role": Role(role).value}
        if unit_id is not None:
            claims["unit_id"] = str(unit_id)
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Principal:
        """The principal of a valid token; raises :class:`InvalidTokenError` otherwise (``alg: none`` too)."""
        try:
            key = self._jwks.get_signing_key_from_jwt(token).key if self._jwks else self._verify_key
            claims = jwt.decode(token, key, algorithms=[self._algorithm], issuer=ISSUER,
                                options={"require": ["exp", "iat", "sub", "iss"]})
            unit_id = claims.get("unit_id")
            return Principal(str(claims["sub"]), validate_tenant_slug(claims["tenant"]), Role(claims["role"]),
                             UUID(unit_id) if unit_id else None)
        except jwt.ExpiredSignatureError:
            raise InvalidTokenError(reason="expired") from None
        except (jwt.PyJWTError, KeyError, ValueError, InvalidTenantSlugError) as error:
            raise InvalidTokenError(reason=type(error).__name__) from None
