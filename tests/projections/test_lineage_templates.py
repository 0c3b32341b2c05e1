"""A province's own document template is its own, not its successor's (issue 17, review): a template's id is the
uuid5 of its kind and format alone, the same in every tenant, so a successor folding its predecessor's log must not
take the predecessor's template as its own (its official documents would print under the merged province's
letterhead), nor its event store continue the predecessor's template stream."""

from __future__ import annotations

from datetime import date
from typing import Any

from isotrail.domain.document_template import DocumentTemplate
from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.tenancy import Tenant
from isotrail.services.commands import UploadDocumentTemplate
from isotrail.services.documents.rendering import DocumentFormat
from isotrail.services.not_found_errors import DocumentTemplateNotFoundError
from isotrail.services.permissions import Caller
from isotrail.services.tenant_merge import merge_tenants
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant
from tests.documents_files import b64, paragraph, with_body
from tests.projections.conftest import rows
from tests.projections.test_lineage import _projector

TEMPLATE_ID = DocumentTemplate.create_id(DocumentKind.INSPECTION_PLAN.value, DocumentFormat.DOCX.value)


def _upload(registry: TenantRegistry, tenant: Tenant, admin: Caller, name: str) -> None:
    registry.handle(tenant, admin, UploadDocumentTemplate(
        document_kind=DocumentKind.INSPECTION_PLAN, format=DocumentFormat.DOCX, filename=name,
        content_base64=b64(with_body(paragraph(name))), occurred_on=date(2021, 3, 1)))


async def test_a_predecessors_template_does_not_replace_the_successors_own(registry: TenantRegistry, pool: Any,
                                                                            admin: Caller) -> None:
    with fresh_tenant(registry, "Sở KH&CN Sóc Trăng") as soc_trang, fresh_tenant(registry, "Sở KH&CN Cần Thơ") \
            as can_tho:
        _upload(registry, soc_trang, admin, "mau-soc-trang.docx")
        _upload(registry, can_tho, admin, "mau-can-tho.docx")
        before = _projector(pool, can_tho, ())  # its read models, folded before the merge
        await before.prepare()
        await before.catch_up()
        merge_tenants(registry, can_tho, [soc_trang], date(2025, 7, 1))
        sources = (await registry.registry.lineages())[can_tho.slug]
        after = _projector(pool, can_tho, sources)
        await after.prepare()
        await after.catch_up()
        templates = await rows(pool, can_tho, "rm_document_templates", "template_id")
        assert [row["filename"] for row in templates] == ["mau-can-tho.docx"]


async def test_a_successor_without_a_template_of_its_own_has_none_after_the_merge(
    registry: TenantRegistry, pool: Any, admin: Caller
) -> None:
    with fresh_tenant(registry, "Sở KH&CN Hậu Giang") as hau_giang, fresh_tenant(registry, "Sở KH&CN Cần Thơ") \
            as can_tho:
        _upload(registry, hau_giang, admin, "mau-hau-giang.docx")
        merge_tenants(registry, can_tho, [hau_giang], date(2025, 7, 1))
        sources = (await registry.registry.lineages())[can_tho.slug]
        projector = _projector(pool, can_tho, sources)
        await projector.prepare()
        await projector.catch_up()
        assert await rows(pool, can_tho, "rm_document_templates", "template_id") == []
        with registry.application(can_tho, read_only=True) as app:
            try:
                app.load(DocumentTemplate, TEMPLATE_ID, fresh=True)
                raise AssertionError("the predecessor's template stream was read as the successor's")
            except DocumentTemplateNotFoundError:
                pass
        _upload(registry, can_tho, admin, "mau-can-tho.docx")
        with registry.application(can_tho, read_only=True) as app:
            assert [e.originator_version for e in app.recorder.select_events(TEMPLATE_ID)] == [1, 2]  # begun anew
            assert app.load(DocumentTemplate, TEMPLATE_ID, fresh=True).filename == "mau-can-tho.docx"
