"""Tokens: JWTs signed and verified by the :class:`TokenAuthority`; a verified one carries the tenant and the
role. The tenant never comes from anything else.

HS256 with a secret from the settings by default; when none is set (a developer's machine), a random
secret is made once and kept in ``<ISOTRAIL_HOME>/jwt-secret`` (mode 0600), so that tokens survive
restarts. RS256 verifies tokens of an external identity provider, with its public key (PEM) or its JWKS
URL; such an authority verifies only and mints nothing. What a token may say, whoever signed it, is
services/token_claims.py's to decide.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services import token_faults
from isotrail.services.token_claims import InvalidTokenError, Principal, principal_of

ALGORITHM = "HS256"
ISSUER = "isotrail"
MIN_SECRET_LENGTH = 32
MAX_TTL_SECONDS = 24 * 3600


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
            raise InvalidTokenError(token_faults.MINTS_NONE)
        now, ttl = int(time.time()), ttl_seconds or self._ttl
        claims = {"iss": ISSUER, "sub": subject, "iat": now, "exp": now + ttl,
                  "tenant": tenant.slug, "role": str(role)}
        if unit_id is not None:
            claims["unit_id"] = str(unit_id)
        principal_of(claims, self._max_ttl)
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
        return principal_of(claims, self._max_ttl)


def token_expiry(token: str) -> float:
    """When a token that :meth:`TokenAuthority.verify` accepted (which requires ``exp``) expires, in seconds
    since the epoch: a subscription socket opened with it closes then."""
    return float(jwt.decode(token, options={"verify_signature": False})["exp"])
