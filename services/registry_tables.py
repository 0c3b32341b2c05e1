"""The registry's tables, ``isotrail.tenants``, ``isotrail.placements`` and ``isotrail.tenant_merges``: their
DDL, the statements that read and change them, and a tenant's row as read.

``tenants`` holds one row per province DOST; ``placements`` says which server holds a moved tenant's schema
(no row, or a NULL server: the registry's own); ``tenant_merges`` says which successor each merged tenant was
merged into, from when, by which decision, with its lineage number (domain/lineage.py). Each is a table of its
own so that the ``tenants`` rows keep their shape. A tenant's row is read with its successor, if merged, and
its lineage: every tenant merged into it, directly or through another merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from isotrail.domain.identifiers import quoted
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.services.not_found_errors import TenantNotFoundError

REGISTRY_SCHEMA = "isotrail"
_TENANTS = quoted(REGISTRY_SCHEMA, "tenants")
_PLACEMENTS = quoted(REGISTRY_SCHEMA, "placements")
_MERGES = quoted(REGISTRY_SCHEMA, "tenant_merges")
# every (successor, predecessor) pair, through any number of merges, with the predecessor's lineage number
_LINEAGE = ("WITH RECURSIVE lineage (successor, predecessor, number) AS ("
            f"SELECT successor, predecessor, lineage_number FROM {_MERGES} UNION "
            f"SELECT l.successor, m.predecessor, m.lineage_number FROM lineage l JOIN {_MERGES} m "
            "ON m.successor = l.predecessor) ")
SELECT = (_LINEAGE + "SELECT t.slug, t.display_name, t.status, t.schema_name, t.created_at, t.updated_at, "
          "p.server, p.moved_at, m.successor, m.effective_on, m.decision_number, m.decision_date, "
          "ARRAY(SELECT l.predecessor FROM lineage l WHERE l.successor = t.slug ORDER BY l.number) "
          f"FROM {_TENANTS} t LEFT JOIN {_PLACEMENTS} p USING (slug) LEFT JOIN {_MERGES} m ON m.predecessor = t.slug")
SELECT_ALL = f"{SELECT} ORDER BY t.slug"
SELECT_ONE = f"{SELECT} WHERE t.slug = %s"
LOCK_ONE = f"SELECT slug FROM {_TENANTS} WHERE slug = %s FOR UPDATE"
INSERT = f"INSERT INTO {_TENANTS} (slug, display_name, schema_name) VALUES (%s, %s, %s)"
SET_STATUS = f"UPDATE {_TENANTS} SET status = %s, updated_at = now() WHERE slug = %s"
PLACE = (f"INSERT INTO {_PLACEMENTS} (slug, server, moved_at) VALUES (%s, %s, %s) ON CONFLICT (slug) "
         "DO UPDATE SET server = EXCLUDED.server, moved_at = EXCLUDED.moved_at")
DELETE = f"DELETE FROM {_TENANTS} WHERE slug = %s"
MERGE = (f"INSERT INTO {_MERGES} (predecessor, successor, effective_on, decision_number, decision_date) "
         "VALUES (%s, %s, %s, %s, %s)")
LINEAGES = (_LINEAGE + "SELECT l.successor, l.predecessor, l.number, t.display_name FROM lineage l "
            f"JOIN {_TENANTS} t ON t.slug = l.predecessor ORDER BY l.successor, l.number")
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
CREATE TABLE IF NOT EXISTS {_MERGES} (
    predecessor text PRIMARY KEY REFERENCES {_TENANTS} (slug) ON DELETE CASCADE,
    successor text NOT NULL REFERENCES {_TENANTS} (slug) ON DELETE CASCADE CHECK (successor <> predecessor),
    effective_on date NOT NULL,  -- from when the predecessor is part of the successor (01/07/2025)
    decision_number text,  -- the decision that ordered it ("202/2025/QH15"), when given
    decision_date date,
    merged_at timestamptz NOT NULL DEFAULT now(),
    lineage_number integer GENERATED ALWAYS AS IDENTITY UNIQUE  -- domain/lineage.py: never reused
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
    merged_into: str | None = None  # the successor's slug, when merged
    merged_on: date | None = None  # the merge's effective date
    predecessors: tuple[str, ...] = ()  # every tenant merged into it (directly or not), by lineage number
    merged_by: tuple[str | None, date | None] = (None, None)  # the merge's decision (number, date), when given


def find(conn: Any, tenant: Tenant, *, lock: bool = False) -> TenantRecord | None:
    """The tenant's row (locked for the transaction with ``lock``); None: no such tenant.

    Locked first, then read by a statement of its own: a row locked after waiting for another transaction is
    read as that one committed it, with its merge row too (a locking read that joins would see the new row
    beside the joined rows of before the wait: ``merged`` with no successor)."""
    if lock:
        conn.execute(LOCK_ONE, (tenant.slug,))
    row = conn.execute(SELECT_ONE, (tenant.slug,)).fetchone()
    return None if row is None else record(row)


def require(conn: Any, tenant: Tenant, *, lock: bool = False) -> TenantRecord:
    """The tenant's row; raises :class:`TenantNotFoundError`."""
    found = find(conn, tenant, lock=lock)
    if found is None:
        raise TenantNotFoundError(slug=tenant.slug)
    return found


def record(row: Any) -> TenantRecord:
    (slug, display_name, status, schema_name, created_at, updated_at, server, moved_at, into, on, number, dated,
     lineage) = tuple(row)
    return TenantRecord(slug, display_name, TenantStatus(status), schema_name, created_at, updated_at, server, moved_at,
                        into, on, tuple(lineage or ()), (number, dated))
