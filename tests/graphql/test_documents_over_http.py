"""Documents over real HTTP: a programme's field answers a signed link, the link serves the file (opened with
its own library: the figures, the template version, the sha256 said), and a link expired, forged, moved to
another tenant or naming a file the records no longer print is refused with a typed error; a unit
representative prints no programme-wide paper, and another tenant's programme is the same not-found as
elsewhere."""

from __future__ import annotations

import asyncio
import hashlib
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from urllib.parse import parse_qsl, urlsplit
from uuid import UUID

import asyncpg
import httpx
import pypdfium2 as pdfium
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections.runner import RunnerSettings
from isotrail.projections.timeline_tables import TIMELINE
from isotrail.services.auth import TokenAuthority
from isotrail.services.documents.links import DocumentLink, DocumentLinks
from isotrail.services.documents.rendering import default_template_version
from isotrail.services.permissions import Caller
from isotrail.services.tenants import TenantRegistry
from tests.builders import draft_programme, fresh_tenant, project_all, projection_runner, seeded_tenant
from tests.documents_files import LETTERHEAD, b64, paragraph, with_body
from tests.graphql.conftest import app_for, served

KEY = b"k" * 32
LINKS = DocumentLinks(KEY, ttl_seconds=300)
FILE = "url expiresAt filename contentType byteSize sha256 contentDigest templateVersion kind format asOf issueId"
PLAN = f"query($id: UUID!) {{ programme(id: $id) {{ inspectionPlan(format: PDF) {{ {FILE} }} }} }}"
REGISTER = f"""query($id: UUID!) {{ programme(id: $id) {{
  findingsRegister(format: XLSX, asOf: "2021-03-01") {{ {FILE} }} }} }}"""


@pytest.fixture(scope="module")
def api(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    """A server signing links with :data:`KEY`, with its projector."""
    projector = projection_runner(database_url, registry.registry,
                                  RunnerSettings(discover_seconds=0.2, poll_seconds=0.5))
    with served(app_for(database_url, authority, registry, projector=projector, document_links=LINKS)) as base:
        yield base


@pytest.fixture(scope="module")
def soc_trang(registry: TenantRegistry, database_url: str) -> Iterator[Tenant]:
    """The replayed 2020 programme in a tenant of this module's own: printing records issues in it."""
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as slug:
        yield slug


def _programme(tenant: Tenant) -> str:
    return str(Programme.create_id(tenant, "2020"))


def _split(url: str) -> tuple[list[str], dict[str, str]]:
    parts = urlsplit(url)
    return parts.path.split("/"), dict(parse_qsl(parts.query))


def _link(url: str) -> DocumentLink:
    """The link a url names (its signature left out)."""
    path, query = _split(url)
    return LINKS.verify(path[2], path[3], path[4], query)


def _refused(url: str, status: int, code: str) -> dict:
    response = httpx.get(url, timeout=30)
    assert response.status_code == status, response.text
    error = response.json()["errors"][0]["extensions"]
    assert error["code"] == code and error["message_vi"] and error["message_en"]
    return error


def test_the_plan_s_link_serves_the_pdf_it_describes(
    api: str, graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant,
) -> None:
    answer = graphql(PLAN, token(soc_trang, Role.INSPECTOR), {"id": _programme(soc_trang)})
    file = answer["data"]["programme"]["inspectionPlan"]
    assert file["url"].startswith(f"{api}/documents/{soc_trang.slug}/inspection-plan/{_programme(soc_trang)}.pdf?")
    assert (file["kind"], file["format"], file["filename"]) == ("INSPECTION_PLAN", "PDF", "ke-hoach-35-KH-UBND.pdf")
    assert file["templateVersion"] == default_template_version() and file["asOf"] == date.today().isoformat()
    assert 0 < time.time() + 250 < _link(file["url"]).expires <= time.time() + 301  # minutes, not hours
    response = httpx.get(file["url"], timeout=30)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == file["sha256"] and len(response.content) == file["byteSize"]
    assert response.headers["x-template-version"] == file["templateVersion"]
    assert 'filename="ke-hoach-35-KH-UBND.pdf"' in response.headers["content-disposition"]
    text = " ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(response.content))
    assert "Số: 35/KH-UBND" in " ".join(text.split()) and "Ủy ban nhân dân huyện Cù Lao Dung" in " ".join(text.split())


def test_the_register_s_link_serves_the_workbook_as_of_the_date_asked(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant,
) -> None:
    file = graphql(REGISTER, token(soc_trang, Role.AUDITOR), {"id": _programme(soc_trang)})["data"]["programme"][
        "findingsRegister"]
    assert file["asOf"] == "2021-03-01" and file["contentType"].endswith("spreadsheetml.sheet")
    response = httpx.get(file["url"], timeout=30)
    assert response.status_code == 200, response.text
    assert hashlib.sha256(response.content).hexdigest() == file["sha256"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 48 and len({row[1] for row in rows}) == 27


MINUTES = f"""query($id: UUID!) {{ inspection(id: $id) {{ unitId inspectionMinutes(format: PDF) {{ {FILE} }}
  inspectionDecision(format: DOCX) {{ filename }} }} }}"""


def test_an_inspection_s_papers_are_fields_of_the_inspection_and_its_unit_s_representative_prints_them(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant,
) -> None:
    inspections = graphql("{ programmes { nodes { inspections { uuid unitId form } } } }",
                          token(soc_trang, Role.VIEWER))["data"]["programmes"]["nodes"][0]["inspections"]
    on_site = next(i for i in inspections if i["form"] == "ON_SITE")
    answer = graphql(MINUTES, token(soc_trang, Role.INSPECTOR), {"id": on_site["uuid"]})["data"]["inspection"]
    file = answer["inspectionMinutes"]
    assert file["kind"] == "INSPECTION_MINUTES" and answer["inspectionDecision"]["filename"].endswith(".docx")
    response = httpx.get(file["url"], timeout=30)
    assert response.status_code == 200 and hashlib.sha256(response.content).hexdigest() == file["sha256"]
    text = " ".join(" ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(
        response.content)).split())
    assert "BIÊN BẢN" in text.upper() and "Trưởng đoàn".upper() in text.upper()
    own = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=UUID(on_site["unitId"]))
    assert graphql(MINUTES, own, {"id": on_site["uuid"]})["data"]["inspection"]["inspectionMinutes"]["url"]
    other = next(i for i in inspections if i["unitId"] != on_site["unitId"])
    stranger = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=UUID(other["unitId"]))
    refused = graphql(MINUTES, stranger, {"id": on_site["uuid"]})
    assert refused["errors"][0]["extensions"]["code"] == "inspection_not_found"


def test_an_expired_forged_or_moved_link_is_refused(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant, registry: TenantRegistry,
) -> None:
    url = graphql(PLAN, token(soc_trang, Role.VIEWER), {"id": _programme(soc_trang)})["data"]["programme"][
        "inspectionPlan"]["url"]
    link = _link(url)
    base = url.split("/documents/")[0]
    expired = replace(link, expires=int(time.time()) - 1)
    assert _refused(base + LINKS.url(expired), 410, "document_link_expired")["field"] == "expires"
    later = f"expires={link.expires + 3600}"
    for old, new in ((link.sha256, "0" * 64), (str(link.object_id), str(UUID(int=1))),
                     ("role=viewer", "role=tenant_admin"), (f"expires={link.expires}", later),
                     ("signature=", "signature=A")):
        assert _refused(url.replace(old, new), 403, "document_link_invalid")["field"] == "signature"
    assert _refused(url.split("&signature=")[0], 403, "document_link_invalid")
    with fresh_tenant(registry, "Tỉnh khác") as other:
        moved = url.replace(f"/documents/{soc_trang.slug}/", f"/documents/{other.slug}/")
        _refused(moved, 403, "document_link_invalid")
        signed_there = replace(link, tenant=other)  # a link this server signed, for the other tenant's caller
        _refused(base + LINKS.url(signed_there), 404, "programme_not_found")
        asked = graphql(PLAN, token(other, Role.TENANT_ADMIN), {"id": _programme(soc_trang)})
        assert asked["errors"][0]["extensions"]["code"] == "programme_not_found"
    _refused(base + LINKS.url(replace(link, sha256="0" * 64)), 409, "document_changed")


def test_a_unit_representative_prints_no_programme_wide_paper(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant,
) -> None:
    units = graphql("{ units(first: 1) { edges { node { uuid } } } }", token(soc_trang, Role.TENANT_ADMIN))
    unit_id = UUID(units["data"]["units"]["edges"][0]["node"]["uuid"])
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=unit_id)
    answer = graphql(PLAN, representative, {"id": _programme(soc_trang)})
    assert answer["errors"][0]["extensions"]["code"] == "permission_denied"
    viewer = graphql(PLAN, token(soc_trang, Role.VIEWER), {"id": _programme(soc_trang)})
    url = viewer["data"]["programme"]["inspectionPlan"]["url"]
    as_representative = replace(_link(url), role=Role.UNIT_REPRESENTATIVE, unit_id=unit_id)
    _refused(url.split("/documents/")[0] + LINKS.url(as_representative), 403, "permission_denied")
    ministry = graphql(PLAN, token(soc_trang, Role.MINISTRY), {"id": _programme(soc_trang)})
    assert ministry["errors"][0]["extensions"]["code"] == "permission_denied"


def test_a_draft_plan_a_wrong_format_and_a_date_to_come_are_typed_errors(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry, soc_trang: Tenant,
    database_url: str,
) -> None:
    with fresh_tenant(registry, "Tỉnh dự thảo") as slug:
        with registry.application(slug) as app:
            draft_programme(app, Caller("test-admin", Role.TENANT_ADMIN))
        project_all(database_url, slug)
        answer = graphql(PLAN, token(slug, Role.TENANT_ADMIN), {"id": _programme(slug)})
        assert answer["errors"][0]["extensions"]["code"] == "document_not_available"
    admin = token(soc_trang, Role.TENANT_ADMIN)
    wrong = graphql("query($id: UUID!) { programme(id: $id) { findingsRegister(format: PDF) { url } } }", admin,
                    {"id": _programme(soc_trang)})
    assert wrong["errors"][0]["extensions"]["code"] == "document_format_unsupported"
    later = graphql('query($id: UUID!) { programme(id: $id) { findingsRegister(asOf: "2999-01-01") { url } } }',
                    admin, {"id": _programme(soc_trang)})
    assert later["errors"][0]["extensions"]["code"] == "document_as_of_in_future"


ISSUED = """query($id: UUID!) { programme(id: $id) { documentsIssued {
  issueId kind format objectId unitId asOf templateVersion contentDigest sha256 filename byteSize issuedAt actorId role
} } }"""


def _issued(graphql: Callable[..., dict], bearer: str, programme_id: str, issue_id: str) -> list[dict]:
    """The programme's issues once the read models show ``issue_id`` (the projector folds it shortly)."""
    deadline = time.monotonic() + 30
    while True:
        issued = graphql(ISSUED, bearer, {"id": programme_id})["data"]["programme"]["documentsIssued"]
        if any(row["issueId"] == issue_id for row in issued) or time.monotonic() > deadline:
            return issued
        time.sleep(0.1)


def test_printing_is_recorded_with_who_when_which_template_and_digests(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant, database_url: str,
) -> None:
    inspector, admin = token(soc_trang, Role.INSPECTOR), token(soc_trang, Role.TENANT_ADMIN)
    first = graphql(PLAN, inspector, {"id": _programme(soc_trang)})["data"]["programme"]["inspectionPlan"]
    again = graphql(PLAN, inspector, {"id": _programme(soc_trang)})["data"]["programme"]["inspectionPlan"]
    assert first["issueId"] and again["issueId"] and first["issueId"] != again["issueId"]  # never a cached answer
    assert _link(first["url"]).issue_id == UUID(first["issueId"])
    issued = _issued(graphql, admin, _programme(soc_trang), again["issueId"])
    row = next(row for row in issued if row["issueId"] == first["issueId"])
    assert row == {**row, "kind": "INSPECTION_PLAN", "format": "PDF", "objectId": _programme(soc_trang),
                   "unitId": None, "templateVersion": first["templateVersion"], "sha256": first["sha256"],
                   "contentDigest": first["contentDigest"], "filename": first["filename"],
                   "byteSize": first["byteSize"], "actorId": "test-inspector", "role": "INSPECTOR",
                   "asOf": first["asOf"]}
    assert [r["issueId"] for r in issued].index(again["issueId"]) < [r["issueId"] for r in issued].index(
        first["issueId"])  # the latest first
    units = graphql("{ units(first: 1) { edges { node { uuid } } } }", admin)
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE,
                           unit_id=UUID(units["data"]["units"]["edges"][0]["node"]["uuid"]))
    assert graphql(ISSUED, representative, {"id": _programme(soc_trang)})["data"]["programme"]["documentsIssued"] == []
    kinds = asyncio.run(_timeline_kinds(database_url, soc_trang))
    assert "IssuedDocument" not in kinds and "Programme" in kinds  # printing is no event of a unit's story


async def _timeline_kinds(database_url: str, tenant: Tenant) -> set[str]:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(f"SELECT DISTINCT aggregate_type FROM {TIMELINE.qualified(tenant.schema)}")
    finally:
        await conn.close()
    return {row["aggregate_type"] for row in rows}


UPLOAD = """mutation($input: UploadDocumentTemplateInput!) { uploadDocumentTemplate(input: $input) {
  ok userErrors { code field message } template { kind format number templateVersion filename sha256 uploadedBy } } }"""


def test_a_tenant_admin_s_template_prints_the_province_s_word_files(
    graphql: Callable[..., dict], token: Callable[..., str], registry: TenantRegistry, database_url: str,
) -> None:
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as province:
        admin = token(province, Role.TENANT_ADMIN)
        given = {"documentKind": "INSPECTION_PLAN", "format": "DOCX", "filename": "mau-ke-hoach.docx",
                 "occurredOn": "2021-03-01", "contentBase64": b64(with_body(paragraph(LETTERHEAD)))}
        refused = graphql(UPLOAD, token(province, Role.INSPECTOR), {"input": given})["data"]["uploadDocumentTemplate"]
        assert not refused["ok"] and refused["userErrors"][0]["code"] == "PERMISSION_DENIED"
        broken = graphql(UPLOAD, admin, {"input": {**given, "contentBase64": b64(with_body(paragraph("{% if x %}")))}})
        error = broken["data"]["uploadDocumentTemplate"]["userErrors"][0]
        assert error["code"] == "TEMPLATE_REJECTED" and "TemplateSyntaxError" in error["message"]
        assert error["field"] == ["input", "contentBase64"]
        stored = graphql(UPLOAD, admin, {"input": given})["data"]["uploadDocumentTemplate"]
        assert stored["ok"], stored
        assert (stored["template"]["number"], stored["template"]["uploadedBy"]) == (1, "test-tenant_admin")
        version = stored["template"]["templateVersion"]
        listed = graphql("{ documentTemplates { kind format templateVersion } }", admin)["data"]["documentTemplates"]
        assert listed == [{"kind": "INSPECTION_PLAN", "format": "DOCX", "templateVersion": version}]
        word = graphql(PLAN.replace("format: PDF", "format: DOCX"), admin, {"id": _programme(province)})
        file = word["data"]["programme"]["inspectionPlan"]
        assert file["templateVersion"] == version and version.startswith("tenant-1-")
        response = httpx.get(file["url"], timeout=30)
        assert response.status_code == 200, response.text
        paragraphs = [p.text for p in WordDocument(io.BytesIO(response.content)).paragraphs]
        assert LETTERHEAD in paragraphs and "Nơi nhận:" in " ".join(paragraphs + [c.text for t in WordDocument(
            io.BytesIO(response.content)).tables for r in t.rows for c in r.cells])
        pdf = graphql(PLAN, admin, {"id": _programme(province)})["data"]["programme"]["inspectionPlan"]
        assert pdf["templateVersion"] == default_template_version()  # no Typst template uploaded: the repo's
