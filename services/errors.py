"""Errors raised at the service edge, beside the domain's broken rules."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class NotFoundError(IsotrailError):
    """Nothing with this id exists in the caller's tenant."""

    code = "not_found"


class UnitNotFoundError(NotFoundError):
    code = "unit_not_found"
    template_vi = "Không tìm thấy đơn vị {unit_id}."
    template_en = "Unit {unit_id} was not found."


class ProgrammeNotFoundError(NotFoundError):
    code = "programme_not_found"
    template_vi = "Không tìm thấy kế hoạch kiểm tra {programme_id}."
    template_en = "Programme {programme_id} was not found."


class InspectionNotFoundError(NotFoundError):
    code = "inspection_not_found"
    template_vi = "Không tìm thấy cuộc kiểm tra {inspection_id}."
    template_en = "Inspection {inspection_id} was not found."


class TenantNotFoundError(NotFoundError):
    code = "tenant_not_found"
    template_vi = "Không tìm thấy tỉnh/thành phố (tenant) «{slug}»."
    template_en = "Tenant '{slug}' was not found."


class TokenTenantNotFoundError(TenantNotFoundError):
    """A verified token names a tenant the registry does not hold (never created, or deleted): refused on
    every path, saying no more than that."""

    template_vi = "Tỉnh/thành phố ghi trong mã xác thực không tồn tại."
    template_en = "The token's tenant does not exist."


class CatalogueNotFoundError(NotFoundError):
    code = "catalogue_not_found"
    template_vi = "Không có danh mục kiểm tra phiên bản «{version}»."
    template_en = "There is no check-item catalogue version '{version}'."


class ConflictError(IsotrailError):
    """The write lost a race or was based on stale state; nothing was stored."""

    code = "conflict"


class StaleVersionError(ConflictError):
    code = "stale_version"
    template_vi = (
        "Dữ liệu đã thay đổi: {aggregate_id} đang ở phiên bản {actual}, không phải {expected}. "
        "Hãy tải lại rồi thử lại."
    )
    template_en = (
        "Stale data: {aggregate_id} is at version {actual}, not {expected}. Reload and retry."
    )


class ConcurrentWriteError(ConflictError):
    code = "concurrent_write"
    template_vi = "Có người khác vừa ghi vào {aggregate_id}. Hãy tải lại rồi thử lại."
    template_en = "Someone else wrote to {aggregate_id} at the same time. Reload and retry."


class AlreadyExistsError(ConflictError):
    code = "already_exists"
    template_vi = "{what_vi} «{key}» đã tồn tại."
    template_en = "{what_en} '{key}' already exists."


class DatabaseUnavailableError(IsotrailError):
    """PostgreSQL did not answer: the request read nothing, and a write's outcome is not known."""

    code = "database_unavailable"
    template_vi = "Cơ sở dữ liệu tạm thời không phản hồi. Vui lòng thử lại sau ít phút."
    template_en = "The database is temporarily unavailable. Please retry in a moment."


class TenantInactiveError(IsotrailError):
    """The tenant is suspended: it is read as usual and refuses every command."""

    code = "tenant_inactive"
    template_vi = "Tỉnh/thành phố «{slug}» đang ở trạng thái {status}, không nhận thao tác ghi."
    template_en = "Tenant '{slug}' is {status} and accepts no writes."


class PermissionDeniedError(IsotrailError):
    code = "permission_denied"
    template_vi = "Vai trò {role} không được phép thực hiện thao tác «{action}»."
    template_en = "Role {role} may not perform '{action}'."


class NationalFiguresOnlyError(PermissionDeniedError):
    """The ministry reads national figures only, no tenant's records."""

    template_vi = "Bộ KH&CN chỉ xem số liệu tổng hợp toàn quốc."
    template_en = "The ministry reads national figures only."


class MinistryOnlyError(PermissionDeniedError):
    """Only the ministry reads the national figures."""

    template_vi = "Chỉ Bộ KH&CN được xem số liệu toàn quốc."
    template_en = "Only the ministry reads national figures."


class TenantMovingError(IsotrailError):
    """The tenant's schema is being moved to another server (or just was): nothing was written; retry."""

    code = "tenant_moving"
    template_vi = ("Dữ liệu của tỉnh/thành phố «{slug}» đang được chuyển sang máy chủ khác; chưa ghi gì. "
                   "Hãy thử lại sau ít giây.")
    template_en = "Tenant '{slug}' is being moved to another server; nothing was written. Retry in a few seconds."


class PlacementUrlError(IsotrailError):
    """A server URL that cannot be stored as a tenant's placement."""

    code = "placement_url_invalid"
    field = "to"
    template_vi = "Địa chỉ máy chủ không dùng được: {reason_vi}."
    template_en = "Unusable server URL: {reason_en}."


class ServerUnreachableError(IsotrailError):
    code = "server_unreachable"
    template_vi = "Không kết nối được máy chủ PostgreSQL {server}: {reason}."
    template_en = "Cannot connect to the PostgreSQL server {server}: {reason}."


class TargetSchemaExistsError(ConflictError):
    code = "target_schema_exists"
    template_vi = "Máy chủ đích {server} đã có schema «{schema}»; không ghi đè."
    template_en = "The target server {server} already holds schema '{schema}'; nothing is overwritten."


class TenantAlreadyThereError(ConflictError):
    code = "tenant_already_there"
    template_vi = "Tỉnh/thành phố «{slug}» đã nằm trên máy chủ {server}."
    template_en = "Tenant '{slug}' is already on server {server}."


class MoveFailedError(IsotrailError):
    """The move stopped before the switch: the source is untouched and the tenant accepts writes again."""

    code = "move_failed"
    template_vi = "Chưa chuyển được «{slug}» ({reason}); dữ liệu vẫn ở máy chủ cũ, bản chép dở ở máy đích đã bị xóa."
    template_en = ("Tenant '{slug}' was not moved ({reason}); its data stays on the old server and the partial "
                   "copy on the target is dropped.")
