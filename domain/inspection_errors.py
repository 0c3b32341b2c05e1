"""Errors of an inspection's rules: conducting it once, assessing each item once, and communicating the
findings once, in the form the plan gave it."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class InspectionAlreadyConductedError(DomainError):
    """The inspection was already conducted."""

    code = "inspection_already_conducted"
    template_vi = "Cuộc kiểm tra «{inspection_id}» đã được tiến hành ngày {conducted_on}."
    template_en = "Inspection {inspection_id} was already conducted on {conducted_on}."


class InspectionNotConductedError(DomainError):
    """Findings and assessments need a conducted inspection."""

    code = "inspection_not_conducted"
    template_vi = "Cuộc kiểm tra «{inspection_id}» chưa được tiến hành."
    template_en = "Inspection {inspection_id} has not been conducted yet."


class ItemAlreadyAssessedError(DomainError):
    """An item is assessed once; a mistake is corrected by naming the earlier assessment."""

    code = "item_already_assessed"
    template_vi = "Mục «{item_title}» đã được đánh giá; hãy ghi nhận đính chính."
    template_en = "Item '{item_code}' was already assessed; record a correction instead."


class WrongInspectionFormError(DomainError):
    """Minutes (Mẫu 21) are for on-site inspections; a letter is for dossier checks."""

    code = "wrong_inspection_form"
    template_vi = "Thao tác này chỉ áp dụng cho hình thức kiểm tra {expected_vi}."
    template_en = "This action applies only to {expected_en} inspections."


class FindingsAlreadyCommunicatedError(DomainError):
    """The minutes were already signed, or the letter already sent."""

    code = "findings_already_communicated"
    template_vi = "Biên bản hoặc văn bản thông báo kết quả của cuộc kiểm tra «{inspection_id}» đã được ban hành."
    template_en = "The findings of inspection {inspection_id} were already communicated."


class FindingsNotCommunicatedError(DomainError):
    """Corrective action follows the signed minutes or the letter."""

    code = "findings_not_communicated"
    template_vi = "Cuộc kiểm tra «{inspection_id}» chưa ký biên bản hoặc gửi văn bản thông báo kết quả."
    template_en = "Inspection {inspection_id} has no signed minutes or findings letter yet."


class InspectionDecisionAlreadyIssuedError(DomainError):
    """One inspection decision (Mẫu 20) per inspection."""

    code = "inspection_decision_already_issued"
    field = "inspection_id"
    template_vi = "Cuộc kiểm tra đã có quyết định kiểm tra số {decision_number}."
    template_en = "The inspection already has inspection decision {decision_number}."


class InspectionDecisionMissingError(DomainError):
    """An on-site inspection is conducted only under an inspection decision (Mẫu 20, Art. 35)."""

    code = "inspection_decision_missing"
    field = "inspection_id"
    template_vi = "Chưa có quyết định kiểm tra (Mẫu 20): không thể tiến hành kiểm tra tại trụ sở."
    template_en = "No inspection decision (form 20) yet: the on-site inspection cannot be conducted."


class OpeningMeetingAlreadyHeldError(DomainError):
    """The opening meeting (họp mở đầu) is held once, when the visit begins."""

    code = "opening_meeting_already_held"
    field = "inspection_id"
    template_vi = "Cuộc kiểm tra đã họp mở đầu ngày {held_on}."
    template_en = "The inspection's opening meeting was already held on {held_on}."
