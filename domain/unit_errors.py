"""Errors of a unit's rules: what a unit that no longer exists refuses, and the rules of a shared quality
management system (Circular 26/2014 Art. 6)."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class UnitDissolvedError(DomainError):
    """The unit no longer exists under this identity; its successors carry on."""

    code = "unit_dissolved"
    template_vi = "Cơ quan «{unit_id}» đã giải thể hoặc sáp nhập ngày {dissolved_on}."
    template_en = "Unit {unit_id} was dissolved or merged on {dissolved_on}."


class QmsSharedWithItselfError(DomainError):
    """A unit cannot apply its own quality management system as another's (Circular 26/2014 Art. 6)."""

    code = "qms_shared_with_itself"
    field = "host_unit_id"
    template_vi = "Đơn vị không thể áp dụng chung hệ thống quản lý chất lượng với chính mình."
    template_en = "A unit cannot share its own quality management system."


class QmsShareChainError(DomainError):
    """The unit whose quality management system would be shared itself applies another's: sharing is one step,
    from a unit to the one whose system it applies, never a chain."""

    code = "qms_share_chain"
    field = "host_unit_id"
    template_vi = ("Đơn vị «{host_name}» đang áp dụng chung hệ thống quản lý chất lượng của đơn vị khác; hãy áp "
                   "dụng chung hệ thống của chính đơn vị đó.")
    template_en = ("The unit \"{host_name}\" itself applies another unit's quality management system; share that "
                   "unit's system instead.")


class QmsSharedByOthersError(DomainError):
    """Other units apply this unit's quality management system, so it cannot apply another's: sharing is one
    step, never a chain (they would stop sharing first)."""

    code = "qms_shared_by_others"
    template_vi = ("{sharers} đơn vị khác đang áp dụng chung hệ thống quản lý chất lượng của đơn vị này nên đơn vị "
                   "không thể áp dụng chung hệ thống của đơn vị khác.")
    template_en = ("{sharers} other unit(s) apply this unit's quality management system, so it cannot apply "
                   "another's.")


class QmsAlreadySharedError(DomainError):
    """The unit already applies another unit's quality management system: it stops sharing that one first."""

    code = "qms_already_shared"
    field = "host_unit_id"
    template_vi = ("Đơn vị đang áp dụng chung hệ thống quản lý chất lượng của một đơn vị; hãy thôi áp dụng chung "
                   "trước khi áp dụng chung hệ thống khác.")
    template_en = "The unit already applies another unit's quality management system; stop sharing it first."


class QmsNotSharedError(DomainError):
    """The unit applies its own quality management system: there is no sharing to end."""

    code = "qms_not_shared"
    template_vi = "Đơn vị đang áp dụng hệ thống quản lý chất lượng của riêng mình, không áp dụng chung."
    template_en = "The unit applies its own quality management system, not another's."


class UnitAlreadyPredecessorError(DomainError):
    """A unit cannot carry on the duties of itself, nor of a unit whose duties it already carries on."""

    code = "unit_already_predecessor"
    field = "predecessor_ids"
    template_vi = "Đơn vị «{unit_id}» đã là đơn vị tiền thân của đơn vị này (hoặc chính là đơn vị này)."
    template_en = "Unit {unit_id} is already a predecessor of this unit (or is this unit itself)."
