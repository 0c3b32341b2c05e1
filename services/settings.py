"""Settings: read once from the environment (and an optional ``.env``), in small typed sections.

This is the only module that reads environment variables. Real environment variables always win over
``.env``. Every setting is documented in the README with its default.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from isotrail.domain.errors import IsotrailError


class SettingRequiredError(IsotrailError):
    """A deployed process lacks a setting it cannot run correctly without."""

    code = "setting_required"
    template_vi = "Cần đặt biến môi trường {variable}: {reason_vi}."
    template_en = "{variable} must be set: {reason_en}."


class DatabaseSettings(BaseModel):
    connect_timeout_seconds: int = 10


class TenantSettings(BaseModel):
    """Bounds on the per-tenant eventsourcing Applications and their connection pools.

    At most ``max_open`` Applications are open at once, each with at most
    ``pool_size + pool_max_overflow`` connections: 24 × 2 = 48 connections however many tenants
    there are, well inside PostgreSQL's default ``max_connections = 100``.
    """

    max_open: int = Field(24, ge=1)
    pool_size: int = Field(0, ge=0)
    pool_max_overflow: int = Field(2, ge=1)
    pool_timeout_seconds: int = Field(2, ge=1)
    aggregate_cache_size: int = Field(1000, ge=0)


class ProjectionSettings(BaseModel):
    """The read side's projector: batch size, wake-up intervals, pool size, and whether serve runs one."""

    batch_size: int = Field(20_000, ge=1)
    poll_seconds: float = Field(1.0, gt=0)
    discover_seconds: float = Field(2.0, gt=0)
    pool_size: int = Field(4, ge=2)
    run_in_serve: bool = True


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


class HttpSettings(BaseModel):
    """Where the API listens, its read pool, how long SIGTERM waits for requests in flight, how long and
    large a request may be on the wire, which browser pages it serves, and how many subscription sockets
    a process holds and subscriptions a token's subject (and a socket) may open.

    ``graphiql`` unset means on for ``serve`` (a developer's machine) and off for ``api`` (a deployment);
    Litestar's OpenAPI pages (``/schema``, Swagger UI from a CDN) are off unless ``openapi`` is set.
    """

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    read_pool_size: int = Field(8, ge=1)
    graceful_shutdown_seconds: float = Field(20.0, gt=0)
    request_read_seconds: float = Field(15.0, gt=0)
    keep_alive_seconds: int = Field(5, ge=1)
    max_header_bytes: int = Field(16_384, ge=1024)
    max_headers: int = Field(100, ge=10)
    graphiql: bool | None = None
    openapi: bool = False
    max_sockets: int = Field(1000, ge=1)
    max_subscriptions_per_token: int = Field(20, ge=1)


class MetricsSettings(BaseModel):
    """Who may read ``/metrics``: with ``port`` set, a listener of its own on ``host:port`` serves them
    (and the API's listener does not); with ``token`` set, only requests bearing it get them. With
    neither, no listener serves them."""

    token: str | None = Field(None, min_length=16)
    host: str = "127.0.0.1"
    port: int | None = Field(None, ge=0, le=65535)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ISOTRAIL_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    home: Path = Path(".isotrail")
    database_url: str | None = Field(None, validation_alias="DATABASE_URL")  # unset: embedded server
    db: DatabaseSettings = DatabaseSettings()
    tenants: TenantSettings = TenantSettings()
    projections: ProjectionSettings = ProjectionSettings()
    auth: AuthSettings = AuthSettings()
    http: HttpSettings = HttpSettings()
    metrics: MetricsSettings = MetricsSettings()
    demo_tenant: str = "soc_trang"

    def require_deployable(self) -> None:
        """Refuse to run a deployed API process on settings that only suit one developer's machine.

        Raises:
            SettingRequiredError: ``DATABASE_URL`` is unset (each process would start its own embedded
                server), or no token key is set (each process would make its own random secret, so a
                token minted for one replica would be refused by another).
        """
        if not self.database_url:
            raise SettingRequiredError(
                variable="DATABASE_URL",
                reason_vi="mọi tiến trình phải dùng chung một PostgreSQL, không dùng máy chủ nhúng",
                reason_en="every process must share one PostgreSQL, not an embedded server")
        if not (self.auth.secret or self.auth.public_key or self.auth.jwks_url):
            raise SettingRequiredError(
                variable="ISOTRAIL_AUTH__SECRET",
                reason_vi="mọi bản sao API phải xác thực cùng một khóa (hoặc đặt ISOTRAIL_AUTH__PUBLIC_KEY, "
                          "ISOTRAIL_AUTH__JWKS_URL)",
                reason_en="every API replica must verify with the same key (or set ISOTRAIL_AUTH__PUBLIC_KEY, "
                          "ISOTRAIL_AUTH__JWKS_URL)")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
