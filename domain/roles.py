"""The roles an actor acts in; services' permission table says what each may do.

A ``StrEnum``, so that the metadata stored on every event holds a readable string.
"""

from __future__ import annotations

from enum import StrEnum

from isotrail.domain.described import describe_members


class Role(StrEnum):
    """Vai trò (role): what an actor may do within a tenant (or, for the ministry, across tenants)."""

    TENANT_ADMIN = "tenant_admin"
    INSPECTOR = "inspector"
    UNIT_REPRESENTATIVE = "unit_representative"
    AUDITOR = "auditor"
    VIEWER = "viewer"
    MINISTRY = "ministry"
    SYSTEM = "system"


describe_members(Role, {
    Role.TENANT_ADMIN: "Quản trị viên (tenant administrator): keeps the province's register and programmes.",
    Role.INSPECTOR: "Thành viên đoàn kiểm tra (inspector).",
    Role.UNIT_REPRESENTATIVE: "Đại diện đơn vị (unit representative): its own unit's records only.",
    Role.AUDITOR: "Người kiểm tra hồ sơ (auditor): reads every record and its history.",
    Role.VIEWER: "Người xem (viewer): reads only.",
    Role.MINISTRY: "Bộ Khoa học và Công nghệ (the ministry): every province's figures, read-only.",
    Role.SYSTEM: "Hệ thống (the system itself: a replay, a migration).",
})
