"""Errors of a unit's rules: what a unit that no longer exists refuses."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class UnitDissolvedError(DomainError):
    """The unit no longer exists under this identity; its successors carry on."""

    code = "unit_dissolved"
    template_vi = "Đơn vị {unit_id} đã giải thể hoặc sáp nhập ngày {dissolved_on}."
    template_en = "Unit {unit_id} was dissolved or merged on {dissolved_on}."
