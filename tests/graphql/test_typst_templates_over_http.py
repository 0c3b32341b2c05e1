"""A tenant admin's Typst template for a document's PDF, over real HTTP: uploaded through ``uploadDocumentTemplate``
(format PDF), the PDF the field links to is printed from it (its letterhead in the file's text) and says its
version, as does the recorded issue; a broken one is refused with Typst's own message and the previous stays."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.projections.runner import RunnerSettings
from isotrail.services.auth import TokenAuthority
from isotrail.services.tenants import TenantRegistry
from tests.builders import projection_runner, seeded_tenant
from tests.documents import pdf_text
from tests.documents_files import LETTERHEAD, b64, typst_letterhead
from tests.graphql.conftest import app_for, served

UPLOAD = """mutation($input: UploadDocumentTemplateInput!) { uploadDocumentTemplate(input: $input) {
  ok userErrors { code field message } template { kind format number templateVersion filename } } }"""
PLAN = "query($id: UUID!) { programme(id: $id) { inspectionPlan(format: PDF) { url templateVersion issueId } } }"
ISSUED = "query($id: UUID!) { programme(id: $id) { documentsIssued { issueId format templateVersion } } }"


@pytest.fixture(scope="module")
def api(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    projector = projection_runner(database_url, registry.registry,
                                  RunnerSettings(discover_seconds=0.2, poll_seconds=0.5))
    with served(app_for(database_url, authority, registry, projector=projector)) as base:
        yield base


def _given(content: bytes) -> dict:
    return {"input": {"documentKind": "INSPECTION_PLAN", "format": "PDF", "filename": "mau-ke-hoach.typ",
                      "occurredOn": "2021-03-01", "contentBase64": b64(content)}}


def _issue(graphql: Callable[..., dict], admin: str, programme_id: str, issue_id: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        issued = graphql(ISSUED, admin, {"id": programme_id})["data"]["programme"]["documentsIssued"]
        found = [row for row in issued if row["issueId"] == issue_id]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"issue {issue_id} not folded")


def test_a_province_s_typst_template_prints_its_pdfs_and_a_broken_one_leaves_it_in_use(
    api: str, graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry, database_url: str,
) -> None:
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as province:
        admin, programme_id = token(province, Role.TENANT_ADMIN), str(Programme.create_id(province, "2020"))
        stored = graphql(UPLOAD, admin, _given(typst_letterhead()))["data"]["uploadDocumentTemplate"]
        assert stored["ok"], stored
        template = stored["template"]
        assert (template["format"], template["number"], template["filename"]) == ("PDF", 1, "mau-ke-hoach.typ")
        version = template["templateVersion"]
        _printed_from(graphql, admin, programme_id, version)
        broken = graphql(UPLOAD, admin, _given(typst_letterhead().replace(b"#let rule(width)", b"#let rule(width =")))
        error = broken["data"]["uploadDocumentTemplate"]["userErrors"][0]
        assert error["code"] == "TEMPLATE_REJECTED" and "TypstError: unclosed delimiter" in error["message"]
        listed = graphql("{ documentTemplates { kind format templateVersion } }", admin)["data"]["documentTemplates"]
        assert listed == [{"kind": "INSPECTION_PLAN", "format": "PDF", "templateVersion": version}]
        _printed_from(graphql, admin, programme_id, version)  # the previous version stays


def _printed_from(graphql: Callable[..., dict], admin: str, programme_id: str, version: str) -> None:
    file = graphql(PLAN, admin, {"id": programme_id})["data"]["programme"]["inspectionPlan"]
    assert file["templateVersion"] == version and version.startswith("tenant-1-")
    response = httpx.get(file["url"], timeout=30)
    assert response.status_code == 200 and response.headers["x-template-version"] == version
    text = pdf_text(response.content)
    assert LETTERHEAD in text and "KẾ HOẠCH" in text.upper()
    assert _issue(graphql, admin, programme_id, file["issueId"]) == {
        "issueId": file["issueId"], "format": "PDF", "templateVersion": version}
