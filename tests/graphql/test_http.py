"""The seed story read over real HTTP from /graphql, with the tenant taken from the token only."""

from __future__ import annotations

import time
from datetime import date

import httpx
import jwt

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.commands import RaiseNonconformity, RenameUnit, SignMinutes
from isotrail.services.commands.handle import handle
from tests.graphql.conftest import METRICS_AUTH, SECRET

SO_NOI_VU = '{ units(filter: {search: "so noi vu"}) { nodes { uuid } } }'
SUMMARY = """{ programmes(filter: {year: 2020}) { nodes { planNumber standard
  summary { unitsInScope inspected unitsWithNonconformities unitsReported joint }
  weaknesses { itemCode units } } } }"""


def test_a_viewer_reads_78_78_27_78_and_27_27_for_soc_trang_2020(graphql, token, soc_trang: Tenant) -> None:
    body = graphql(SUMMARY, token(soc_trang))
    [programme] = body["data"]["programmes"]["nodes"]
    assert programme["planNumber"] == "35/KH-UBND"
    assert programme["standard"] == "TCVN ISO 9001:2015"
    summary = programme["summary"]
    assert (summary["inspected"], summary["unitsInScope"]) == (78, 78)
    assert (summary["unitsWithNonconformities"], summary["unitsReported"], summary["joint"]) == (27, 27, 4)
    assert [w["itemCode"] for w in programme["weaknesses"][:3]] == ["6.2", "7.5", "9.2"]


def test_units_page_and_search_without_diacritics(graphql, token, soc_trang: Tenant) -> None:
    query = """query($after: String) { units(first: 30, after: $after) {
        nodes { name openNonconformities } pageInfo { hasNextPage endCursor } } }"""
    names, after = [], None
    while True:
        page = graphql(query, token(soc_trang, Role.AUDITOR), {"after": after})["data"]["units"]
        names += [n["name"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(names) == len(set(names)) == 78
    found = graphql('{ units(filter: {search: "so y te"}) { nodes { name } } }', token(soc_trang))
    assert found["data"]["units"]["nodes"] == [{"name": "Sở Y tế tỉnh Sóc Trăng"}]


def test_findings_filter_and_a_bad_cursor_is_a_typed_error(graphql, token, soc_trang: Tenant) -> None:
    body = graphql('{ findings(filter: {clause: "9"}, first: 100) { nodes { itemCode status reportDueOn } } }',
                   token(soc_trang))
    nodes = body["data"]["findings"]["nodes"]
    assert len(nodes) == 16 and {n["status"] for n in nodes} == {"REPORTED"}
    bad = graphql('{ units(after: "nonsense") { nodes { name } } }', token(soc_trang))
    [error] = bad["errors"]
    assert error["extensions"]["code"] == "invalid_cursor"
    assert error["extensions"]["message_vi"] == "Con trỏ phân trang không hợp lệ."


def test_missing_forged_expired_and_unsigned_tokens_are_refused(graphql, token, soc_trang: Tenant) -> None:
    now = int(time.time())
    claims = {"iss": "isotrail", "sub": "x", "iat": now, "exp": now + 60, "tenant": soc_trang.slug, "role": "viewer"}
    forged = jwt.encode(claims, "another-secret-of-sufficient-length-000000000000", algorithm="HS256")
    expired = jwt.encode({**claims, "iat": now - 120, "exp": now - 60}, SECRET, algorithm="HS256")
    unsigned = jwt.encode(claims, None, algorithm="none")
    for bad in (None, "garbage", forged, expired, unsigned):
        body = graphql("{ me { tenant } units { nodes { name } } }", bad)
        assert body["data"] is None
        assert {e["extensions"]["code"] for e in body["errors"]} == {"invalid_token"}


def test_a_token_of_another_tenant_sees_none_of_soc_trang(graphql, token, soc_trang: Tenant, registry) -> None:
    from tests.builders import fresh_tenant

    with fresh_tenant(registry, "Tỉnh khác") as other:
        from tests.builders import fresh_tenant, project_all

        project_all(registry.database.url, other)
        body = graphql("{ me { tenant } units { nodes { name } } programmes { nodes { planNumber } } }", token(other))
        assert body["data"]["me"]["tenant"] == other.slug
        assert body["data"]["units"]["nodes"] == [] and body["data"]["programmes"]["nodes"] == []
        # ids of the other tenant's objects lead nowhere: the schema is the token's
        unit = graphql(SO_NOI_VU, token(soc_trang))["data"]["units"]["nodes"][0]
        probe = graphql("query($id: UUID!) { timeline(unitId: $id) { nodes { summaryVi } } }", token(other),
                        {"id": unit["uuid"]})
        assert probe["data"] is None and probe["errors"][0]["extensions"]["code"] == "unit_not_found"


def test_a_unit_representative_sees_its_own_unit_only(graphql, token, soc_trang: Tenant) -> None:
    unit = graphql(SO_NOI_VU, token(soc_trang))["data"]["units"]["nodes"][0]
    representative = token(soc_trang, Role.UNIT_REPRESENTATIVE, unit_id=unit["uuid"])
    units = graphql("{ units { nodes { uuid } } findings { nodes { unitId } } }", representative)["data"]
    assert [u["uuid"] for u in units["units"]["nodes"]] == [unit["uuid"]]
    assert {f["unitId"] for f in units["findings"]["nodes"]} <= {unit["uuid"]}
    # time travel and history reach no other unit, nor another unit's inspection
    findings = graphql("{ findings(first: 100) { nodes { unitId inspectionId } } }", token(soc_trang))["data"]
    other = next(f for f in findings["findings"]["nodes"] if f["unitId"] != unit["uuid"])
    as_of = "query($id: UUID!) { unitAsOf(id: $id, asOfVersion: 1) { uuid } }"
    assert graphql(as_of, representative, {"id": unit["uuid"]})["data"]["unitAsOf"]["uuid"] == unit["uuid"]
    assert graphql(as_of, representative, {"id": other["unitId"]})["errors"][0]["extensions"]["code"] == (
        "unit_not_found")
    inspection = "query($id: UUID!) { inspectionAsOf(id: $id, asOfVersion: 1) { unitId } }"
    assert graphql(inspection, token(soc_trang), {"id": other["inspectionId"]})["data"]["inspectionAsOf"]
    assert graphql(inspection, representative, {"id": other["inspectionId"]})["errors"][0]["extensions"][
        "code"] == "inspection_not_found"
    history = "query($id: UUID!) { history(aggregateId: $id) { version } }"
    assert graphql(history, representative, {"id": unit["uuid"]})["data"]["history"]
    for hidden in (other["unitId"], other["inspectionId"]):
        assert graphql(history, token(soc_trang), {"id": hidden})["data"]["history"]
        assert graphql(history, representative, {"id": hidden})["errors"][0]["extensions"]["code"] == (
            "aggregate_not_found")


def test_the_ministry_gets_a_typed_refusal_for_tenant_data(graphql, token, soc_trang: Tenant) -> None:
    body = graphql("{ units { nodes { name } } }", token(soc_trang, Role.MINISTRY))
    assert body["errors"][0]["extensions"]["code"] == "permission_denied"


def test_malformed_input_never_gives_a_server_error(api: str, graphql, token, soc_trang: Tenant) -> None:
    assert graphql("{ units { nodes { nosuchfield } } }", token(soc_trang), status=200)["errors"]
    assert httpx.post(f"{api}/graphql", content=b"{not json", timeout=10,
                      headers={"content-type": "application/json"}).status_code < 500
    assert graphql('{ units(first: 100000) { nodes { name } } }', token(soc_trang))["errors"][0]["extensions"][
        "code"] == "invalid_page_size"


def test_health_and_readiness_with_projection_lag(api: str, soc_trang: Tenant) -> None:
    assert httpx.get(f"{api}/healthz", timeout=10).json() == {"status": "ok"}
    ready = httpx.get(f"{api}/readyz", timeout=10).json()
    assert ready["status"] == "ready" and isinstance(ready["lag_events"], int)
    assert soc_trang.slug not in str(ready)  # readiness is public: tenants are named in the metrics only
    assert f'isotrail_projection_lag_events{{projection="audit",tenant="{soc_trang}"}} 0.0' in httpx.get(
        f"{api}/metrics", headers=METRICS_AUTH, timeout=10).text


def test_wide_and_oversized_queries_are_refused(graphql, token, soc_trang: Tenant) -> None:
    deepest = "{ programmes { nodes { summary { inspected } weaknesses { itemCode } } } }"
    assert "errors" not in graphql(deepest, token(soc_trang))  # the depth limit leaves real queries alone
    aliases = "{ " + " ".join(f"a{i}: me {{ tenant }}" for i in range(40)) + " }"
    assert graphql(aliases, token(soc_trang))["errors"]
    huge = "{ me { " + " ".join("tenant" for _ in range(3000)) + " } }"
    assert graphql(huge, token(soc_trang))["errors"]


def test_the_exported_sdl_is_current() -> None:
    from pathlib import Path

    from isotrail.graphql.schema import schema

    exported = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"
    assert exported.read_text(encoding="utf-8") == schema.as_str() + "\n", (
        "graphql/schema.graphql is stale: python -c \"from isotrail.graphql.schema import schema; "
        "print(schema.as_str())\" > graphql/schema.graphql")


RAISE = """mutation($id: UUID!, $version: Int) { raiseNonconformity(input: {inspectionId: $id, itemCode: "6.2",
  description: "Mục tiêu chất lượng chưa đo lường được", occurredOn: "2021-06-01", expectedVersion: $version}) {
  ok version entityId userErrors { code field message messageVi messageEn } } }"""


def test_commands_run_as_mutations_with_typed_errors_and_read_your_writes(
    graphql, token, registry, admin
) -> None:
    from tests.builders import conducted_inspection, fresh_tenant

    with fresh_tenant(registry, "Tỉnh thử mutation") as slug:
        with registry.application(slug) as app:
            _, inspection_id = conducted_inspection(app, admin, on=date(2021, 6, 1))
            version = app.get_inspection(inspection_id).version
        variables = {"id": str(inspection_id), "version": version}
        refused = graphql(RAISE, token(slug, Role.VIEWER), variables)["data"]["raiseNonconformity"]
        assert refused["ok"] is False and refused["userErrors"][0]["code"] == "PERMISSION_DENIED"
        done = graphql(RAISE, token(slug, Role.INSPECTOR), variables)["data"]["raiseNonconformity"]
        assert done["userErrors"] == []
        assert done["ok"] is True and done["version"] == version + 1
        stale = graphql(RAISE, token(slug, Role.INSPECTOR), variables)["data"]["raiseNonconformity"]
        [error] = stale["userErrors"]
        assert (error["code"], error["field"]) == ("STALE_VERSION", ["input", "expectedVersion"])
        assert error["message"] == error["messageVi"]
        assert "phiên bản" in error["messageVi"] or "Dữ liệu" in error["messageVi"]
        # read-your-writes: the finding is in the read model when the mutation answers
        findings = graphql("{ findings { nodes { uuid itemCode status } } }", token(slug))["data"]["findings"]["nodes"]
        assert findings == [{"uuid": done["entityId"], "itemCode": "6.2", "status": "OPEN"}]
        blank = graphql("""mutation { registerUnit(input: {code: "SNV", name: " ", kind: PROVINCIAL_DEPARTMENT,
                           occurredOn: "2021-01-01"}) { ok userErrors { code field } } }""",
                        token(slug, Role.TENANT_ADMIN))
        assert blank["data"]["registerUnit"]["userErrors"] == [{"code": "INVALID_VALUE", "field": ["input", "name"]}]


def test_a_mutation_cannot_reach_another_tenants_objects(graphql, token, soc_trang: Tenant, registry) -> None:
    from tests.builders import fresh_tenant

    unit = graphql(SO_NOI_VU, token(soc_trang))["data"]["units"]["nodes"][0]
    with fresh_tenant(registry, "Tỉnh khác") as other:
        body = graphql("""mutation($id: UUID!) { renameUnit(input: {unitId: $id, name: "Chiếm quyền",
                          occurredOn: "2025-01-01"}) { ok userErrors { code } } }""",
                       token(other, Role.TENANT_ADMIN), {"id": unit["uuid"]})
        assert body["data"]["renameUnit"] == {"ok": False, "userErrors": [{"code": "UNIT_NOT_FOUND"}]}


UNIT_AS_OF = """query($id: UUID!, $at: DateTime, $version: Int, $on: Date) {
  unitAsOf(id: $id, asOf: $at, asOfVersion: $version, asOfOccurredOn: $on) { version name names { name since } } }"""


def test_time_travel_rebuilds_a_unit_as_of_a_version_or_a_recorded_time(
    graphql, token, registry, admin
) -> None:
    from datetime import UTC, datetime

    from tests.builders import fresh_tenant, register_unit

    with fresh_tenant(registry, "Tỉnh du hành thời gian") as slug:
        with registry.application(slug) as app:
            unit_id = register_unit(app, admin, "Ủy ban nhân dân huyện Kế Sách")
            handle(app, admin, RenameUnit(unit_id=unit_id, name="Ủy ban nhân dân thị xã Kế Sách",
                                          occurred_on=date(2024, 1, 1)))
            between = datetime.now(UTC)
            time.sleep(0.01)
            handle(app, admin, RenameUnit(unit_id=unit_id, name="Ủy ban nhân dân xã Kế Sách",
                                          occurred_on=date(2025, 7, 1)))
        viewer = token(slug)
        first = graphql(UNIT_AS_OF, viewer, {"id": str(unit_id), "version": 1})["data"]["unitAsOf"]
        assert (first["version"], first["name"]) == (1, "Ủy ban nhân dân huyện Kế Sách")
        then = graphql(UNIT_AS_OF, viewer, {"id": str(unit_id), "at": between.isoformat()})["data"]["unitAsOf"]
        assert (then["version"], then["name"]) == (2, "Ủy ban nhân dân thị xã Kế Sách")
        now = graphql(UNIT_AS_OF, viewer, {"id": str(unit_id), "at": datetime.now(UTC).isoformat()})["data"]["unitAsOf"]
        assert [n["since"] for n in now["names"]] == ["2020-01-02", "2024-01-01", "2025-07-01"]
        on = graphql(UNIT_AS_OF, viewer, {"id": str(unit_id), "on": "2025-06-30"})["data"]["unitAsOf"]
        assert (on["version"], on["name"]) == (2, "Ủy ban nhân dân thị xã Kế Sách")
        before = graphql(UNIT_AS_OF, viewer, {"id": str(unit_id), "at": "2000-01-01T00:00:00+00:00"})
        assert before["errors"][0]["extensions"]["code"] == "unit_not_found"
        for selectors in ({}, {"version": 1, "on": "2025-06-30"}):
            refused = graphql(UNIT_AS_OF, viewer, {"id": str(unit_id), **selectors})
            assert refused["data"] is None
            assert refused["errors"][0]["extensions"]["code"] == "as_of_selector"
            assert "asOfOccurredOn" in refused["errors"][0]["extensions"]["message_vi"]
        with fresh_tenant(registry, "Tỉnh khác") as other:
            probe = graphql(UNIT_AS_OF, token(other), {"id": str(unit_id), "version": 1})
            assert probe["errors"][0]["extensions"]["code"] == "unit_not_found"


def test_an_inspection_as_of_a_version_or_date_shows_its_findings_then(graphql, token, registry, admin) -> None:
    from tests.builders import conducted_inspection, fresh_tenant

    with fresh_tenant(registry, "Tỉnh kiểm tra lại") as slug:
        with registry.application(slug) as app:
            _, inspection_id = conducted_inspection(app, admin, on=date(2020, 12, 30))
            raised = handle(app, admin, RaiseNonconformity(inspection_id=inspection_id, item_code="9.2",
                                                           description="Đánh giá nội bộ",
                                                           occurred_on=date(2020, 12, 30)))
            handle(app, admin, SignMinutes(inspection_id=inspection_id, minutes_number="BB-1",
                                           team_leader_signatory="Kiểm tra viên 1", unit_signatory="GĐ",
                                           occurred_on=date(2020, 12, 31)))
        query = """query($id: UUID!, $v: Int) { inspectionAsOf(id: $id, asOfVersion: $v) {
                   version status nonconformities { itemCode status reportDueOn } } }"""
        before = graphql(query, token(slug), {"id": str(inspection_id), "v": raised.version})["data"]["inspectionAsOf"]
        latest = {"id": str(inspection_id), "v": raised.version + 1}
        after = graphql(query, token(slug), latest)["data"]["inspectionAsOf"]
        assert (before["status"], before["nonconformities"]) == (
            "CONDUCTED", [{"itemCode": "9.2", "status": "OPEN", "reportDueOn": None}])
        assert (after["status"], after["nonconformities"][0]["reportDueOn"]) == ("FINDINGS_COMMUNICATED", "2021-02-28")
        on = graphql(query.replace("asOfVersion: $v", "asOfOccurredOn: $on").replace("$v: Int", "$on: Date"),
                     token(slug), {"id": str(inspection_id), "on": "2020-12-30"})["data"]["inspectionAsOf"]
        assert on == before
        with fresh_tenant(registry, "Tỉnh khác") as other:
            probe = graphql(query, token(other), {"id": str(inspection_id), "v": 1})
            assert probe["errors"][0]["extensions"]["code"] == "inspection_not_found"


PROGRAMME_AS_OF = """query($id: UUID!, $version: Int, $on: Date) {
  programmeAsOf(id: $id, asOfVersion: $version, asOfOccurredOn: $on) {
    version status planNumber approvedOn scope { unitId form jointTeam } } }"""


def test_a_programme_as_of_a_version_or_a_business_date(graphql, token, registry, admin) -> None:
    from tests.builders import PLAN_DATE, approved_programme, fresh_tenant

    with fresh_tenant(registry, "Tỉnh kế hoạch") as slug:
        with registry.application(slug) as app:
            programme_id, unit_ids = approved_programme(app, admin, units=2)
        variables = {"id": str(programme_id)}
        drafted = graphql(PROGRAMME_AS_OF, token(slug), {**variables, "version": 1})["data"]["programmeAsOf"]
        assert (drafted["version"], drafted["status"], drafted["scope"]) == (1, "DRAFT", [])
        approved = graphql(PROGRAMME_AS_OF, token(slug, Role.AUDITOR),
                           {**variables, "on": PLAN_DATE.isoformat()})["data"]["programmeAsOf"]
        assert (approved["status"], approved["approvedOn"]) == ("APPROVED", PLAN_DATE.isoformat())
        assert approved["scope"] == [{"unitId": str(u), "form": "ON_SITE", "jointTeam": None} for u in unit_ids]
        with fresh_tenant(registry, "Tỉnh khác") as other:
            probe = graphql(PROGRAMME_AS_OF, token(other), {**variables, "version": 1})
            assert probe["data"] is None
            assert probe["errors"][0]["extensions"]["code"] == "programme_not_found"


def test_the_ministry_reads_every_provinces_figures_and_nobody_else_can(graphql, token, soc_trang: Tenant) -> None:
    query = "{ national(year: 2020) { tenant tenantName planNumber inspected unitsInScope unitsWithNonconformities } }"
    rows = graphql(query, token("bo_khcn", Role.MINISTRY))["data"]["national"]
    mine = [r for r in rows if r["tenant"] == soc_trang.slug]
    assert mine == [{"tenant": soc_trang.slug, "tenantName": "Sở Khoa học và Công nghệ tỉnh Sóc Trăng",
                     "planNumber": "35/KH-UBND", "inspected": 78, "unitsInScope": 78, "unitsWithNonconformities": 27}]
    for role in (Role.TENANT_ADMIN, Role.VIEWER, Role.AUDITOR):
        refused = graphql(query, token(soc_trang, role))
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "permission_denied"


def test_every_example_in_graphql_examples_is_valid_against_the_schema() -> None:
    from pathlib import Path

    from graphql import parse, validate

    from isotrail.graphql.schema import schema

    examples = sorted((Path(__file__).resolve().parents[2] / "graphql" / "examples").rglob("*.graphql"))
    assert len(examples) >= 6
    for example in examples:
        assert validate(schema._schema, parse(example.read_text(encoding="utf-8"))) == [], example.name


def test_nested_programme_fields_load_in_one_statement_each_not_one_per_programme(
    graphql, token, registry, admin, read_statements
) -> None:
    from tests.builders import draft_programme, fresh_tenant, project_all

    with fresh_tenant(registry, "Tỉnh nhiều kế hoạch") as slug:
        with registry.application(slug) as app:
            for year in range(5):
                draft_programme(app, admin, code=f"2020-{year}")
        project_all(registry.database.url, slug)
        query = "query($first: Int) { programmes(first: $first) { nodes { code summary { unitsInScope } " \
                "weaknesses { itemCode } } } }"
        graphql(query, token(slug), {"first": 2})  # warm: asyncpg introspects types on first use
        counts = []
        for first in (1, 5):
            before = read_statements()
            nodes = graphql(query, token(slug), {"first": first})["data"]["programmes"]["nodes"]
            assert len(nodes) == first and all(n["summary"] is not None for n in nodes)
            counts.append(read_statements() - before)
        # the page, then one batch of summaries and one of weaknesses, whatever N
        assert counts == [3, 3]


def test_metrics_expose_requests_and_commands(api: str, graphql, token, soc_trang: Tenant) -> None:
    graphql("{ me { tenant } }", token(soc_trang))
    metrics = httpx.get(f"{api}/metrics", headers=METRICS_AUTH, timeout=10).text
    assert "isotrail_http_requests_total" in metrics
    assert "isotrail_read_queries_total" in metrics


def test_the_full_history_of_an_aggregate_carries_both_dates_and_the_actor(graphql, token, registry, admin) -> None:
    from tests.builders import fresh_tenant, register_unit

    with fresh_tenant(registry, "Tỉnh lịch sử") as slug:
        with registry.application(slug) as app:
            unit_id = register_unit(app, admin, "Sở Tài chính")
            handle(app, admin, RenameUnit(unit_id=unit_id, name="Sở Tài chính tỉnh", occurred_on=date(2021, 5, 4)))
        query = ("query($id: UUID!) { history(aggregateId: $id) { version eventType occurredOn actorId role "
                 "correlationId } }")
        events = graphql(query, token(slug, Role.AUDITOR), {"id": str(unit_id)})["data"]["history"]
        assert [(e["version"], e["eventType"]) for e in events] == [(1, "UNIT_REGISTERED"), (2, "UNIT_RENAMED")]
        assert events[1] == {"version": 2, "eventType": "UNIT_RENAMED", "occurredOn": "2021-05-04",
                             "actorId": "admin-1", "role": "TENANT_ADMIN", "correlationId": "test-correlation"}
        with fresh_tenant(registry, "Tỉnh khác") as other:
            refused = graphql(query, token(other), {"id": str(unit_id)})
            assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "aggregate_not_found"


def test_a_correlation_id_travels_from_the_request_to_the_stored_event(api: str, token, registry, admin) -> None:
    from tests.builders import fresh_tenant

    with fresh_tenant(registry, "Tỉnh tương quan") as slug:
        headers = {"Authorization": f"Bearer {token(slug, Role.TENANT_ADMIN)}", "X-Correlation-Id": "req-42.abc"}
        response = httpx.post(f"{api}/graphql", headers=headers, timeout=30, json={"query": """mutation {
            registerUnit(input: {code: "SCT", name: "Sở Công Thương", kind: PROVINCIAL_DEPARTMENT,
                                 occurredOn: "2020-01-02"}) { ok aggregateId } }"""})
        assert response.headers["x-correlation-id"] == "req-42.abc"
        unit_id = response.json()["data"]["registerUnit"]["aggregateId"]
        history = httpx.post(f"{api}/graphql", headers=headers, timeout=30, json={
            "query": "query($id: UUID!) { history(aggregateId: $id) { correlationId actorId } }",
            "variables": {"id": unit_id}}).json()["data"]["history"]
        assert history == [{"correlationId": "req-42.abc", "actorId": "test-tenant_admin"}]
        generated = httpx.get(f"{api}/healthz", headers={"X-Correlation-Id": "bad id with spaces"}, timeout=10)
        assert len(generated.headers["x-correlation-id"]) == 32


def test_typed_errors_are_logged_as_one_line_and_unexpected_ones_with_their_traceback(
    graphql, token, soc_trang: Tenant, caplog
) -> None:
    import logging

    from graphql import GraphQLError

    from isotrail.graphql.unexpected_errors import unexpected_errors

    with caplog.at_level(logging.WARNING):
        body = graphql('query { unitAsOf(id: "00000000-0000-0000-0000-000000000001", asOfVersion: 1) { name } }',
                       token(soc_trang))
        assert body["errors"][0]["extensions"]["code"] == "unit_not_found"
        assert graphql("{ units { nodes { nosuchfield } } }", token(soc_trang))["errors"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("unit_not_found" in r.getMessage() for r in caplog.records)
    fault = GraphQLError("boom", path=["units"], original_error=RuntimeError("boom"))
    assert unexpected_errors([fault]) == [fault]
