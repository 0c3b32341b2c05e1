"""Issue 14's proof: the whole Sóc Trăng 2020 programme replayed into a fresh tenant through HTTP GraphQL
mutations only — the demo's own command objects (services/demo.py), each sent as its generated mutation with
a token for its caller's role — and its figures read back over HTTP: 78 units in scope, 78/78 inspected,
27/78 with nonconformities, 27/27 reports, the recommendations and the year's report, as the in-process
replay gives them."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date

import httpx

from isotrail.domain.tenancy import Tenant
from isotrail.services.auth import TokenAuthority
from isotrail.services.demo import load_seed, replay_seed
from isotrail.services.tenants import TenantRegistry
from tests.builders import fresh_tenant
from tests.graphql.http_commands import HttpIssuer

PROGRAMME = """{ programmes(filter: {year: 2020}) { nodes { code planNumber standard status approvedOn reportedOn
  summary { unitsInScope onSite dossier joint inspected unitsWithNonconformities unitsReported unitsOutstanding
            nonconformities awaitingReport overdue verified notAccepted recommendations }
  weaknesses { itemCode clause nonconformities units }
  compilation { compilationNumber figures { unitsInScope inspected unitsWithNonconformities unitsReported } } } } }"""
HISTORY = "query($id: UUID!) { history(aggregateId: $id) { eventType actorId role correlationId } }"


def test_the_seed_programme_runs_through_http_mutations_alone(
    api: str, authority: TokenAuthority, registry: TenantRegistry, soc_trang: Tenant, token: Callable[..., str],
    report: Callable[[str], None],
) -> None:
    seed = load_seed()
    with fresh_tenant(registry, "Tỉnh chạy kế hoạch qua GraphQL") as slug, \
            httpx.Client(base_url=api, timeout=30) as client, registry.application(slug) as app:
        issuer = HttpIssuer(client, authority, slug)
        began = time.perf_counter()
        replay = replay_seed(app, seed, issue=issuer)  # the app is only read, to see what is stored
        took = time.perf_counter() - began

        assert replay.total == len(issuer.seconds) > 1000
        assert len(replay.commands) == 18  # every kind of command the year needs
        units = seed["units"]
        [programme] = _post(client, PROGRAMME, token(slug))["programmes"]["nodes"]
        summary = programme["summary"]
        assert (summary["unitsInScope"], summary["inspected"]) == (78, 78)
        assert (summary["unitsWithNonconformities"], summary["unitsReported"]) == (27, 27)
        assert summary["recommendations"] == sum(1 for unit in units if unit.get("recommendation"))
        assert summary["joint"] == 4
        assert programme["compilation"]["figures"] == {  # Art. 38.1's, counted when compiled, as the article gives
            "unitsInScope": 78, "inspected": 78, "unitsWithNonconformities": 27, "unitsReported": 27}
        report_ = seed["programme"]["report"]
        assert (programme["planNumber"], programme["status"]) == ("35/KH-UBND", "REPORTED")
        assert programme["reportedOn"] == report_["reported_on"]
        assert {w["itemCode"] for w in programme["weaknesses"][:3]} == {"6.2", "7.5", "9.2"}
        # the same figures as the in-process replay's, field by field
        [in_process] = _post(client, PROGRAMME, token(soc_trang))["programmes"]["nodes"]
        assert programme == in_process

        programme_id = str(app.programme_id(seed["programme"]["code"]))
        events = _post(client, HISTORY, token(slug), {"id": programme_id})["history"]
        assert [e["eventType"] for e in events][-1] == "PROGRAMME_RESULTS_REPORTED"
        assert {(e["actorId"], e["role"], e["correlationId"]) for e in events} == {
            (seed["actors"]["admin"], "TENANT_ADMIN", "demo-soc-trang-2020")}
        assert date.fromisoformat(programme["approvedOn"]) == date.fromisoformat(seed["programme"]["approved_on"])

    per_mutation = sorted(issuer.seconds)
    p50 = statistics.median(per_mutation) * 1000
    p99 = per_mutation[int(len(per_mutation) * 0.99)] * 1000
    report(f"Sóc Trăng 2020 through HTTP GraphQL mutations only: {replay.total} commands in {took:.1f} s "
           f"({replay.total / took:.0f} commands/s, one client; p50 {p50:.1f} ms, p99 {p99:.1f} ms per mutation, "
           "each answered once the read models show it)")


def _post(client: httpx.Client, query: str, bearer: str, variables: dict | None = None) -> dict:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}},
                           headers={"Authorization": f"Bearer {bearer}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]
