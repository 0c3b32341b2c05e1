"""Documents asked ``asOf`` a past date over real HTTP: the register on 1 July 2020 holds the nonconformities raised
by then (counted here from the seed's events), its link serves the same bytes (the download folds the same day
again), the issue records the date; a visit's minutes exist from its day on and its unit's representative still
prints only its own; a day before the programme was drafted is a typed error naming what was missing."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import httpx
import pytest
from openpyxl import load_workbook

from isotrail.domain.inspection import Inspection
from isotrail.domain.programme import Programme
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.domain.unit import Unit
from isotrail.services.tenants import TenantRegistry
from tests.builders import seeded_tenant

FILE = "url sha256 asOf issueId"
REGISTER = f"""query($id: UUID!, $day: Date) {{ programme(id: $id) {{ findingsRegister(format: XLSX, asOf: $day) {{
  {FILE} }} documentsIssued {{ asOf kind }} }} }}"""
MINUTES = f"""query($id: UUID!, $day: Date) {{ inspection(id: $id) {{ inspectionMinutes(format: DOCX, asOf: $day) {{
  {FILE} }} }} }}"""
PLAN = "query($id: UUID!, $day: Date) { programme(id: $id) { inspectionPlan(asOf: $day) { url } } }"


@pytest.fixture(scope="module")
def soc_trang(registry: TenantRegistry, database_url: str) -> Iterator[Tenant]:
    with seeded_tenant(registry, database_url, "Sở Khoa học và Công nghệ tỉnh Sóc Trăng") as slug:
        yield slug


@pytest.fixture(scope="module")
def seed_events(registry: TenantRegistry, soc_trang: Tenant) -> list:
    with registry.application(soc_trang) as app:
        return [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 1_000_000)]


def test_the_register_as_of_mid_2020_is_served_as_it_stood(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant, seed_events: list,
) -> None:
    day = date(2020, 7, 1)
    raised = sum(1 for e in seed_events if type(e).__name__ == "NonconformityRaised" and e.occurred_on <= day)
    programme_id = str(Programme.create_id(soc_trang, "2020"))
    answer = graphql(REGISTER, token(soc_trang, Role.INSPECTOR), {"id": programme_id, "day": day.isoformat()})
    file = answer["data"]["programme"]["findingsRegister"]
    assert file["asOf"] == "2020-07-01" and file["issueId"]
    response = httpx.get(file["url"], timeout=60)
    assert response.status_code == 200, response.text
    assert hashlib.sha256(response.content).hexdigest() == file["sha256"]  # the download folded the same day
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=5, values_only=True))
    assert 0 < len(rows) == raised < 48
    issued = graphql(REGISTER, token(soc_trang, Role.AUDITOR), {"id": programme_id})["data"]["programme"]
    assert {"asOf": "2020-07-01", "kind": "FINDINGS_REGISTER"} in issued["documentsIssued"]


def test_a_visit_s_minutes_exist_from_its_day_and_only_for_its_own_unit(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant, seed_events: list,
) -> None:
    programme_id = Programme.create_id(soc_trang, "2020")
    unit_id = Unit.create_id(soc_trang, "SNV")
    inspection_id = Inspection.create_id(soc_trang, programme_id, unit_id)
    visited = next(e.occurred_on for e in seed_events
                   if type(e).__name__ == "Conducted" and e.originator_id == inspection_id)
    own = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=unit_id)
    before = graphql(MINUTES, own, {"id": str(inspection_id), "day": (visited - timedelta(days=1)).isoformat()})
    assert before["errors"][0]["extensions"]["code"] == "document_not_available"
    on_the_day = graphql(MINUTES, own, {"id": str(inspection_id), "day": visited.isoformat()})
    assert on_the_day["data"]["inspection"]["inspectionMinutes"]["asOf"] == visited.isoformat()
    stranger = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=Unit.create_id(soc_trang, "STP"))
    refused = graphql(MINUTES, stranger, {"id": str(inspection_id), "day": visited.isoformat()})
    assert refused["errors"][0]["extensions"]["code"] == "inspection_not_found"


def test_before_the_programme_was_drafted_the_plan_is_a_typed_error(
    graphql: Callable[..., dict], token: Callable[..., str], soc_trang: Tenant,
) -> None:
    answer = graphql(PLAN, token(soc_trang, Role.TENANT_ADMIN),
                     {"id": str(Programme.create_id(soc_trang, "2020")), "day": "2019-12-31"})
    error = answer["errors"][0]["extensions"]
    assert error["code"] == "document_not_available" and error["field"] == "asOf"
    assert "kế hoạch kiểm tra năm 2020 chưa được ghi nhận" in error["message_vi"]
