"""A province's Word template cannot reach past the data it prints: the chart's picture docxtpl hands it is an
object with a way back to the whole document (``image.tpl``, whose ``save`` writes any file), so in the sandbox
no attribute of any object but plain data and Jinja's own is readable; and the sample an upload is checked with
holds a chart, so a template that breaks on one is refused before it is used."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from isotrail.domain.documents.blocks import bar_chart
from isotrail.domain.documents.document import DocumentKind
from isotrail.services.documents.docx import render_docx
from isotrail.services.documents.rendering import DocumentFormat
from isotrail.services.documents.samples import generic, sample
from isotrail.services.documents.template_check import check
from tests.documents_files import paragraph, with_body

CHART = bar_chart("Điểm yếu theo điều khoản", [("8.5.1", 3), ("9.1.3", 2)], "cơ quan")


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
