"""The registry's tables, ``isotrail.tenants`` and ``isotrail.placements``: their DDL, the statements that read
and change them, and a tenant's row as read.

``tenants`` holds one row per province DOST; ``placements`` says which server holds a moved tenant's schema
(no row, or a NULL server: the registry's own). It is a table of its own so that the ``tenants`` rows keep
their shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services.not_found_errors import TenantNotFoundError

REGISTRY_SCHEMA = "isotrail"
_TENANTS = quoted(REGISTRY_SCHEMA, "tenants")
_PLACEMENTS = quoted(REGISTRY_SCHEMA, "placements")
SELECT = ("SELECT t.slug, t.display_name, t.status, t.schema_name, t.created_at, t.updated_at, "
          f"p.server, p.moved_at FROM {_TENANTS} t LEFT JOIN {_PLACEMENTS} p USING (slug)")
SELECT_ALL = f"{SELECT} ORDER BY slug"
SELECT_ONE = f"{SELECT} WHERE slug = %s"
LOCK_ONE = f"{SELECT_ONE} FOR UPDATE OF t"
INSERT = f"INSERT INTO {_TENANTS} (slug, display_name, schema_name) VALUES (%s, %s, %s)"
SET_STATUS = f"UPDATE {_TENANTS} SET status = %s, updated_at = now() WHERE slug = %s"
PLACE = (f"INSERT INTO {_PLACEMENTS} (slug, server, moved_at) VALUES (%s, %s, %s) ON CONFLICT (slug) "
         "DO UPDATE SET server = EXCLUDED.server, moved_at = EXCLUDED.moved_at")
DELETE = f"DELETE FROM {_TENANTS} WHERE slug = %s"
CREATE = f"""
CREATE SCHEMA IF NOT EXISTS {quoted(REGISTRY_SCHEMA)};
CREATE TABLE IF NOT EXISTS {_TENANTS} (
    slug text PRIMARY KEY,
    display_name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    schema_name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {_PLACEMENTS} (
    slug text PRIMARY KEY REFERENCES {_TENANTS} (slug) ON DELETE CASCADE,
    server text,  -- a libpq URL without password; NULL: the registry's own server
    moved_at timestamptz NOT NULL
);
"""


@dataclass(frozen=True)
class TenantRecord:
    slug: str
    display_name: str
    status: TenantStatus
    schema_name: str
    created_at: datetime
    updated_at: datetime
    server: str | None = None  # the server holding its schema; None: the registry's own
    moved_at: datetime | None = None  # when it last moved; None: never


def find(conn: Any, tenant: Tenant, *, lock: bool = False) -> TenantRecord | None:
    """The tenant's row (locked for the transaction with ``lock``); None: no such tenant."""
    row = conn.execute(LOCK_ONE if lock else SELECT_ONE, (tenant.slug,)).fetchone()
    return None if row is None else record(row)


def require(conn: Any, tenant: Tenant, *, lock: bool = False) -> TenantRecord:
    """The tenant's row; raises :class:`TenantNotFoundError`."""
    found = find(conn, tenant, lock=lock)
    if found is None:
        raise TenantNotFoundError(slug=tenant.slug)
    return found


def record(row: Any) -> TenantRecord:
    slug, display_name, status, schema_name, created_at, updated_at, server, moved_at = tuple(row)
    return TenantRecord(slug, display_name, TenantStatus(status), schema_name, created_at, updated_at, server, moved_at)
