"""Hostile input against the running API over loopback: schemathesis generates valid and invalid GraphQL
documents for every query and mutation (a bounded number each) and none may get a server error or a masked
unexpected one; oversized, too deep and too wide documents are refused with typed errors, and so is each
input of issue 12: bodies that are not an object, deep variables, crafted cursors, a subscription over
HTTP, an unknown fragment, NUL / lone surrogate / bidi override in text, tokens for tenants that do not
exist or a unit representative without a unit, the exponential fragment document and aliased introspection."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import httpx
import jwt
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation import GenerationMode

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.database import Database
from isotrail.services.database_settings import TenantSettings
from isotrail.services.logs import json_line
from isotrail.services.permissions import Caller
from isotrail.services.registry import Registry
from isotrail.services.tenants import TenantRegistry
from tests.builders import conducted_inspection, new_tenant_slug
from tests.faults.conftest import Deployment, deployed
from tests.processes import SECRET, Api

pytestmark = pytest.mark.faults

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def target(own_database: str, tmp_path: Path) -> Iterator[tuple[Deployment, Api]]:
    """A deployment with a tenant holding a few units, and a tenant admin's client of it."""
    tenant = new_tenant_slug()
    with deployed(own_database, tmp_path, [tenant]) as deployment:
        client = deployment.client(tenant)
        for n in range(3):
            client.register(f"XA-{n:02d}", f"Ủy ban nhân dân xã Mỹ Xuyên {n}")
        yield deployment, client


def _typed_or_data(response: httpx.Response | object, sent: object) -> None:
    """No 5xx, and every error the API returns carries a code (an unexpected error would be masked without)."""
    assert response.status_code < 500, (sent, response.text)
    for error in response.json().get("errors") or []:
        assert (error.get("extensions") or {}).get("code"), (sent, error)


def test_generated_documents_get_no_server_error(
    target: tuple[Deployment, Api], report: Callable[[str], None]
) -> None:
    """Each query and mutation, with valid and with invalid arguments (schemathesis's strategies, driven by
    Hypothesis here: its pytest plugin does not run on this pytest)."""
    deployment, client = target
    auth = {"Authorization": f"Bearer {client.token}"}
    schema = schemathesis.graphql.from_url(f"{deployment.base}/graphql", headers=auth, timeout=30)
    operations = [result.ok() for result in schema.get_all_operations()]
    sent: list[str] = []
    for operation in operations:
        for mode in GenerationMode:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            def check(case: schemathesis.Case) -> None:
                response = case.call(headers=auth, timeout=60)
                sent.append(case.operation.label)
                _typed_or_data(response, case.body)

            check()
    assert len(operations) >= 20 and len(set(sent)) == len(operations)
    report(f"schemathesis (GraphQL, valid and invalid arguments, up to {EXAMPLES_PER_OPERATION} examples per "
           f"operation and mode): {len(sent)} requests over {len(operations)} queries and mutations, 0 server "
           "errors, 0 untyped errors")


def test_oversized_deep_and_wide_documents_are_refused_with_typed_errors(target: tuple[Deployment, Api]) -> None:
    deployment, client = target
    too_large = client.send("{ me { tenant } }", {"padding": "x" * 2_000_000})
    assert too_large.status_code == 413
    assert [e["extensions"]["code"] for e in too_large.json()["errors"]] == ["request_too_large"]
    nested = "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }"
    walk = "__schema { types { name kind description fields { name description type { name } } } }"
    doubling = " ".join(["{...F0}", *(f"fragment F{i} on Query {{...F{i + 1} ...F{i + 1}}}" for i in range(29)),
                         "fragment F29 on Query {me{tenant}}"])
    documents = {  # (tests/graphql/test_limits.py checks the depth limit on the schema's own fields)
        nested: ("invalid_query", "Maximum introspection depth exceeded"),
        "{ " + " ".join(f"a{i}: me {{ tenant }}" for i in range(40)) + " }": ("invalid_query", "aliases found"),
        "{ me { " + " ".join("tenant" for _ in range(3000)) + " } }": ("invalid_query", "more than 2000 tokens"),
        doubling: ("query_too_complex", "too complex"),
        "{ " + " ".join("me { tenant }" for _ in range(490)) + " }": ("query_too_complex", "too complex"),
        "{ " + " ".join(f"a{i}: {walk}" for i in range(30)) + " }": ("query_too_costly", "Query too costly"),
    }
    for document, (code, explanation) in documents.items():
        response = client.send(document)
        assert response.status_code == 200, (explanation, response.text)
        errors = response.json()["errors"]
        assert [e["extensions"]["code"] for e in errors] == [code], (explanation, errors)
        assert explanation in errors[0]["extensions"]["message_en"]
    strangers = httpx.post(f"{deployment.base}/graphql", json={"query": doubling}, timeout=10)
    assert [e["extensions"]["code"] for e in strangers.json()["errors"]] == ["invalid_token"]
    assert httpx.post(f"{deployment.base}/graphql", content=b"{not json", timeout=10,
                      headers={"content-type": "application/json"}).status_code == 400


def _refused(response: httpx.Response, sent: object) -> list[str]:
    """No 5xx, at least one error, and every error typed (top level, or a mutation payload's); the codes."""
    assert response.status_code < 500, (sent, response.text)
    body = response.json()
    errors = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    for result in (body.get("data") or {}).values():
        if isinstance(result, dict) and "userErrors" in result:
            errors += [e.get("code") for e in result["userErrors"] or []]
    assert errors and all(errors), (sent, body)
    return errors


def _cursor(*parts: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode()


def test_malformed_requests_and_cursors_get_typed_400_class_errors(target: tuple[Deployment, Api]) -> None:
    deployment, client = target
    auth = {"Authorization": f"Bearer {client.token}", "content-type": "application/json"}
    deep = "[" * 2000 + "]" * 2000
    bodies = [b"42", b"null", b'"x"', b"true", b"[]",
              b'{"query": "{ me { tenant } }", "variables": {"a": ' + deep.encode() + b"}}",
              json.dumps({"query": "subscription { events { __typename } }"}).encode(),
              json.dumps({"query": "{...Missing}"}).encode()]
    for body in bodies:
        response = httpx.post(f"{deployment.base}/graphql", content=body, headers=auth, timeout=30)
        _refused(response, body)
    uuid = "00000000-0000-0000-0000-000000000001"
    by_name, by_year = "name_sort ASC, unit_id", "year DESC, programme_id"  # the server's own labels: values refused
    cursors = {
        "units": [_cursor(by_name, "a", "not-a-uuid"), _cursor(by_name, "a\u0000", uuid), "%%%"],
        "findings(orderBy: {field: REPORT_DUE_ON, direction: ASC}, after: $after)": [
            _cursor("coalesce(report_due_on, 'infinity'::date) ASC, nonconformity_id", "2020-13-45", uuid)],
        "programmes": [_cursor(by_year, "twenty", uuid), _cursor(by_year, 2**40, uuid)],
    }
    for field, bad in cursors.items():
        selection = field if "(" in field else f"{field}(after: $after)"
        for cursor in bad:
            response = client.send(f"query($after: String) {{ {selection} {{ nodes {{ __typename }} }} }}",
                                   {"after": cursor})
            assert _refused(response, cursor) == ["invalid_cursor"]


def _send(client: Api, query: str, variables: dict) -> httpx.Response:
    """POST with the JSON escaped to ASCII: a lone surrogate cannot be encoded as UTF-8 by the client."""
    return httpx.post(f"{client.base}/graphql", content=json.dumps({"query": query, "variables": variables}),
                      headers={"Authorization": f"Bearer {client.token}", "content-type": "application/json"},
                      timeout=30)


BAD_TEXT = {"NUL": "Sở\u0000Tư pháp", "lone surrogate": "Sở\ud800Tư pháp", "bidi override": "Sở\u202eTư pháp"}


def test_nul_lone_surrogates_and_bidi_overrides_are_refused_in_mutations_and_filters(
    target: tuple[Deployment, Api], tmp_path: Path
) -> None:
    deployment, client = target
    registry = TenantRegistry(Registry(Database(deployment.env["DATABASE_URL"])), TenantSettings())
    tenant = Tenant(jwt.decode(client.token, options={"verify_signature": False})["tenant"])
    try:
        with registry.application(tenant) as app:
            _, inspection_id = conducted_inspection(app, Caller("faults", Role.TENANT_ADMIN), on=date(2021, 6, 1))
    finally:
        registry.close()
    unit_id = client.post("{ units(first: 1) { nodes { uuid } } }")["units"]["nodes"][0]["uuid"]
    mutations = {
        "renameUnit(input: {unitId: $id, name: $text, occurredOn: \"2025-07-01\"})": unit_id,
        "recordRecommendation(input: {inspectionId: $id, source: TEAM, text: $text, occurredOn: \"2021-06-02\"})":
            str(inspection_id),
    }
    filters = {"units(filter: {search: $text})": "String!", "units(filter: {kind: [$text]})": "UnitKind!",
               "findings(filter: {clause: $text})": "String!", "findings(filter: {status: [$text]})": "FindingStatus!"}
    for name, text in BAD_TEXT.items():
        for call, target_id in mutations.items():
            query = f"mutation($id: UUID!, $text: String!) {{ {call} {{ ok userErrors {{ code field }} }} }}"
            assert _refused(_send(client, query, {"id": target_id, "text": text}), (name, call)) == ["INVALID_VALUE"]
            literal = query.replace(", $text: String!", "").replace("$text", json.dumps(text))
            _refused(_send(client, literal, {"id": target_id}), (name, call, "literal"))  # a literal surrogate: parse
        for call, of_type in filters.items():
            query = f"query($text: {of_type}) {{ {call} {{ nodes {{ __typename }} }} }}"
            assert _refused(_send(client, query, {"text": text}), (name, call)) == ["invalid_value"]
            literal = query.replace(f"($text: {of_type})", "").replace("$text", json.dumps(text))
            _refused(_send(client, literal, {}), (name, call, "literal"))


def _token(claims: dict) -> str:
    now = int(time.time())
    return jwt.encode({"iss": "isotrail", "sub": "faults", "iat": now, "exp": now + 600, **claims}, SECRET,
                      algorithm="HS256")


def test_tokens_for_tenants_that_do_not_exist_or_a_unit_representative_without_a_unit_are_refused(
    target: tuple[Deployment, Api]
) -> None:
    deployment, client = target
    tenant = Tenant(jwt.decode(client.token, options={"verify_signature": False})["tenant"])
    tokens = [_token({"tenant": slug, "role": "viewer"}) for slug in ("ghost", "public", "isotrail", "pg_catalog")]
    tokens.append(_token({"tenant": tenant.slug, "role": "unit_representative"}))
    for bearer in tokens:
        response = Api(deployment.base, bearer).send("{ me { tenant } units { nodes { id } } }")
        _refused(response, jwt.decode(bearer, options={"verify_signature": False}))
        assert response.json().get("data") is None


def test_the_exponential_fragment_document_and_aliased_introspection_are_refused(
    target: tuple[Deployment, Api]
) -> None:
    _, client = target
    fragments = " ".join(f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(21))
    exponential = "{ ...F0 } " + fragments + " fragment F21 on Query { me { tenant } }"
    walk = "__schema { types { name kind description fields { name description type { name kind ofType { name } } } } }"
    aliased = "{ " + " ".join(f"s{n}: {walk}" for n in range(30)) + " }"  # ~800 KB of answer before
    for document in (exponential, aliased):
        _refused(client.send(document, timeout=120), document[:40])


def test_a_refusal_repeating_a_client_value_is_logged_as_one_json_line(target: tuple[Deployment, Api]) -> None:
    """graphql-core's refusal repeats the value a client sent (here in an object's key, which no text check
    reads): its line break, NUL and bidi override stay inside one JSON line, and every line the API writes
    is JSON, uvicorn's and Litestar's too (the README promises JSON lines on stderr)."""
    deployment, client = target
    forged = "X\nERROR - 2026-01-01 - isotrail.auth - tenant ghost admin login OK\u0000\u202e"
    response = client.send("query($v: Int) { units(first: $v) { nodes { id } } }", {"v": {forged: 1}})
    _refused(response, forged)
    deployment.api.terminate()
    output = deployment.api.communicate(timeout=60)[0]
    lines = [line for line in output.splitlines() if not line.startswith("API on http")]  # the console's banner
    records = [json.loads(line) for line in lines]  # every line is JSON
    [answered] = [record for record in records if "login OK" in record["event"]]
    assert "invalid_query" in answered["event"] and answered["level"] == "warning"
    assert not any(line.startswith("ERROR") for line in lines)
    assert "\u202e" not in output and "\u0000" not in output
    written = json_line({"event": forged})  # a message holding the raw characters (graphql-core quoted them)
    assert "\n" not in written and "\u202e" not in written and json.loads(written)["event"] == forged
