"""Typed errors: one base, one subclass per broken rule.

Each error has a stable ``code`` (what clients match on), a Vietnamese and an English message, and
carries the ids and values involved as attributes (``error.details`` holds them all).
"""

from __future__ import annotations

from typing import Any, ClassVar


class IsotrailError(Exception):
    """Base of every expected failure: has a stable code and a message in both languages."""

    code: ClassVar[str] = "error"
    template_vi: ClassVar[str] = "Lỗi."
    template_en: ClassVar[str] = "Error."
    field: ClassVar[str | None] = None

    def __init__(self, **details: Any) -> None:
        self.details = details
        for name, value in details.items():
            setattr(self, name, value)
        super().__init__(self.message_en)

    @property
    def message_vi(self) -> str:
        return self.template_vi.format(**self.details)

    @property
    def message_en(self) -> str:
        return self.template_en.format(**self.details)


class DomainError(IsotrailError):
    """A business rule was broken."""

    code = "rule_broken"


class InvalidTenantSlugError(DomainError):
    """A tenant slug that could not safely name a schema."""

    code = "invalid_tenant_slug"
    field = "slug"
    template_vi = (
        "Mã tỉnh «{slug}» không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu gạch dưới, "
        "bắt đầu bằng chữ, tối đa 40 ký tự."
    )
    template_en = (
        "Invalid tenant slug '{slug}': lower-case ASCII letters, digits and underscores, "
        "starting with a letter, at most 40 characters."
    )


class MissingEventMetadataError(DomainError):
    """A command ran without an actor, role, tenant and correlation id in force."""

    code = "missing_event_metadata"
    template_vi = "Thiếu thông tin người thực hiện, vai trò và đơn vị quản lý của thao tác."
    template_en = "The command ran without actor, role and tenant metadata."


class InvalidValueError(DomainError):
    """A value is empty, malformed or out of its allowed range."""

    code = "invalid_value"
    template_vi = "Giá trị không hợp lệ cho trường {field_name}: {reason_vi}"
    template_en = "Invalid value for {field_name}: {reason_en}"

    @property
    def field(self) -> str:  # type: ignore[override]  # the value at fault is named per error
        return self.field_name


class DatesOutOfOrderError(DomainError):
    """A date comes before a date that must precede it."""

    code = "dates_out_of_order"
    template_vi = "Ngày {later_name} ({later}) không được trước ngày {earlier_name} ({earlier})."
    template_en = "{later_name} ({later}) cannot be before {earlier_name} ({earlier})."


class UnknownCatalogueItemError(DomainError):
    """An assessment or finding names an item that its catalogue version does not have."""

    code = "unknown_catalogue_item"
    template_vi = "Danh mục {catalogue_version} không có mục kiểm tra «{item_code}»."
    template_en = "Catalogue {catalogue_version} has no check item '{item_code}'."


class UnitDissolvedError(DomainError):
    """The unit no longer exists under this identity; its successors carry on."""

    code = "unit_dissolved"
    template_vi = "Đơn vị {unit_id} đã giải thể hoặc sáp nhập ngày {dissolved_on}."
    template_en = "Unit {unit_id} was dissolved or merged on {dissolved_on}."


class DuplicateUnitInScopeError(DomainError):
    """The unit is already in the programme's scope."""

    code = "duplicate_unit_in_scope"
    template_vi = "Đơn vị {unit_id} đã có trong kế hoạch kiểm tra {programme_id}."
    template_en = "Unit {unit_id} is already in the scope of programme {programme_id}."


class UnitNotInScopeError(DomainError):
    """The unit is not in the programme's scope."""

    code = "unit_not_in_scope"
    template_vi = "Đơn vị {unit_id} không thuộc phạm vi kế hoạch kiểm tra {programme_id}."
    template_en = "Unit {unit_id} is not in the scope of programme {programme_id}."


class ProgrammeNotDraftError(DomainError):
    """The plan was approved: its scope, team and schedule can no longer change."""

    code = "programme_not_draft"
    template_vi = "Kế hoạch {programme_id} đã được phê duyệt, không thể sửa đổi."
    template_en = "Programme {programme_id} is approved and can no longer be changed."


class ProgrammeNotApprovedError(DomainError):
    """Inspections and reports need an approved plan."""

    code = "programme_not_approved"
    template_vi = "Kế hoạch {programme_id} chưa được phê duyệt."
    template_en = "Programme {programme_id} is not approved yet."


class ProgrammeAlreadyReportedError(DomainError):
    """The programme's results were already reported to the People's Committee."""

    code = "programme_already_reported"
    template_vi = "Kết quả kế hoạch {programme_id} đã được báo cáo."
    template_en = "The results of programme {programme_id} were already reported."


class EmptyScopeError(DomainError):
    """A plan with no units cannot be approved."""

    code = "empty_scope"
    template_vi = "Kế hoạch {programme_id} chưa có đơn vị nào được kiểm tra."
    template_en = "Programme {programme_id} has no units in scope."


class OnSiteShareTooLowError(DomainError):
    """Circular 26/2014, Art. 33: at least one third of the units are inspected on site."""

    code = "on_site_share_too_low"
    template_vi = (
        "Phải kiểm tra tại trụ sở ít nhất 1/3 số đơn vị (cần {required}/{total}, "
        "kế hoạch có {on_site})."
    )
    template_en = (
        "At least one third of the units must be inspected on site "
        "({required}/{total} needed, the plan has {on_site})."
    )


class InspectionAlreadyConductedError(DomainError):
    """The inspection was already conducted."""

    code = "inspection_already_conducted"
    template_vi = "Cuộc kiểm tra {inspection_id} đã được tiến hành ngày {conducted_on}."
    template_en = "Inspection {inspection_id} was already conducted on {conducted_on}."


class InspectionNotConductedError(DomainError):
    """Findings and assessments need a conducted inspection."""

    code = "inspection_not_conducted"
    template_vi = "Cuộc kiểm tra {inspection_id} chưa được tiến hành."
    template_en = "Inspection {inspection_id} has not been conducted yet."


class WrongInspectionFormError(DomainError):
    """Minutes (Mẫu 21) are for on-site inspections; a letter is for dossier checks."""

    code = "wrong_inspection_form"
    template_vi = "Thao tác này chỉ áp dụng cho hình thức kiểm tra {expected_vi}."
    template_en = "This action applies only to {expected_en} inspections."


class FindingsAlreadyCommunicatedError(DomainError):
    """The minutes were already signed, or the letter already sent."""

    code = "findings_already_communicated"
    template_vi = "Biên bản/văn bản kết quả của cuộc kiểm tra {inspection_id} đã được ban hành."
    template_en = "The findings of inspection {inspection_id} were already communicated."


class FindingsNotCommunicatedError(DomainError):
    """Corrective action follows the signed minutes or the letter."""

    code = "findings_not_communicated"
    template_vi = "Cuộc kiểm tra {inspection_id} chưa ký biên bản hoặc gửi văn bản kết quả."
    template_en = "Inspection {inspection_id} has no signed minutes or findings letter yet."


class ItemAlreadyAssessedError(DomainError):
    """An item is assessed once; a mistake is corrected by naming the earlier assessment."""

    code = "item_already_assessed"
    template_vi = "Mục «{item_code}» đã được đánh giá; hãy ghi nhận đính chính."
    template_en = "Item '{item_code}' was already assessed; record a correction instead."


class NonconformityNotFoundError(DomainError):
    """The inspection has no such nonconformity."""

    code = "nonconformity_not_found"
    template_vi = "Cuộc kiểm tra {inspection_id} không có điểm chưa phù hợp {nonconformity_id}."
    template_en = "Inspection {inspection_id} has no nonconformity {nonconformity_id}."


class NonconformityNotOpenError(DomainError):
    """The nonconformity is closed (verified, withdrawn or carried over)."""

    code = "nonconformity_not_open"
    template_vi = "Điểm chưa phù hợp {nonconformity_id} không còn mở (trạng thái: {status})."
    template_en = "Nonconformity {nonconformity_id} is not open (status: {status})."


class CorrectiveActionReportMissingError(DomainError):
    """Verification or non-acceptance needs a corrective-action report first."""

    code = "corrective_action_report_missing"
    template_vi = "Điểm chưa phù hợp {nonconformity_id} chưa có báo cáo khắc phục."
    template_en = "Nonconformity {nonconformity_id} has no corrective-action report yet."


class NothingToReportError(DomainError):
    """A corrective-action report must cover at least one open nonconformity."""

    code = "nothing_to_report"
    template_vi = "Cuộc kiểm tra {inspection_id} không có điểm chưa phù hợp nào cần khắc phục."
    template_en = "Inspection {inspection_id} has no open nonconformity to report on."
