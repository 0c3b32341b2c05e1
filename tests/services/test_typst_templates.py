"""A province's own Typst template for a document's PDF: accepted as the next version once it compiles the kind's
sample in a process of its own; a broken one is refused with Typst's own message and the version in use stays; a
template reading a file outside its root, or importing a package (which would be fetched), is refused too."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from isotrail.domain.document_template import DocumentTemplate, template_version
from isotrail.domain.documents.document import DocumentKind
from isotrail.services.commands import UploadDocumentTemplate
from isotrail.services.commands.handle import handle
from isotrail.services.documents.rendering import DocumentFormat, TenantTemplate
from isotrail.services.documents.samples import sample
from isotrail.services.documents.sandbox import TemplateSandbox
from isotrail.services.documents.templates import TemplateRejectedError
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import approved_programme, fresh_tenant, project_all
from tests.documents import pdf_text
from tests.documents_files import LETTERHEAD, b64, typst_letterhead

DAY = date(2021, 3, 1)
TEMPLATE_ID = DocumentTemplate.create_id("inspection-plan", "pdf")


def _upload(content: bytes, name: str = "mau.typ") -> UploadDocumentTemplate:
    return UploadDocumentTemplate(document_kind=DocumentKind.INSPECTION_PLAN, format=DocumentFormat.PDF,
                                  filename=name, content_base64=b64(content), occurred_on=DAY)


@pytest.fixture
def tenant(registry: TenantRegistry):
    with fresh_tenant(registry, "Tỉnh mẫu Typst") as slug, registry.application(slug) as app:
        yield app


def _refusal(app, admin: Caller, content: bytes) -> str:
    with pytest.raises(TemplateRejectedError) as refused:
        handle(app, admin, _upload(content))
    assert refused.value.code == "template_rejected" and refused.value.field == "content_base64"
    return refused.value.reason_en


def test_a_typst_template_is_the_next_version_and_a_broken_one_leaves_it_in_use(tenant, admin: Caller) -> None:
    handle(tenant, admin, _upload(typst_letterhead(), name="mau-1.typ"))
    reason = _refusal(tenant, admin, typst_letterhead().replace(b"#let rule(width)", b"#let rule(width ="))
    assert reason.startswith("rendering the sample failed: TypstError:")
    assert "unclosed delimiter" in reason or "expected" in reason  # Typst's own words
    stored = tenant.load(DocumentTemplate, TEMPLATE_ID, fresh=True)
    assert (stored.number, stored.filename, stored.format) == (1, "mau-1.typ", "pdf")  # the refusal stored nothing
    with TemplateSandbox(workers=1, seconds=20) as sandbox:
        version = template_version(stored.number, stored.sha256)
        printed = sandbox.render(sample(DocumentKind.INSPECTION_PLAN), DocumentFormat.PDF,
                                 TenantTemplate(typst_letterhead(), version))
    assert printed.template_version == version and LETTERHEAD in pdf_text(printed.content)


def test_a_typst_template_reads_nothing_outside_its_root_and_fetches_nothing(tenant, admin: Caller) -> None:
    outside = typst_letterhead() + b'\n#read("../pdf.py")'
    assert "TypstError: path `\"../pdf.py\"` would escape the project root" in _refusal(tenant, admin, outside)
    absolute = _refusal(tenant, admin, typst_letterhead() + b'\n#read("/etc/hostname")')
    assert "file not found (searched at templates/etc/hostname)" in absolute  # the root's; its path not shown
    package = b'#import "@preview/example:0.1.0": add\n' + typst_letterhead()
    assert "failed to download package" in _refusal(tenant, admin, package)
    assert "UTF-8" in _refusal(tenant, admin, b"\xff\xfe not text")
    assert "control character" in _refusal(tenant, admin, typst_letterhead() + b"\x00")
    assert not tenant.exists(TEMPLATE_ID)


def test_the_cli_prints_the_pdf_from_the_province_s_typst_template_and_records_its_version(
    registry: TenantRegistry, database_url: str, admin: Caller, tmp_path: Path,
) -> None:
    from tests.services.test_cli import _run
    from tests.services.test_document_templates import _issued

    with fresh_tenant(registry, "Sở Khoa học và Công nghệ tỉnh Mẫu") as slug:
        with registry.application(slug) as app:
            approved_programme(app, admin)
            handle(app, admin, _upload(typst_letterhead()))
        project_all(database_url, slug)
        printed = _run(database_url, "report", "inspection-plan", "--tenant", slug, "--programme", "2020", "--format",
                       "pdf", "--out", tmp_path / "plan.pdf")
        assert printed.returncode == 0, printed.stderr
        assert "template tenant-1-" in printed.stdout and "recorded as issue" in printed.stdout
        assert LETTERHEAD in pdf_text((tmp_path / "plan.pdf").read_bytes())
        project_all(database_url, slug)
        issued = asyncio.run(_issued(database_url, slug))
        assert [(row["format"], row["template_version"][:9]) for row in issued] == [("pdf", "tenant-1-")]
