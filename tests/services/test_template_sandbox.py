"""The template sandbox on its own: a province's template that fails on the records is a typed error with the
engine's message and its process serves on; one past its deadline has its process killed and replaced; a process
that died between two renderings is replaced before the next."""

from __future__ import annotations

import hashlib
import multiprocessing
import time

import pytest

from isotrail.domain.documents.document import DocumentKind
from isotrail.services.documents.rendering import DocumentFormat, TenantTemplate
from isotrail.services.documents.samples import sample
from isotrail.services.documents.sandbox import TemplateSandbox
from isotrail.services.documents.template_errors import TemplateRenderFailedError, TemplateRenderTimeoutError
from tests.documents_files import LETTERHEAD, paragraph, with_body

PLAN = sample(DocumentKind.INSPECTION_PLAN)
GOOD = TenantTemplate(with_body(paragraph(LETTERHEAD)), "tenant-1-aaaaaaaaaaaa")


def _processes() -> set[int]:
    return {p.pid for p in multiprocessing.active_children() if p.name == "isotrail-template"}


def test_an_error_on_the_records_is_typed_and_the_process_serves_on() -> None:
    undefined = TenantTemplate(with_body(paragraph("{{ body.nosuch }}")), "tenant-2-bbbbbbbbbbbb")
    with TemplateSandbox(workers=1, seconds=20) as sandbox:
        assert sandbox.render(PLAN, DocumentFormat.DOCX, GOOD).template_version == GOOD.version
        before = _processes()
        with pytest.raises(TemplateRenderFailedError) as failed:
            sandbox.render(PLAN, DocumentFormat.DOCX, undefined)
        assert failed.value.code == "template_render_failed" and "UndefinedError" in failed.value.message_en
        assert "tenant-2-bbbbbbbbbbbb" in failed.value.message_vi
        assert sandbox.render(PLAN, DocumentFormat.DOCX, GOOD).sha256 and _processes() == before


def test_a_rendering_past_its_deadline_is_killed_and_its_process_replaced() -> None:
    forever = TenantTemplate(with_body(paragraph(
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}")), "tenant-3-cccccccccccc")
    with TemplateSandbox(workers=1, seconds=2) as sandbox:
        sandbox.render(PLAN, DocumentFormat.DOCX, GOOD)
        spinning = _processes()
        started = time.monotonic()
        with pytest.raises(TemplateRenderTimeoutError) as stopped:
            sandbox.render(PLAN, DocumentFormat.DOCX, forever)
        assert 2 <= time.monotonic() - started < 5 and "tenant-3-cccccccccccc" in stopped.value.message_en
        assert not spinning & _processes()  # killed
        assert sandbox.render(PLAN, DocumentFormat.DOCX, GOOD).template_version == GOOD.version


def test_a_process_that_died_between_two_renderings_is_replaced() -> None:
    with TemplateSandbox(workers=1, seconds=20) as sandbox:
        sandbox.render(PLAN, DocumentFormat.DOCX, GOOD)
        for process in multiprocessing.active_children():
            if process.name == "isotrail-template":
                process.kill()
                process.join(5)
        assert sandbox.render(PLAN, DocumentFormat.PDF, TenantTemplate(b"#set page(width: 5cm)\nx", "tenant-4-d")
                              ).content.startswith(b"%PDF-")
    assert not _processes()  # closed with the block


def test_a_file_larger_than_allowed_is_refused_and_its_process_replaced() -> None:
    small = TenantTemplate(b"#set page(width: 3cm, height: 2cm)\nx", "tenant-5-eeeeeeeeeeee")
    with TemplateSandbox(workers=1, seconds=20) as sandbox:
        sizes = len(sandbox.render(PLAN, DocumentFormat.PDF, small).content), len(
            sandbox.render(PLAN, DocumentFormat.DOCX, GOOD).content)
    assert sizes[0] < sizes[1]
    limit = (sizes[0] + sizes[1]) // 2
    with TemplateSandbox(workers=1, seconds=20, max_bytes=limit) as sandbox:
        with pytest.raises(TemplateRenderFailedError) as refused:
            sandbox.render(PLAN, DocumentFormat.DOCX, GOOD)
        assert f"larger than {limit} bytes" in refused.value.message_en
        rendered = sandbox.render(PLAN, DocumentFormat.PDF, small)  # a fresh process: the pipe held the rest
        assert rendered.content.startswith(b"%PDF-") and rendered.template_version == small.version
        assert rendered.sha256 == hashlib.sha256(rendered.content).hexdigest()  # named and digested here
