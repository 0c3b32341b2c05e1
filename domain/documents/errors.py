"""Errors of asking for a document: one the record cannot have yet, or in a format it is not printed in."""

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
