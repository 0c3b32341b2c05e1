"""Errors of a programme's rules: its scope, its stage (draft, approved, reported) and Art. 33's coverage and
on-site share."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class DuplicateUnitInScopeError(DomainError):
    """The unit is already in the programme's scope."""

    code = "duplicate_unit_in_scope"
    field = "unit_id"
    template_vi = "Cơ quan «{unit_id}» đã có trong phạm vi kế hoạch {programme_id}."
    template_en = "Unit {unit_id} is already in the scope of programme {programme_id}."


class UnitNotInScopeError(DomainError):
    """The unit is not in the programme's scope."""

    code = "unit_not_in_scope"
    template_vi = "Cơ quan «{unit_id}» không thuộc phạm vi kế hoạch {programme_id}."
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
    template_vi = "Kết quả thực hiện kế hoạch {programme_id} đã được báo cáo."
    template_en = "The results of programme {programme_id} were already reported."


class EmptyScopeError(DomainError):
    """A plan with no units cannot be approved."""

    code = "empty_scope"
    template_vi = "Kế hoạch {programme_id} chưa có cơ quan nào trong phạm vi kiểm tra."
    template_en = "Programme {programme_id} has no units in scope."


class OnSiteShareTooLowError(DomainError):
    """Circular 26/2014, Art. 33: at least one third of the units that must apply a QMS are inspected on site."""

    code = "on_site_share_too_low"
    template_vi = (
        "Phải kiểm tra tại trụ sở ít nhất 1/3 số cơ quan bắt buộc áp dụng HTQLCL (Điều 33 Thông tư "
        "26/2014/TT-BKHCN): cần {required}/{total}, kế hoạch có {on_site}."
    )
    template_en = (
        "At least one third of the units bound to apply a QMS must be inspected on site (Circular 26/2014 "
        "Art. 33): {required}/{total} needed, the plan has {on_site}."
    )


class MandatoryUnitsNotCoveredError(DomainError):
    """Circular 26/2014, Art. 33: every unit bound to apply a QMS is inspected each year, at least by dossier."""

    code = "mandatory_units_not_covered"
    field = "acknowledged_missing_units"
    template_vi = (
        "Kế hoạch chưa bao gồm {count}/{mandatory} cơ quan bắt buộc áp dụng HTQLCL tại ngày {plan_date} (Điều 33 "
        "Thông tư 26/2014/TT-BKHCN: mỗi năm ít nhất qua hồ sơ, báo cáo): {units}. Thêm vào phạm vi kế hoạch, hoặc "
        "nêu từng cơ quan kèm lý do khi phê duyệt."
    )
    template_en = (
        "The plan leaves out {count} of the {mandatory} units bound to apply a QMS on {plan_date} (Circular "
        "26/2014 Art. 33: each year, at least by dossier and report): {units}. Add them to its scope, or name "
        "each with a reason when approving."
    )


class ResultsAlreadyCompiledError(DomainError):
    """Art. 38.1: the year's results are compiled once, in November."""

    code = "results_already_compiled"
    field = "programme_id"
    template_vi = (
        "Kết quả kiểm tra của kế hoạch đã được tổng hợp (báo cáo số {compilation_number}, ngày {compiled_on})."
    )
    template_en = "The programme's results were already compiled (report {compilation_number} of {compiled_on})."
