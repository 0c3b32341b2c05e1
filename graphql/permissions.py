"""Who may read a tenant's data: any role of that tenant, from a valid token (the ministry reads national
figures only, in a later release)."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from isotrail.domain.values import Role


def refused_token(context: Any) -> dict[str, Any]:
    """The error extensions of a request whose token was refused (missing, invalid, or naming no tenant)."""
    error = context.auth_error
    if error is None:
        return {"code": "invalid_token"}
    return {"code": error.code, "message_vi": error.message_vi, "message_en": error.message_en}


class TenantReader(BasePermission):
    message = "Invalid or missing token / Mã xác thực không hợp lệ"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        context = info.context
        if context.principal is None:
            self.error_extensions = refused_token(context)
            self.message = self.error_extensions.get("message_en", TenantReader.message)
            return False
        if context.principal.role is Role.MINISTRY:  # the message says what the code says
            self.error_extensions = {"code": "permission_denied",
                                     "message_vi": "Bộ KH&CN chỉ xem số liệu tổng hợp toàn quốc.",
                                     "message_en": "The ministry reads national figures only."}
            self.message = self.error_extensions["message_en"]
            return False
        return True
