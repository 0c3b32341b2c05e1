"""Why a tenant takes no write now, though the request was sound: its database does not answer, it is
suspended, or its schema is being moved."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class DatabaseUnavailableError(IsotrailError):
    """PostgreSQL did not answer: the request read nothing, and a write's outcome is not known."""

    code = "database_unavailable"
    template_vi = "Cơ sở dữ liệu tạm thời không phản hồi. Vui lòng thử lại sau ít phút."
    template_en = "The database is temporarily unavailable. Please retry in a moment."


class TenantInactiveError(IsotrailError):
    """The tenant is suspended: it is read as usual and refuses every command."""

    code = "tenant_inactive"
    template_vi = "Tỉnh/thành phố «{slug}» đang ở trạng thái «{status}», không nhận thao tác ghi."
    template_en = "Tenant '{slug}' is {status} and accepts no writes."


class TenantMovingError(IsotrailError):
    """The tenant's schema is being moved to another server (or just was): nothing was written; retry."""

    code = "tenant_moving"
    template_vi = ("Dữ liệu của tỉnh/thành phố «{slug}» đang được chuyển sang máy chủ khác; chưa ghi gì. "
                   "Hãy thử lại sau ít giây.")
    template_en = "Tenant '{slug}' is being moved to another server; nothing was written. Retry in a few seconds."


class TenantMergedError(IsotrailError):
    """The tenant was merged into a successor: it takes no write, and is read only through its successor (and by
    the ministry). Its own tokens are refused, reads included."""

    code = "tenant_merged"
    template_vi = ("Tỉnh/thành phố «{slug}» đã hợp nhất vào «{successor}» từ ngày {effective_on}: không nhận thao "
                   "tác ghi; hồ sơ của nó được đọc qua «{successor}».")
    template_en = ("Tenant '{slug}' was merged into '{successor}' on {effective_on} and accepts no writes; its "
                   "records are read through '{successor}'.")
