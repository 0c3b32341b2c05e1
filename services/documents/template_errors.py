"""The errors of rendering a document from a province's own template (services/documents/sandbox.py): the template
ran past its deadline or its memory, or failed on the records it was given. Each names the template and its
version, so that the tenant admin knows which upload to replace; the document is not printed. And, whatever the
template, a PDF refused for characters its fonts cannot draw (glyphs.py)."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class TemplateRenderTimeoutError(IsotrailError):
    """A province's template did not finish within its deadline (it loops, or the records are too many for it)."""

    code = "template_render_timeout"
    field = "templateVersion"
    template_vi = ("Mẫu văn bản của tỉnh ({template_version}) không lập xong {document_vi} trong {seconds} giây nên "
                   "đã bị dừng. Quản trị viên của tỉnh cần tải lên bản mẫu đã sửa.")
    template_en = ("The province's template {template_version} did not finish the {document_en} within {seconds} "
                   "seconds and was stopped; the tenant admin must upload a corrected template.")


class TemplateRenderFailedError(IsotrailError):
    """A province's template failed on the records (its own error), ran out of memory, or its process died."""

    code = "template_render_failed"
    field = "templateVersion"
    template_vi = ("Mẫu văn bản của tỉnh ({template_version}) không lập được {document_vi}: {reason}. Quản trị viên "
                   "của tỉnh cần tải lên bản mẫu đã sửa.")
    template_en = ("The province's template {template_version} could not render the {document_en}: {reason}; the "
                   "tenant admin must upload a corrected template.")


class UnprintableCharactersError(IsotrailError):
    """The records hold characters no font of the PDF can draw: printed, they would be blanks in the paper."""

    code = "document_unprintable_characters"
    field = "format"
    template_vi = ("Không lập được {document_vi} dạng PDF: hồ sơ có ký tự mà phông chữ của văn bản không in được "
                   "({characters}). Hãy sửa hồ sơ, hoặc lập văn bản dạng DOCX.")
    template_en = ("The {document_en} cannot be produced as PDF: the records hold characters its fonts cannot print "
                   "({characters}). Correct the records, or take the DOCX.")
