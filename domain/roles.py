"""The roles an actor acts in; services' permission table says what each may do.

A ``StrEnum``, so that the metadata stored on every event holds a readable string.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What an actor may do within a tenant (or, for the ministry, across tenants)."""

    TENANT_ADMIN = "tenant_admin"
    INSPECTOR = "inspector"
    UNIT_REPRESENTATIVE = "unit_representative"
    AUDITOR = "auditor"
    VIEWER = "viewer"
    MINISTRY = "ministry"
    SYSTEM = "system"
