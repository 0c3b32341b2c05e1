"""Hostile input against the running API over loopback: schemathesis generates valid and invalid GraphQL
documents for every query and mutation (a bounded number each) and none may get a server error or a masked
unexpected one; oversized, too deep and too wide documents are refused with typed errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation import GenerationMode

from tests.builders import new_tenant_slug
from tests.faults.conftest import Deployment, deployed
from tests.processes import Api

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
    documents = {  # (tests/graphql/test_limits.py checks the depth limit on the schema's own fields)
        nested: "Maximum introspection depth exceeded",
        "{ " + " ".join(f"a{i}: me {{ tenant }}" for i in range(40)) + " }": "aliases found",
        "{ me { " + " ".join("tenant" for _ in range(3000)) + " } }": "more than 2000 tokens",
    }
    for document, explanation in documents.items():
        response = client.send(document)
        assert response.status_code == 200, (explanation, response.text)
        errors = response.json()["errors"]
        assert [e["extensions"]["code"] for e in errors] == ["invalid_query"], (explanation, errors)
        assert explanation in errors[0]["extensions"]["message_en"]
    assert httpx.post(f"{deployment.base}/graphql", content=b"{not json", timeout=10,
                      headers={"content-type": "application/json"}).status_code == 400


POISONS = ("\\u0000", "\\ud800", "\\u202e")  # NUL, a lone surrogate, a bidi override, as JSON escapes
POISONED_READS = {  # argument → a query taking it from $v, and the variables' JSON with %s for the poison
    "search": ("query($v: String) { units(search: $v) { nodes { name } } }", '{"v": "xa%s"}'),
    "kind": ("query($v: String) { units(kind: $v) { nodes { name } } }", '{"v": "%s"}'),
    "clause": ("query($v: String) { findings(clause: $v) { nodes { itemCode } } }", '{"v": "9%s"}'),
    "statuses": ("query($v: [String!]) { findings(statuses: $v) { nodes { itemCode } } }", '{"v": ["open%s"]}'),
    "after": ("query($v: String) { units(after: $v) { nodes { name } } }", '{"v": "%s"}'),
}
POISONED_WRITES = {  # field → a mutation taking it from $v (and the unit $id to rename)
    "name": 'mutation($id: UUID!, $v: String!) { renameUnit(unitId: $id, name: $v, occurredOn: "2025-07-02") '
            "{ ok errors { code field } } }",
    "code": 'mutation($v: String!) { registerUnit(code: $v, name: "Xã", kind: OTHER, '
            'occurredOn: "2025-07-02") { ok errors { code field } } }',
}


def test_poisoned_text_is_refused_with_typed_errors_and_the_tenant_keeps_folding(
    target: tuple[Deployment, Api], report: Callable[[str], None],
) -> None:
    """A NUL, a lone surrogate and a bidi override in each filter and in command text, sent as raw JSON: each
    refused naming its argument or field; then a write of the tenant becomes visible as before."""
    deployment, client = target
    [unit] = [n["id"] for n in client.post("{ units(first: 1) { nodes { id } } }")["units"]["nodes"]]
    headers = {"Authorization": f"Bearer {client.token}", "content-type": "application/json"}
    sent = 0
    for poison in POISONS:
        requests = [(argument, query, variables % poison) for argument, (query, variables) in POISONED_READS.items()]
        requests += [("name", POISONED_WRITES["name"], f'{{"id": "{unit}", "v": "XA-9{poison}"}}'),
                     ("code", POISONED_WRITES["code"], f'{{"v": "XA-9{poison}"}}')]  # valid, but for the poison
        for field, query, variables in requests:
            body = f'{{"query": {json.dumps(query)}, "variables": {variables}}}'.encode()
            response = httpx.post(f"{deployment.base}/graphql", content=body, headers=headers, timeout=30)
            _typed_or_data(response, body)
            answer = response.json()
            errors = answer.get("errors") or next(iter(answer["data"].values()))["errors"]
            assert [(e.get("extensions") or e).get("field") for e in errors] == [field], (body, answer)
            sent += 1
    renamed = client.post(POISONED_WRITES["name"], {"id": unit, "v": "Ủy ban nhân dân xã Mỹ Xuyên mới"})
    assert renamed["renameUnit"] == {"ok": True, "errors": []}  # visible: the projection folds as before
    assert "Ủy ban nhân dân xã Mỹ Xuyên mới" in client.unit_names()
    report(f"poisoned text (NUL, lone surrogate, bidi override) in filters and commands: {sent} requests, "
           "each refused with invalid_value naming its argument or field; the tenant's projection kept folding")
