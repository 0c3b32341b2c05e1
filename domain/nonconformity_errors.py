"""Errors of a nonconformity's rules: which one is meant, whether it is still open, and whether the
corrective-action report its next step needs has come."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class NonconformityNotFoundError(DomainError):
    """The inspection has no such nonconformity."""

    code = "nonconformity_not_found"
    template_vi = "Cuộc kiểm tra «{inspection_id}» không có điểm không phù hợp này."
    template_en = "Inspection {inspection_id} has no nonconformity {nonconformity_id}."


class NonconformityNotOpenError(DomainError):
    """The nonconformity is closed (verified, withdrawn or carried over)."""

    code = "nonconformity_not_open"
    template_vi = "Điểm không phù hợp ({nonconformity_id}) không còn mở (trạng thái: {status})."
    template_en = "Nonconformity {nonconformity_id} is not open (status: {status})."


class CorrectiveActionReportMissingError(DomainError):
    """Verification or non-acceptance needs a corrective-action report first."""

    code = "corrective_action_report_missing"
    template_vi = "Điểm không phù hợp ({nonconformity_id}) chưa có báo cáo khắc phục."
    template_en = "Nonconformity {nonconformity_id} has no corrective-action report yet."


class NothingToReportError(DomainError):
    """A corrective-action report must cover at least one open nonconformity."""

    code = "nothing_to_report"
    template_vi = "Cuộc kiểm tra «{inspection_id}» không có điểm không phù hợp nào cần khắc phục."
    template_en = "Inspection {inspection_id} has no open nonconformity to report on."
