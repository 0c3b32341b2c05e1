"""The one composition root: settings in, wired infrastructure out. No other module builds it."""

from __future__ import annotations

from dataclasses import dataclass

from isotrail.services.auth import TokenAuthority
from isotrail.services.database import Database, resolve_database_url
from isotrail.services.settings import Settings, get_settings
from isotrail.services.tenants import TenantRegistry


@dataclass
class Services:
    settings: Settings
    database: Database
    tenants: TenantRegistry
    tokens: TokenAuthority

    def close(self) -> None:
        self.tenants.close()


def bootstrap(settings: Settings | None = None) -> Services:
    """Connect to PostgreSQL (starting the embedded one if no URL is set) and build the registry."""
    settings = settings or get_settings()
    database = Database(resolve_database_url(settings), settings.db.connect_timeout_seconds)
    auth = settings.auth
    tokens = TokenAuthority.for_home(auth.secret, settings.home, auth.token_ttl_seconds,
                                     max_ttl_seconds=auth.max_token_ttl_seconds, public_key=auth.public_key,
                                     jwks_url=auth.jwks_url)
    return Services(settings, database, TenantRegistry(database, settings.tenants), tokens)
