"""Errors of the servers a tenant's schema lives on: an unusable server URL (services/placement.py), a server
that does not answer, and a move (services/tenant_move.py) that cannot or did not happen."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError
from isotrail.services.conflict_errors import ConflictError


class PlacementUrlError(IsotrailError):
    """A server URL that cannot be stored as a tenant's placement."""

    code = "placement_url_invalid"
    field = "to"
    template_vi = "Địa chỉ máy chủ không dùng được: {reason_vi}."
    template_en = "Unusable server URL: {reason_en}."


class ServerUnreachableError(IsotrailError):
    """A PostgreSQL server a tenant is placed on, or is to move to, does not answer."""

    code = "server_unreachable"
    template_vi = "Không kết nối được máy chủ PostgreSQL {server}: {reason}."
    template_en = "Cannot connect to the PostgreSQL server {server}: {reason}."


class TargetSchemaExistsError(ConflictError):
    """The server a tenant is to move to already holds its schema; nothing is overwritten."""

    code = "target_schema_exists"
    template_vi = "Máy chủ đích {server} đã có schema «{schema}»; không ghi đè."
    template_en = "The target server {server} already holds schema '{schema}'; nothing is overwritten."


class TenantAlreadyThereError(ConflictError):
    """The tenant is already placed on the server it is to move to."""

    code = "tenant_already_there"
    template_vi = "Tỉnh/thành phố «{slug}» đã nằm trên máy chủ {server}."
    template_en = "Tenant '{slug}' is already on server {server}."


class MoveFailedError(IsotrailError):
    """The move stopped before the switch: the source is untouched and the tenant accepts writes again."""

    code = "move_failed"
    template_vi = "Chưa chuyển được «{slug}» ({reason}); dữ liệu vẫn ở máy chủ cũ, bản chép dở ở máy đích đã bị xóa."
    template_en = ("Tenant '{slug}' was not moved ({reason}); its data stays on the old server and the partial "
                   "copy on the target is dropped.")
