"""Why a merge of tenants (services/tenant_merge.py) cannot happen as asked; nothing is changed when one is raised."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError
from isotrail.services.conflict_errors import ConflictError


class MergeIntoItselfError(IsotrailError):
    """A tenant named both as the successor and as one of its predecessors, or no predecessor at all."""

    code = "merge_into_itself"
    field = "from"
    template_vi = "Cần ít nhất một tỉnh/thành phố hợp nhất vào «{successor}», khác chính nó."
    template_en = "Name at least one tenant to merge into '{successor}', other than itself."


class AlreadyMergedError(ConflictError):
    """The predecessor was merged into another successor already: a tenant is merged once."""

    code = "already_merged"
    field = "from"
    template_vi = "Tỉnh/thành phố «{slug}» đã hợp nhất vào «{successor}» trước đó."
    template_en = "Tenant '{slug}' was already merged into '{successor}'."


class MergedOtherwiseError(ConflictError):
    """The predecessor was merged into this successor already, from another date or by another decision than the
    one named: a repeat confirms the merge recorded, it never changes it."""

    code = "merged_otherwise"
    field = "from"
    template_vi = ("Tỉnh/thành phố «{slug}» đã hợp nhất vào «{successor}» từ ngày {effective_on} theo quyết định "
                   "{decision}; lần chạy lại phải nêu đúng như vậy.")
    template_en = ("Tenant '{slug}' was merged into '{successor}' from {effective_on} by decision {decision}; a "
                   "repeat must name the same.")


class SuccessorNameRequiredError(IsotrailError):
    """The successor does not exist yet, and it is created only with its display name."""

    code = "successor_name_required"
    field = "display_name"
    template_vi = "Tỉnh/thành phố «{successor}» chưa có; cần tên hiển thị để tạo nó."
    template_en = "Tenant '{successor}' does not exist yet; give its display name to create it."


class MergeAcrossServersError(IsotrailError):
    """A tenant of the merge lives on another server than the registry's: move it home first (tenant move)."""

    code = "merge_across_servers"
    field = "from"
    template_vi = ("Tỉnh/thành phố «{slug}» nằm trên máy chủ khác; hãy chuyển nó về máy chủ của sổ đăng ký "
                   "trước khi hợp nhất.")
    template_en = "Tenant '{slug}' lives on another server; move it to the registry's server before merging."


class SuccessorMoveError(IsotrailError):
    """A tenant that others were merged into folds their event stores on its own server: it stays there (stage 1)."""

    code = "successor_not_movable"
    template_vi = ("Tỉnh/thành phố «{slug}» đọc hồ sơ của các tỉnh/thành phố đã hợp nhất vào nó trên cùng máy chủ; "
                   "chưa chuyển được sang máy chủ khác.")
    template_en = ("Tenant '{slug}' reads the records of the tenants merged into it on its own server; it cannot move "
                   "to another server yet.")
