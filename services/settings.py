"""Settings: read once from the environment (and an optional ``.env``), in small typed sections: how
PostgreSQL is used (``database_settings.py``), tokens (``auth_settings.py``) and the listeners
(``http_settings.py``).

This is the only module that reads environment variables. Real environment variables always win over
``.env``. Every setting is documented in the README with its default.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from isotrail.domain.errors import IsotrailError
from isotrail.services.auth_settings import AuthSettings
from isotrail.services.database_settings import DatabaseSettings, ProjectionSettings, TenantSettings
from isotrail.services.documents.settings import DocumentSettings
from isotrail.services.http_settings import HttpSettings, MetricsSettings


class SettingRequiredError(IsotrailError):
    """A deployed process lacks a setting it cannot run correctly without."""

    code = "setting_required"
    template_vi = "Cần đặt biến môi trường {variable}: {reason_vi}."
    template_en = "{variable} must be set: {reason_en}."


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
    documents: DocumentSettings = DocumentSettings()
    demo_tenant: str = "soc_trang"

    def require_deployable(self) -> None:
        """Refuse to run a deployed API process on settings that only suit one developer's machine.

        Raises:
            SettingRequiredError: ``DATABASE_URL`` is unset (each process would start its own embedded
                server), or no token key is set (each process would make its own random secret, so a
                token minted for one replica would be refused by another), or tokens come from an identity
                provider and no document link key is set (a link signed by one replica would be refused by another).
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
        if not (self.auth.secret or self.documents.link_secret):
            raise SettingRequiredError(
                variable="ISOTRAIL_DOCUMENTS__LINK_SECRET",
                reason_vi="mọi bản sao API phải ký đường dẫn tải văn bản bằng cùng một khóa (khi mã xác thực do nhà "
                          "cung cấp định danh ký)",
                reason_en="every API replica must sign document links with the same key (when tokens are signed by "
                          "an identity provider)")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
