"""Settings: read once from the environment (and an optional ``.env``), in small typed sections.

This is the only module that reads environment variables. Real environment variables always win over
``.env``. Every setting is documented in the README with its default.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    pool_timeout_seconds: int = Field(30, ge=1)
    aggregate_cache_size: int = Field(1000, ge=0)


class ProjectionSettings(BaseModel):
    """The read side's projector: batch size, wake-up intervals, pool size, and whether serve runs one."""

    batch_size: int = Field(5000, ge=1)
    poll_seconds: float = Field(1.0, gt=0)
    discover_seconds: float = Field(2.0, gt=0)
    pool_size: int = Field(4, ge=2)
    run_in_serve: bool = True


class AuthSettings(BaseModel):
    """Token verification: HS256 with ``secret`` (≥ 32 characters; unset → a secret kept in ISOTRAIL_HOME),
    or RS256 with an identity provider's ``public_key`` (PEM) or ``jwks_url``."""

    secret: str | None = None
    public_key: str | None = None
    jwks_url: str | None = None
    token_ttl_seconds: int = Field(8 * 3600, ge=60)


class HttpSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)


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
    demo_tenant: str = "soc_trang"



@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
