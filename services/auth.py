"""Tokens: JWTs signed and verified by the :class:`TokenAuthority`; a verified one carries the tenant and the
role. The tenant never comes from anything else.

HS256 with a secret from the settings by default; when none is set (a developer's machine), a random
secret is made once and kept in ``<ISOTRAIL_HOME>/jwt-secret`` (mode 0600), so that tokens survive
restarts. RS256 verifies tokens of an external identity provider (Keycloak, Microsoft Entra ID), with its
public key (PEM) or its JWKS URL (services/signing_keys.py fetches and keeps those keys); such an authority
verifies only and mints nothing. Whoever signed it, a token must be issued by the configured issuer
(``iss``) and, when audiences are configured, be meant for one of them (``aud``); a token naming an
audience when none is configured is refused too. What a token may say, and which claims say it, is
services/token_claims.py's to decide.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt
from jwt.utils import base64url_decode

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services import token_faults
from isotrail.services.auth_settings import AuthSettings
from isotrail.services.signing_keys import SigningKeys
from isotrail.services.token_claims import DEFAULT_CLAIMS, ClaimNames, InvalidTokenError, Principal, principal_of
from isotrail.services.verified_tokens import VerifiedTokens

ALGORITHM = "HS256"
ISSUER = "isotrail"
MIN_SECRET_LENGTH = 32
MAX_TTL_SECONDS = 24 * 3600


class TokenAuthority:
    def __init__(self, secret: str | None = None, *, ttl_seconds: int = 8 * 3600,
                 max_ttl_seconds: int = MAX_TTL_SECONDS, public_key: str | None = None,
                 signing_keys: SigningKeys | None = None, issuer: str = ISSUER, audience: Sequence[str] = (),
                 claims: ClaimNames = DEFAULT_CLAIMS) -> None:
        if public_key or signing_keys:
            self._algorithm, self._secret = "RS256", None
            self._verify_key: Any = public_key
            self._signing_keys = signing_keys
        else:
            if secret is None or len(secret) < MIN_SECRET_LENGTH:
                raise ValueError("the token secret must be at least 32 characters")
            self._algorithm, self._secret, self._verify_key, self._signing_keys = ALGORITHM, secret, secret, None
        if not 0 < ttl_seconds <= max_ttl_seconds:
            raise ValueError("the token lifetime must be positive and at most the maximum lifetime")
        self._ttl, self._max_ttl = ttl_seconds, max_ttl_seconds
        self._issuer, self._audience, self._claims = issuer, tuple(audience), claims
        required = ["exp", "iat", "sub", "iss", *(["aud"] if self._audience else [])]
        self._options = {"require": required}
        self._verified = VerifiedTokens()

    @classmethod
    def for_settings(cls, auth: AuthSettings, home: Path) -> TokenAuthority:
        """The authority the settings describe: RS256 with a public key or a JWKS URL, else HS256 with the
        secret, else with the secret kept in ``home``."""
        rules = {"ttl_seconds": auth.token_ttl_seconds, "max_ttl_seconds": auth.max_token_ttl_seconds,
                 "issuer": auth.issuer, "audience": auth.audiences,
                 "claims": ClaimNames(auth.tenant_claim, auth.role_claim, auth.unit_claim)}
        if auth.jwks_url:
            keys = SigningKeys(auth.jwks_url, cache_seconds=auth.jwks_cache_seconds,
                               refetch_seconds=auth.jwks_refetch_seconds, timeout_seconds=auth.jwks_timeout_seconds)
            return cls(signing_keys=keys, **rules)
        if auth.public_key:
            return cls(public_key=auth.public_key, **rules)
        return cls(auth.secret or _home_secret(home), **rules)

    def mint(self, *, tenant: Tenant, role: Role, subject: str, unit_id: UUID | None = None,
             ttl_seconds: int | None = None) -> str:
        """A signed token; refuses (:class:`InvalidTokenError`) what :meth:`verify` would refuse: the
        ``system`` role, a unit representative without its unit, a lifetime above the maximum."""
        if self._secret is None:
            raise InvalidTokenError(token_faults.MINTS_NONE)
        now, ttl = int(time.time()), ttl_seconds or self._ttl
        claims = {"iss": self._issuer, "sub": subject, "iat": now, "exp": now + ttl,
                  **({"aud": self._audience[0]} if self._audience else {}),
                  **self._claims.written(tenant, role, unit_id)}
        principal_of(claims, self._max_ttl, self._claims)
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    async def verify(self, token: str) -> Principal:
        """The principal of a valid token; raises :class:`InvalidTokenError` with the reason in both
        languages otherwise (``alg: none`` too), and :class:`TokenVerificationUnavailableError` when the
        identity provider's keys cannot be fetched to tell. A token verified before with the same key, and not
        expired since, is not checked again (services/verified_tokens.py)."""
        try:
            key = await self._key(token)
            known = self._verified.principal(token, key)
            if known is not None:
                return known
            claims = jwt.decode(token, key, algorithms=[self._algorithm], issuer=self._issuer,
                                audience=self._audience or None, options=self._options)
        except jwt.PyJWTError as error:
            raise InvalidTokenError(token_faults.fault_of(error, self._issuer)) from None
        principal = principal_of(claims, self._max_ttl, self._claims)
        self._verified.keep(token, principal, int(claims["exp"]), key)
        return principal

    async def _key(self, token: str) -> Any:
        """The key that verifies ``token``: this server's, or the identity provider's key its header names
        (for a token signed with the expected algorithm only: any other asks the identity provider nothing)."""
        if self._signing_keys is None:
            return self._verify_key
        header = _header(token)
        if header.get("alg") != self._algorithm:
            raise jwt.InvalidAlgorithmError("not the expected algorithm")
        return (await self._signing_keys.key(header.get("kid"))).key


def _header(token: str) -> dict[str, Any]:
    """The token's header, unverified, read from its first segment alone: PyJWT's reader checks every segment
    character by character (tens of microseconds for an identity provider's token), which decoding does again."""
    try:
        header = json.loads(base64url_decode(token.split(".", 1)[0].encode()))
    except (ValueError, RecursionError):  # not base64url, not UTF-8, not JSON, or nested beyond reason
        raise jwt.DecodeError("the header is not a JSON object") from None
    if not isinstance(header, dict):
        raise jwt.DecodeError("the header is not a JSON object")
    return header


def _home_secret(home: Path) -> str:
    """The secret kept in ``home`` (made there, readable by this user only, on first use)."""
    path = home.expanduser() / "jwt-secret"
    if not path.exists():
        home.expanduser().mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def token_expiry(token: str) -> float:
    """When a token that :meth:`TokenAuthority.verify` accepted (which requires ``exp``) expires, in seconds
    since the epoch: a subscription socket opened with it closes then."""
    return float(jwt.decode(token, options={"verify_signature": False})["exp"])
