"""Rendering shared fairly by tenants, over real HTTP: one province floods the server with a template that runs to
its deadline while another prints — the other's document is printed meanwhile, within a small bound, and the
flooding province's extra requests are refused ``document_render_busy``; and a link's file is rendered once, by
the field that signed it: replaying the link serves the kept bytes, and another replica (which kept nothing)
renders it once and then serves its own kept copy."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections.runner import RunnerSettings
from isotrail.services.auth import TokenAuthority
from isotrail.services.documents.links import DocumentLinks
from isotrail.services.documents.settings import DocumentSettings
from isotrail.services.http_settings import MetricsSettings
from isotrail.services.tenants import TenantRegistry
from tests.builders import projection_runner, seeded_tenant
from tests.documents_files import b64, paragraph, with_body
from tests.graphql.conftest import METRICS_AUTH, METRICS_TOKEN, app_for, served
from tests.graphql.test_template_sandbox_over_http import FOREVER, UPLOAD

DEADLINE = 6.0  # a flooding template's rendering is killed after this
WAIT = 1.0  # a tenant's further rendering waits this long for its turn
BOUND = DEADLINE / 2  # the other tenant's document is printed well before the flood's first rendering ends
FLOOD = 4  # more than the threads and processes: unfair, they would all be the flooding tenant's
REPLAYS = 5
LINKS = DocumentLinks(b"f" * 32, ttl_seconds=300)
PLAN = """query($id: UUID!) { programme(id: $id) { inspectionPlan(format: DOCX) { templateVersion sha256 url } } }"""


@pytest.fixture(scope="module")
def api(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    """A server with two rendering threads and two template processes, one rendering at a time per tenant."""
    projector = projection_runner(database_url, registry.registry,
                                  RunnerSettings(discover_seconds=0.2, poll_seconds=0.5))
    documents = DocumentSettings(template_seconds=DEADLINE, template_workers=2, render_workers=2, tenant_renders=1,
                                 tenant_wait_seconds=WAIT)
    with served(app_for(database_url, authority, registry, projector=projector, documents=documents,
                        document_links=LINKS, metrics=MetricsSettings(token=METRICS_TOKEN))) as base:
        yield base


@pytest.fixture(scope="module")
def flooding(registry: TenantRegistry, database_url: str) -> Iterator[Tenant]:
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as slug:
        yield slug


@pytest.fixture(scope="module")
def printing(registry: TenantRegistry, database_url: str) -> Iterator[Tenant]:
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Bạc Liêu") as slug:
        yield slug


def _plan(graphql: Callable[..., dict], token: str, tenant: Tenant) -> tuple[dict, float, float]:
    """The plan's answer, how long it took, and when it ended (monotonic)."""
    started = time.monotonic()
    answer = graphql(PLAN, token, {"id": str(Programme.create_id(tenant, "2020"))})
    return answer, time.monotonic() - started, time.monotonic()


def _rendered(api: str) -> float:
    """isotrail_documents_rendered_total of DOCX files, as /metrics says."""
    lines = httpx.get(f"{api}/metrics", headers=METRICS_AUTH, timeout=10).text.splitlines()
    wanted = 'isotrail_documents_rendered_total{format="docx"} '
    return next((float(line.split()[-1]) for line in lines if line.startswith(wanted)), 0.0)


def test_a_tenant_flooding_with_a_slow_template_leaves_the_others_printing(
    api: str, graphql: Callable[..., dict], token: Callable[..., str], flooding: Tenant, printing: Tenant,
) -> None:
    other = token(printing, Role.VIEWER)
    assert _plan(graphql, other, printing)[0]["data"]["programme"]["inspectionPlan"]["url"]  # renderers imported
    admin = token(flooding, Role.TENANT_ADMIN)
    given = {"documentKind": "INSPECTION_PLAN", "format": "DOCX", "filename": "mau.docx", "occurredOn": "2021-03-01",
             "contentBase64": b64(with_body(paragraph(FOREVER)))}
    assert graphql(UPLOAD, admin, {"input": given})["data"]["uploadDocumentTemplate"]["ok"]
    with ThreadPoolExecutor(FLOOD) as pool:
        floods = [pool.submit(_plan, graphql, admin, flooding) for _ in range(FLOOD)]
        time.sleep(0.5)  # the flood has reached the server: one rendering spins, the others wait their turn
        answer, took, printed_at = _plan(graphql, other, printing)
        answers = [flood.result() for flood in floods]
    assert answer["data"]["programme"]["inspectionPlan"]["sha256"], answer
    assert took < BOUND, f"the other tenant waited {took:.1f} s"
    codes = sorted(flood_answer["errors"][0]["extensions"]["code"] for flood_answer, _took, _at in answers)
    assert codes == ["document_render_busy"] * (FLOOD - 1) + ["template_render_timeout"]
    spun = next(at for flood_answer, _took, at in answers
                if flood_answer["errors"][0]["extensions"]["code"] == "template_render_timeout")
    assert printed_at < spun  # printed while the flood's rendering still ran
    busy = next(flood_answer["errors"][0]["extensions"] for flood_answer, _took, _at in answers
                if flood_answer["errors"][0]["extensions"]["code"] == "document_render_busy")
    assert "field" in busy and "Vui lòng thử lại" in busy["message_vi"] and f"{WAIT:g} seconds" in busy["message_en"]
    assert all(took_ < DEADLINE for flood_answer, took_, _at in answers  # refused after their wait, not a 500
               if flood_answer["errors"][0]["extensions"]["code"] == "document_render_busy")


def test_replaying_a_link_renders_its_file_once(
    api: str, graphql: Callable[..., dict], token: Callable[..., str], printing: Tenant, database_url: str,
    authority: TokenAuthority, registry: TenantRegistry,
) -> None:
    before = _rendered(api)
    plan = _plan(graphql, token(printing, Role.VIEWER), printing)[0]["data"]["programme"]["inspectionPlan"]
    assert _rendered(api) == before + 1
    served_files = [httpx.get(plan["url"], timeout=30) for _ in range(REPLAYS)]
    assert {(r.status_code, r.headers["X-Content-SHA256"]) for r in served_files} == {(200, plan["sha256"])}
    assert len({r.content for r in served_files}) == 1
    assert _rendered(api) == before + 1  # the field's rendering only
    with served(app_for(database_url, authority, registry, document_links=LINKS)) as replica:
        elsewhere = plan["url"].replace(api, replica)
        again = [httpx.get(elsewhere, timeout=30) for _ in range(REPLAYS)]
    assert {(r.status_code, r.content) for r in again} == {(200, served_files[0].content)}
    assert _rendered(api) == before + 2  # the other replica rendered it once, checked its sha256, then kept it
