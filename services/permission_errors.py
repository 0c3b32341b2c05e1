"""Refusals of the permission table (services/permissions.py): the role may not do what it asked."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class PermissionDeniedError(IsotrailError):
    """The token's role may not do what was asked."""

    code = "permission_denied"
    template_vi = "Vai trò «{role}» không được phép thực hiện thao tác «{action}»."
    template_en = "Role {role} may not perform '{action}'."


class NationalFiguresOnlyError(PermissionDeniedError):
    """The ministry reads national figures only, no tenant's records."""

    template_vi = "Bộ KH&CN chỉ xem số liệu tổng hợp toàn quốc."
    template_en = "The ministry reads national figures only."


class MinistryOnlyError(PermissionDeniedError):
    """Only the ministry reads the national figures."""

    template_vi = "Chỉ Bộ KH&CN được xem số liệu toàn quốc."
    template_en = "Only the ministry reads national figures."
