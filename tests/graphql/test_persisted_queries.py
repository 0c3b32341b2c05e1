"""Automatic persisted queries over real HTTP, as Apollo Client's persisted-queries link sends them: the hash
alone, ``PERSISTED_QUERY_NOT_FOUND``, the hash with the text, then the hash alone again; over POST and GET; a
text whose hash differs, a version other than 1 and hostile hashes refused with typed errors; a bounded store."""

from __future__ import annotations

import hashlib
import json
import time
import uuid

import httpx
import pytest

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.graphql.document_cache import MAX_CACHED_TEXT
from isotrail.services.auth import TokenAuthority
from isotrail.services.http_settings import HttpSettings
from isotrail.services.tenants import TenantRegistry
from tests.graphql.conftest import app_for, served

# what Apollo Client's HttpLink sends (fetch's Accept), not httpx's */*
APOLLO_ACCEPT = {"Accept": "application/graphql-response+json,application/json;q=0.9"}


def _document(name: str) -> str:
    """A query of its own per test: the module's server keeps what earlier tests registered."""
    return f"query {name} {{ me {{ tenant role }} }}"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _persisted(digest: object, version: object = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


def _post(base: str, body: dict, token: str | None) -> httpx.Response:
    headers = APOLLO_ACCEPT | {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token
                                                                       else {})
    return httpx.post(f"{base}/graphql", content=json.dumps(body).encode(), headers=headers, timeout=30)  # "\ud800"


def _get(base: str, params: dict, token: str | None, headers: dict | None = None) -> httpx.Response:
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    encoded = {key: json.dumps(value) if isinstance(value, dict) else value for key, value in params.items()}
    return httpx.get(f"{base}/graphql", params=encoded, headers=(headers or APOLLO_ACCEPT) | auth, timeout=30)


def _refused(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == code, error
    assert error["extensions"]["message_vi"] and error["extensions"]["message_en"]
    return error


def _not_found(response: httpx.Response) -> None:
    """What Apollo Client's link (and urql's) matches to send the text: the code, or the message."""
    error = _refused(response, 200, "PERSISTED_QUERY_NOT_FOUND")
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["field"] == "extensions.persistedQuery.sha256Hash"


def test_apollo_clients_exchange_hash_then_text_then_hash(api: str, token, tenant: Tenant) -> None:
    text = _document("ApolloExchange")
    hashed = {"operationName": "ApolloExchange", "variables": {}, "extensions": _persisted(_hash(text))}
    viewer = token(tenant, Role.VIEWER)
    _not_found(_post(api, hashed, viewer))
    registered = _post(api, {**hashed, "query": text}, viewer)
    assert registered.json() == {"data": {"me": {"tenant": tenant.slug, "role": "VIEWER"}},
                                 "extensions": registered.json()["extensions"]}
    again = _post(api, hashed, viewer)
    assert again.status_code == 200 and again.json()["data"] == registered.json()["data"]
    assert "cost" in again.json()["extensions"]  # checked and costed like any other request
    assert _post(api, {**hashed, "extensions": _persisted(_hash(text).upper())}, viewer).json()["data"]


def test_only_a_request_that_passed_every_check_registers_its_text(api: str, token, tenant: Tenant) -> None:
    """A stranger's text (no token) and a text refused by the document's checks are run (refused) and not kept."""
    viewer = token(tenant, Role.VIEWER)
    stranger = _document("Stranger")
    hashed = {"extensions": _persisted(_hash(stranger))}
    _refused(_post(api, {**hashed, "query": stranger}, None), 200, "invalid_token")
    _not_found(_post(api, hashed, viewer))
    invalid = "query Invalid { me { nope } }"
    invalid_hashed = {"extensions": _persisted(_hash(invalid))}
    _refused(_post(api, {**invalid_hashed, "query": invalid}, viewer), 200, "invalid_query")
    _not_found(_post(api, invalid_hashed, viewer))
    wide = "query Wide { " + " ".join(f"a{n}: me {{ tenant }}" for n in range(400)) + " }"
    wide_hashed = {"extensions": _persisted(_hash(wide))}
    assert _post(api, {**wide_hashed, "query": wide}, viewer).json()["errors"]
    _not_found(_post(api, wide_hashed, viewer))


def test_a_document_is_shared_by_tenants_and_read_as_each_token_says(api: str, token, tenant: Tenant,
                                                                    soc_trang: Tenant) -> None:
    text = _document("SharedByTenants")
    hashed = {"extensions": _persisted(_hash(text))}
    assert _post(api, {**hashed, "query": text}, token(tenant)).json()["data"]["me"]["tenant"] == tenant.slug
    assert _post(api, hashed, token(soc_trang)).json()["data"]["me"]["tenant"] == soc_trang.slug
    _refused(_post(api, hashed, None), 200, "invalid_token")


def test_over_get_a_hash_runs_a_query_and_never_a_mutation(api: str, token, tenant: Tenant) -> None:
    text = _document("OverGet")
    params = {"operationName": "OverGet", "variables": {}, "extensions": _persisted(_hash(text))}
    viewer = token(tenant, Role.VIEWER)
    _not_found(_get(api, params, viewer, headers={"Accept": "*/*"}))  # no query: still no page, no 404
    assert _get(api, {**params, "query": text}, viewer).json()["data"]["me"]["tenant"] == tenant.slug
    assert _get(api, params, viewer).json()["data"]["me"] == {"tenant": tenant.slug, "role": "VIEWER"}
    rename = """mutation RenameOverGet($id: UUID!) { renameUnit(input: {unitId: $id, name: "Sở Tư pháp",
      occurredOn: "2021-01-01"}) { ok userErrors { code } } }"""
    variables = {"id": str(uuid.uuid4())}
    mutation = {"operationName": "RenameOverGet", "variables": variables, "extensions": _persisted(_hash(rename))}
    stored = _post(api, {**mutation, "query": rename}, viewer).json()["data"]["renameUnit"]
    assert stored == {"ok": False, "userErrors": [{"code": "PERMISSION_DENIED"}]}
    refused = _refused(_get(api, mutation, viewer), 400, "invalid_request")
    assert "GET" in refused["extensions"]["message_en"]
    assert _post(api, mutation, viewer).json()["data"]["renameUnit"]["ok"] is False  # POST runs it by hash


@pytest.mark.parametrize(("extensions", "code", "field"), [
    (_persisted(_hash("{ me { tenant } }")), "persisted_query_hash_mismatch", "extensions.persistedQuery.sha256Hash"),
    (_persisted(_hash(_document("Q")), version=2), "persisted_query_version_unsupported",
     "extensions.persistedQuery.version"),
    (_persisted(_hash(_document("Q")), version="1"), "persisted_query_version_unsupported",
     "extensions.persistedQuery.version"),
    (_persisted(_hash(_document("Q")), version=True), "persisted_query_version_unsupported",
     "extensions.persistedQuery.version"),
    ({"persistedQuery": "abc"}, "invalid_persisted_query", "extensions.persistedQuery"),
    ({"persistedQuery": [1]}, "invalid_persisted_query", "extensions.persistedQuery"),
    (_persisted("a" * 63), "invalid_persisted_query", "extensions.persistedQuery.sha256Hash"),
    (_persisted("a" * 65), "invalid_persisted_query", "extensions.persistedQuery.sha256Hash"),
    (_persisted("g" * 64), "invalid_persisted_query", "extensions.persistedQuery.sha256Hash"),
    (_persisted("\u0000\u001b\ud800" + "a" * 61), "invalid_persisted_query", "extensions.persistedQuery.sha256Hash"),
    (_persisted("a" * 900_000), "invalid_persisted_query", "extensions.persistedQuery.sha256Hash"),
    (_persisted(12345), "invalid_persisted_query", "extensions.persistedQuery.sha256Hash"),
    (_persisted(None), "invalid_persisted_query", "extensions.persistedQuery.sha256Hash"),
])
def test_a_mismatched_text_another_version_and_hostile_hashes_are_typed_and_quick(
    api: str, token, tenant: Tenant, extensions: dict, code: str, field: str,
) -> None:
    started = time.monotonic()
    response = _post(api, {"query": _document("Q"), "extensions": extensions}, token(tenant))
    error = _refused(response, 400, code)
    assert error["extensions"]["field"] == field
    assert "\u0000" not in response.text and "a" * 100 not in response.text  # the value is not repeated
    assert time.monotonic() - started < 2  # a round trip over loopback: nothing is hashed or parsed at length
    hash_only = _post(api, {"extensions": extensions}, token(tenant))
    assert hash_only.status_code in (200, 400) and hash_only.json()["errors"][0]["extensions"]["code"] in (
        code, "PERSISTED_QUERY_NOT_FOUND")  # a well-formed hash alone is merely unknown


def test_a_hostile_hash_over_get_is_typed(api: str, token, tenant: Tenant) -> None:
    for digest in ("\r\n" * 32, "%00" * 22, "z" * 64):
        response = _get(api, {"extensions": _persisted(digest)}, token(tenant), headers={"Accept": "*/*"})
        _refused(response, 400, "invalid_persisted_query")
    _refused(_get(api, {"extensions": "{not json"}, token(tenant)), 400, "invalid_request")


def test_the_store_keeps_the_most_recently_used_and_none_when_set_to_zero(
    database_url: str, authority: TokenAuthority, registry: TenantRegistry, token, tenant: Tenant,
) -> None:
    viewer = token(tenant)
    texts = [_document(f"Kept{n}") for n in range(3)]
    hashed = [{"extensions": _persisted(_hash(text))} for text in texts]
    http = HttpSettings(persisted_queries=2)
    with served(app_for(database_url, authority, registry, http=http), http) as base:
        for text, request in zip(texts[:2], hashed[:2], strict=True):
            assert _post(base, {**request, "query": text}, viewer).json()["data"]
        assert _post(base, hashed[0], viewer).json()["data"]  # used: now the second is the least recent
        assert _post(base, {**hashed[2], "query": texts[2]}, viewer).json()["data"]
        _not_found(_post(base, hashed[1], viewer))
        assert _post(base, hashed[0], viewer).json()["data"] and _post(base, hashed[2], viewer).json()["data"]
    off = HttpSettings(persisted_queries=0)
    with served(app_for(database_url, authority, registry, http=off), off) as base:
        for request in ({**hashed[0], "query": texts[0]}, hashed[0]):
            error = _refused(_post(base, request, viewer), 200, "PERSISTED_QUERY_NOT_SUPPORTED")
            assert error["message"] == "PersistedQueryNotSupported"
        assert _post(base, {"query": texts[0]}, viewer).json()["data"]  # a plain request as ever


def test_a_text_too_long_to_keep_is_run_and_sent_again_each_time(api: str, token, tenant: Tenant) -> None:
    """A text longer than the parsed-document cache keeps (a long comment, say) is not kept by hash either:
    memory stays bounded by the store's count times that length."""
    text = "# " + "x" * MAX_CACHED_TEXT + "\n" + _document("TooLongToKeep")
    hashed = {"extensions": _persisted(_hash(text))}
    assert _post(api, {**hashed, "query": text}, token(tenant)).json()["data"]["me"]["tenant"] == tenant.slug
    _not_found(_post(api, hashed, token(tenant)))
