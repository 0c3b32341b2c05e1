"""A province's own template: a tenant admin's Word file is accepted as the next version once it renders the
kind's sample in Jinja's sandbox, in a process of its own; a broken, escaping, oversized, bombed or
entity-declaring file is refused with the reason (the template engine's own message when it is the engine's),
and the version in use stays."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import asyncpg
import pytest
from docx import Document as WordDocument

from isotrail.domain.document_template import DocumentTemplate
from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import ISSUES
from isotrail.services.commands import UploadDocumentTemplate
from isotrail.services.commands.handle import handle
from isotrail.services.documents import templates
from isotrail.services.documents.rendering import DocumentFormat, default_template_version
from isotrail.services.documents.templates import TemplateFormatError, TemplateRejectedError
from isotrail.services.permission_errors import PermissionDeniedError
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import approved_programme, fresh_tenant, project_all
from tests.documents_files import LETTERHEAD, b64, paragraph, rewritten, with_body

DAY = date(2021, 3, 1)


def _upload(content: str, fmt: DocumentFormat = DocumentFormat.DOCX, name: str = "mau.docx") -> UploadDocumentTemplate:
    return UploadDocumentTemplate(document_kind=DocumentKind.INSPECTION_PLAN, format=fmt, filename=name,
                                  content_base64=content, occurred_on=DAY)


@pytest.fixture
def tenant(registry: TenantRegistry):
    with fresh_tenant(registry, "Tỉnh mẫu riêng") as slug, registry.application(slug) as app:
        yield app


def _refusal(app, admin: Caller, content: str) -> TemplateRejectedError:
    with pytest.raises(TemplateRejectedError) as refused:
        handle(app, admin, _upload(content))
    assert refused.value.code == "template_rejected" and refused.value.field == "content_base64"
    return refused.value


def test_an_accepted_template_is_the_next_version_and_a_broken_one_leaves_it_in_use(tenant, admin: Caller) -> None:
    template_id = DocumentTemplate.create_id("inspection-plan", "docx")
    first = handle(tenant, admin, _upload(b64(with_body(paragraph(LETTERHEAD))), name="mau-1.docx"))
    assert first.aggregate_id == template_id and first.version == 2  # begun, then its first version
    refused = _refusal(tenant, admin, b64(with_body(paragraph("{% if frame.issuer %}unclosed"))))
    assert "TemplateSyntaxError" in refused.reason_en and "TemplateSyntaxError" in refused.message_vi
    assert "UndefinedError" in _refusal(tenant, admin, b64(with_body(paragraph("{{ frame.nosuch }}")))).reason_en
    second = handle(tenant, admin, _upload(b64(with_body(paragraph("{{ frame.issuer }}"))), name="mau-2.docx"))
    stored = tenant.load(DocumentTemplate, template_id, fresh=True)
    assert (second.version, stored.number, stored.filename) == (3, 2, "mau-2.docx")  # the refusal stored nothing


def test_a_template_reaching_for_python_s_internals_is_refused_by_the_sandbox(tenant, admin: Caller) -> None:
    escape = "{{ frame.__class__.__mro__[1].__subclasses__() }}"
    refused = _refusal(tenant, admin, b64(with_body(paragraph(escape))))
    assert "__class__" in refused.reason_en or "unsafe" in refused.reason_en
    mutating = "{{ body.blocks.append(1) }}"
    assert "SecurityError" in _refusal(tenant, admin, b64(with_body(paragraph(mutating)))).reason_en
    assert not tenant.exists(DocumentTemplate.create_id("inspection-plan", "docx"))


def test_a_hostile_file_is_refused_before_it_is_rendered(tenant, admin: Caller) -> None:
    bomb = rewritten({}, extra={"word/media/zeros.bin": b"\0" * (21 * 1024 * 1024)})
    assert "unpacked" in _refusal(tenant, admin, b64(bomb)).reason_en
    entity = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              "<lolz>&lol2;</lolz>")
    assert "DOCTYPE" in _refusal(tenant, admin, b64(rewritten({}, extra={"word/evil.xml": entity.encode()}))).reason_en
    assert "base64" in _refusal(tenant, admin, "not base64!").reason_en
    assert "larger than" in _refusal(tenant, admin, "A" * (templates.MAX_TEMPLATE_BYTES * 2)).reason_en
    assert "not a Word" in _refusal(tenant, admin, b64(b"PK\x03\x04 not a zip")).reason_en


def test_a_template_that_never_ends_is_stopped(tenant, admin: Caller, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templates, "CHECK_SECONDS", 3.0)
    forever = "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"
    reason = _refusal(tenant, admin, b64(with_body(paragraph(forever)))).reason_en
    assert "over 3 seconds" in reason or "out of memory" in reason


def test_only_a_tenant_admin_replaces_only_a_word_or_typst_template(tenant, admin: Caller, inspector: Caller) -> None:
    with pytest.raises(TemplateFormatError):
        handle(tenant, admin, _upload(b64(with_body()), fmt=DocumentFormat.XLSX))
    with pytest.raises(PermissionDeniedError):
        handle(tenant, inspector, _upload(b64(with_body())))


def test_the_cli_prints_with_the_province_s_template_and_records_the_issue(
    registry: TenantRegistry, database_url: str, admin: Caller, tmp_path: Path,
) -> None:
    from tests.services.test_cli import _run

    with fresh_tenant(registry, "Sở Khoa học và Công nghệ tỉnh Mẫu") as slug:
        with registry.application(slug) as app:
            approved_programme(app, admin)
            handle(app, admin, _upload(b64(with_body(paragraph(LETTERHEAD)))))
        project_all(database_url, slug)
        printed = _run(database_url, "report", "inspection-plan", "--tenant", slug, "--programme", "2020", "--format",
                       "docx", "--out", tmp_path / "plan.docx")
        assert printed.returncode == 0, printed.stderr
        assert "template tenant-1-" in printed.stdout and "recorded as issue" in printed.stdout
        assert LETTERHEAD in [p.text for p in WordDocument(tmp_path / "plan.docx").paragraphs]
        pdf = _run(database_url, "report", "inspection-plan", "--tenant", slug, "--programme", "2020", "--format",
                   "pdf", "--out", tmp_path / "plan.pdf")
        assert pdf.returncode == 0 and f"template {default_template_version()}" in pdf.stdout  # PDF: the repo's
        project_all(database_url, slug)
        issued = asyncio.run(_issued(database_url, slug))
        assert [(row["format"], row["actor_id"], row["role"]) for row in issued] == [
            ("docx", "cli", "system"), ("pdf", "cli", "system")]
        assert issued[0]["template_version"].startswith("tenant-1-")


async def _issued(database_url: str, tenant: Tenant) -> list[dict]:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(f"SELECT * FROM {ISSUES.qualified(tenant.schema)} ORDER BY issued_at")
    finally:
        await conn.close()
    return [dict(row) for row in rows]
