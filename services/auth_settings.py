"""The settings of tokens (``ISOTRAIL_AUTH__*``): the key that verifies them, who must have issued them and
for whom, which claims say the tenant, the role and the unit, and their lifetimes. Read by
services/settings.py; services/auth.py's ``TokenAuthority`` uses them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator, model_validator

CLAIM_PATH = re.compile(r"[^\s.]+(\.[^\s.]+)*")  # a claim's name, or names joined by dots (realm_access.roles)


class AuthSettings(BaseModel):
    """Token verification: HS256 with ``secret`` (≥ 32 characters; unset → a secret kept in ISOTRAIL_HOME),
    or RS256 with an identity provider's ``public_key`` (PEM) or ``jwks_url``. A token that lives longer
    than ``max_token_ttl_seconds`` (from ``iat`` to ``exp``) is refused, whoever signed it.

    A token must be issued by ``issuer`` (``iss``) and, with ``audience`` set (one value, or a JSON list of
    several), name one of them in ``aud``. ``tenant_claim``, ``role_claim`` and ``unit_claim`` name the
    claims saying the tenant's slug, the role (or a list of roles holding exactly one of isotrail's) and a
    unit representative's unit, each a name or a dotted path into nested claims. The JWKS key set is kept
    ``jwks_cache_seconds``, fetched again for an unknown key id at most once per ``jwks_refetch_seconds``,
    and waited for at most ``jwks_timeout_seconds``."""

    secret: str | None = None
    public_key: str | None = None
    jwks_url: str | None = None
    issuer: str = Field("isotrail", min_length=1)
    audience: list[str] | str = Field(default_factory=list)
    tenant_claim: str = "tenant"
    role_claim: str = "role"
    unit_claim: str = "unit_id"
    jwks_cache_seconds: float = Field(300.0, gt=0)
    jwks_refetch_seconds: float = Field(30.0, gt=0)
    jwks_timeout_seconds: float = Field(5.0, gt=0, le=60)
    token_ttl_seconds: int = Field(8 * 3600, ge=60)
    max_token_ttl_seconds: int = Field(24 * 3600, ge=60)

    @property
    def audiences(self) -> tuple[str, ...]:
        return (self.audience,) if isinstance(self.audience, str) else tuple(self.audience)

    @field_validator("audience")
    @classmethod
    def _audiences(cls, audience: list[str] | str) -> list[str] | str:
        if any(not value.strip() for value in ([audience] if isinstance(audience, str) else audience)):
            raise ValueError("an audience must not be blank")
        return audience

    @field_validator("tenant_claim", "role_claim", "unit_claim")
    @classmethod
    def _claim_path(cls, path: str) -> str:
        if not CLAIM_PATH.fullmatch(path):
            raise ValueError(f"not a claim's name or a dotted path of names (realm_access.roles): {path!r}")
        return path

    @field_validator("jwks_url")
    @classmethod
    def _web_address(cls, url: str | None) -> str | None:
        if url is not None and (urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc):
            raise ValueError(f"not an http(s) URL: {url!r}")
        return url

    @model_validator(mode="after")
    def _one_way_to_verify(self) -> AuthSettings:
        if self.token_ttl_seconds > self.max_token_ttl_seconds:
            raise ValueError("ISOTRAIL_AUTH__TOKEN_TTL_SECONDS must not exceed ISOTRAIL_AUTH__MAX_TOKEN_TTL_SECONDS")
        if self.public_key and self.jwks_url:
            raise ValueError("set ISOTRAIL_AUTH__PUBLIC_KEY or ISOTRAIL_AUTH__JWKS_URL, not both")
        return self
