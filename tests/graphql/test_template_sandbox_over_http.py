"""A province's template that passes the sample check, then loops for ever or eats memory on the real records,
uploaded through the mutation and asked for over real HTTP: the request gets a typed error naming the template's
version within the deadline and a margin, the server answers other requests meanwhile (its event loop is free),
and the next document is printed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.projections.runner import RunnerSettings
from isotrail.services.auth import TokenAuthority
from isotrail.services.documents.settings import DocumentSettings
from isotrail.services.tenants import TenantRegistry
from tests.builders import projection_runner, seeded_tenant
from tests.documents_files import LETTERHEAD, b64, paragraph, with_body
from tests.graphql.conftest import app_for, served

DEADLINE = 3.0
MARGIN = 5.0  # the kill, the answer's trip, a slow shared machine
UPLOAD = """mutation($input: UploadDocumentTemplateInput!) { uploadDocumentTemplate(input: $input) {
  ok userErrors { code field message } template { templateVersion } } }"""
PLAN = """query($id: UUID!) { programme(id: $id) { inspectionPlan(format: DOCX) { templateVersion sha256 url } } }"""
ROWS = "{%- for t in body.blocks %}{%- if t.type == 'table' %}"
# five nested loops over a table's rows: 5⁵ turns on the sample's five units, 78⁵ (≈ 3·10⁹) on the seed's plan
FOREVER = (ROWS + "{% for a in t.rows %}{% for b in t.rows %}{% for c in t.rows %}{% for d in t.rows %}"
           "{% for e in t.rows %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endif %}{% endfor %}")
# a string of 100 MB per row, made only past 50 rows: nothing on the sample, 7.8 GB on the seed's plan
GREEDY = (ROWS + "{% if t.rows|length > 50 %}{{ ('x' * (t.rows|length * 100000000))|length }}{% endif %}"
          "{% endif %}{% endfor %}")


@pytest.fixture(scope="module")
def api(database_url: str, authority: TokenAuthority, registry: TenantRegistry) -> Iterator[str]:
    """A server whose provinces' templates have :data:`DEADLINE` seconds and one process."""
    projector = projection_runner(database_url, registry.registry,
                                  RunnerSettings(discover_seconds=0.2, poll_seconds=0.5))
    documents = DocumentSettings(template_seconds=DEADLINE, template_workers=1)
    with served(app_for(database_url, authority, registry, projector=projector, documents=documents)) as base:
        yield base


@pytest.fixture(scope="module")
def province(registry: TenantRegistry, database_url: str) -> Iterator[Tenant]:
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as slug:
        yield slug


def _upload(graphql: Callable[..., dict], admin: str, body: str) -> str:
    given = {"documentKind": "INSPECTION_PLAN", "format": "DOCX", "filename": "mau.docx", "occurredOn": "2021-03-01",
             "contentBase64": b64(with_body(paragraph(body)))}
    stored = graphql(UPLOAD, admin, {"input": given})["data"]["uploadDocumentTemplate"]
    assert stored["ok"], stored  # the sample check passed
    return stored["template"]["templateVersion"]


def _printed(graphql: Callable[..., dict], admin: str, province: Tenant) -> tuple[dict, float]:
    started = time.monotonic()
    answer = graphql(PLAN, admin, {"id": str(Programme.create_id(province, "2020"))})
    return answer, time.monotonic() - started


def test_a_template_that_never_ends_on_real_records_is_stopped_and_the_next_document_prints(
    api: str, graphql: Callable[..., dict], token: Callable[..., str], province: Tenant,
) -> None:
    admin = token(province, Role.TENANT_ADMIN)
    version = _upload(graphql, admin, FOREVER)
    healthy: list[float] = []

    def meanwhile() -> None:  # the event loop answers while the template spins in its process
        time.sleep(1.0)
        started = time.monotonic()
        assert httpx.get(f"{api}/healthz", timeout=10).status_code == 200
        healthy.append(time.monotonic() - started)

    probe = threading.Thread(target=meanwhile)
    probe.start()
    answer, took = _printed(graphql, admin, province)
    probe.join()
    error = answer["errors"][0]["extensions"]
    assert answer["data"] is None or answer["data"]["programme"] is None
    assert error["code"] == "template_render_timeout" and error["field"] == "templateVersion"
    assert version in error["message_vi"] and version in error["message_en"]
    assert "Kế hoạch kiểm tra" in error["message_vi"]
    assert DEADLINE <= took < DEADLINE + MARGIN
    assert healthy and healthy[0] < 1.0
    fixed = _upload(graphql, admin, LETTERHEAD)
    answer, _took = _printed(graphql, admin, province)
    assert answer["data"]["programme"]["inspectionPlan"]["templateVersion"] == fixed  # a fresh process printed it
    assert httpx.get(answer["data"]["programme"]["inspectionPlan"]["url"], timeout=30).status_code == 200


def test_a_template_that_eats_memory_on_real_records_is_a_typed_error(
    graphql: Callable[..., dict], token: Callable[..., str], province: Tenant,
) -> None:
    admin = token(province, Role.TENANT_ADMIN)
    version = _upload(graphql, admin, GREEDY)
    answer, took = _printed(graphql, admin, province)
    error = answer["errors"][0]["extensions"]
    assert error["code"] == "template_render_failed" and "MemoryError" in error["message_en"]
    assert version in error["message_en"] and took < DEADLINE + MARGIN
    fixed = _upload(graphql, admin, LETTERHEAD)
    printed = _printed(graphql, admin, province)[0]["data"]["programme"]["inspectionPlan"]
    assert printed["templateVersion"] == fixed
