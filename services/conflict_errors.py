"""Conflicts: the write lost a race, was based on stale state, or would make something that exists; nothing
was stored."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class ConflictError(IsotrailError):
    """The write lost a race or was based on stale state; nothing was stored."""

    code = "conflict"


class StaleVersionError(ConflictError):
    """The aggregate has moved on since the version the command expected (expectedVersion); read it again."""

    code = "stale_version"
    field = "expected_version"
    template_vi = (
        "Dữ liệu «{aggregate_id}» đã thay đổi: đang ở phiên bản {actual}, không phải {expected}. "
        "Hãy tải lại rồi thử lại."
    )
    template_en = (
        "Stale data: {aggregate_id} is at version {actual}, not {expected}. Reload and retry."
    )


class ConcurrentWriteError(ConflictError):
    """Another command wrote to the same aggregate at the same moment; nothing was stored: read it again."""

    code = "concurrent_write"
    template_vi = "Có người khác vừa ghi vào dữ liệu «{aggregate_id}». Hãy tải lại rồi thử lại."
    template_en = "Someone else wrote to {aggregate_id} at the same time. Reload and retry."


class AlreadyExistsError(ConflictError):
    """A unit or programme with this code, or an inspection of this unit in this programme, already exists."""

    code = "already_exists"
    template_vi = "{what_vi} «{key}» đã tồn tại."
    template_en = "{what_en} '{key}' already exists."
