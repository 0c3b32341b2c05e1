"""The refusals of a province's template upload (services/documents/templates.py): a file that is not a safe
template, or one that does not render the sample; a format a province may not replace. A mutation answers them as
userErrors (graphql/user_errors.py lists this family); nothing is recorded, so the version in use stays."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class TemplateRejectedError(IsotrailError):
    """An uploaded template was refused: it is not a safe Word file or Typst source, or it does not render (the
    engine says why)."""

    code = "template_rejected"
    field = "content_base64"  # the command's field (a mutation's userErrors give its path in the input)
    template_vi = "Mẫu văn bản không được chấp nhận: {reason_vi}. Mẫu đang dùng vẫn giữ nguyên."
    template_en = "The template was refused: {reason_en}. The template in use stays."


class TemplateFormatError(IsotrailError):
    """A template was uploaded for a format a province may not replace."""

    code = "template_format_unsupported"
    field = "format"
    template_vi = ("Chỉ thay được mẫu văn bản Word (DOCX) hoặc Typst (PDF) của loại văn bản được lập ở định dạng "
                   "đó.")
    template_en = ("Only the Word (DOCX) or Typst (PDF) template of a document printed in that format can be "
                   "replaced ({format} asked).")


def rejected(reason_vi: str, reason_en: str) -> TemplateRejectedError:
    return TemplateRejectedError(reason_vi=reason_vi, reason_en=reason_en)
