"""The settings of tokens (``ISOTRAIL_AUTH__*``): the key that verifies them and their lifetimes. Read by
services/settings.py; services/auth.py's ``TokenAuthority`` uses them."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator


class AuthSettings(BaseModel):
    """Token verification: HS256 with ``secret`` (≥ 32 characters; unset → a secret kept in ISOTRAIL_HOME),
    or RS256 with an identity provider's ``public_key`` (PEM) or ``jwks_url``. A token that lives longer
    than ``max_token_ttl_seconds`` (from ``iat`` to ``exp``) is refused, whoever signed it."""

    secret: str | None = None
    public_key: str | None = None
    jwks_url: str | None = None
    token_ttl_seconds: int = Field(8 * 3600, ge=60)
    max_token_ttl_seconds: int = Field(24 * 3600, ge=60)

    @model_validator(mode="after")
    def _minted_tokens_are_accepted(self) -> AuthSettings:
        if self.token_ttl_seconds > self.max_token_ttl_seconds:
            raise ValueError("ISOTRAIL_AUTH__TOKEN_TTL_SECONDS must not exceed ISOTRAIL_AUTH__MAX_TOKEN_TTL_SECONDS")
        return self
