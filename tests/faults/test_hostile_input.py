"""Hostile input against the running API over loopback: schemathesis generates valid and invalid GraphQL
documents for every query and mutation (a bounded number each) and none may get a server error or a masked
unexpected one; oversized, too deep and too wide documents are refused with typed errors."""

from __future__ import annotations

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
    walk = "__schema { types { name kind description fields { name description type { name } } } }"
    doubling = " ".join(["{...F0}", *(f"fragment F{i} on Query {{...F{i + 1} ...F{i + 1}}}" for i in range(29)),
                         "fragment F29 on Query {me{tenant}}"])
    documents = {  # (tests/graphql/test_limits.py checks the depth limit on the schema's own fields)
        nested: ("invalid_query", "Maximum introspection depth exceeded"),
        "{ " + " ".join(f"a{i}: me {{ tenant }}" for i in range(40)) + " }": ("invalid_query", "aliases found"),
        "{ me { " + " ".join("tenant" for _ in range(3000)) + " } }": ("invalid_query", "more than 2000 tokens"),
        doubling: ("query_too_costly", "Query too costly"),
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
