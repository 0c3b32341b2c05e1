"""Errors of asking for a document: one the record cannot have yet, in a format it is not printed in, or a
notice the inspection does not have."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class DocumentNotAvailableError(DomainError):
    """The record cannot have this document yet (a plan not approved has no Mẫu 19 to print)."""

    code = "document_not_available"
    field = "programmeId"
    template_vi = "Chưa thể lập {document_vi}: {missing_vi}."
    template_en = "The {document_en} cannot be produced yet: {missing_en}."


class DocumentFormatError(DomainError):
    """The document is not printed in the format asked for."""

    code = "document_format_unsupported"
    field = "format"
    template_vi = "{document_vi} không lập ở định dạng {format}; chỉ lập ở: {formats}."
    template_en = "The {document_en} is not produced as {format}; only as: {formats}."


class InspectionDocumentNotAvailableError(DocumentNotAvailableError):
    """The inspection cannot have this paper (yet): minutes of a visit not conducted or not signed, a decision
    (Mẫu 20) for a dossier check."""

    field = "inspectionId"


class NoticeNotFoundError(DomainError):
    """The inspection has no notice of non-acceptance by that number (or several, and none was named)."""

    code = "notice_not_found"
    field = "number"
    template_vi = ("Không tìm thấy thông báo chưa chấp nhận hành động khắc phục «{number}» của cuộc kiểm tra; các số "
                   "đã ghi: {numbers}.")
    template_en = "No single notice of non-acceptance numbered {number!r}; the numbers recorded: {numbers}."


class RecordNotYetError(DocumentNotAvailableError):
    """A document was asked as of a day before its record existed: the programme not drafted yet, the inspection
    not scheduled yet (projections/past_read_models.py)."""

    field = "asOf"
    template_vi = "Chưa thể lập văn bản tính đến ngày {as_of}: khi đó {record_vi} chưa được ghi nhận."
    template_en = "No document can be produced as of {as_of}: {record_en} was not recorded by then."


class DocumentHistoryTooLongError(DomainError):
    """Rebuilding a document as of a past date would fold more events than one request may (a tenant too large
    for time travel of a whole programme)."""

    code = "document_history_too_long"
    field = "asOf"
    template_vi = ("Không dựng lại được văn bản tính đến ngày {as_of}: lịch sử cần đọc vượt quá {limit} sự kiện; "
                   "hãy lập văn bản tính đến hôm nay.")
    template_en = ("The document cannot be rebuilt as of {as_of}: its history exceeds {limit} events; ask for it as "
                   "of today.")
