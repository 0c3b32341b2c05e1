"""An identity provider's tokens over real HTTP and WebSocket: a server verifying Keycloak-shaped tokens against a
JWKS served on a loopback port. Refusals are the typed ``invalid_token``; a JWKS that is slow or down answers
``token_verification_unavailable`` (503, or a socket closed with 1013) within the timeout, while the server
keeps answering other requests."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import websockets

from isotrail.services.auth import TokenAuthority
from isotrail.services.signing_keys import SigningKeys
from isotrail.services.tenants import TenantRegistry
from isotrail.services.token_claims import ClaimNames
from tests.builders import fresh_tenant
from tests.graphql.conftest import app_for, served
from tests.graphql.socket_refusals import refusal_at_init
from tests.identity_provider import ENTRA_ISSUER, KEYCLOAK_AUDIENCE, IdentityProvider, identity_provider

ME = "{ me { subject tenant role } }"
TIMEOUT = 0.5
REFETCH = 0.2


@pytest.fixture(scope="module")
def idp() -> Iterator[IdentityProvider]:
    with identity_provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def province(registry: TenantRegistry) -> Iterator[str]:
    with fresh_tenant(registry) as tenant:
        yield tenant.slug


@pytest.fixture(scope="module")
def api(database_url: str, registry: TenantRegistry, idp: IdentityProvider) -> Iterator[str]:
    """A server set as for the provider's Keycloak realm."""
    keys = SigningKeys(idp.jwks_url, refetch_seconds=REFETCH, timeout_seconds=TIMEOUT)
    authority = TokenAuthority(signing_keys=keys, issuer=idp.keycloak_issuer, audience=[KEYCLOAK_AUDIENCE],
                               claims=ClaimNames(tenant="isotrail_tenant", role="realm_access.roles"))
    with served(app_for(database_url, authority, registry)) as base:
        yield base


def post(api: str, token: str) -> httpx.Response:
    return httpx.post(f"{api}/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def typed(response: httpx.Response, status: int, code: str) -> dict:
    """The one typed error of ``response``, which has ``status``."""
    assert response.status_code == status, response.text
    (error,) = response.json()["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == code and extensions["message_vi"] != extensions["message_en"], extensions
    assert "field" in extensions
    return extensions


async def socket_answer(api: str, token: str) -> tuple[int, str] | None:
    """None when a socket opened with ``token`` is acknowledged, else the code and reason it is closed with."""
    async with websockets.connect(api.replace("http", "ws") + "/graphql",
                                  subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        return await refusal_at_init(ws)


def test_a_keycloak_token_reads_and_every_refusal_is_typed(api: str, idp: IdentityProvider, province: str) -> None:
    claims = idp.keycloak_claims(province, ["offline_access", "inspector"])
    answer = post(api, idp.sign(claims))
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["me"] == {"subject": claims["sub"], "tenant": province, "role": "INSPECTOR"}
    refused = {"audience": {**claims, "aud": ["account"]}, "'aud' is missing": {**claims, "aud": []},
               "not issued by": {**claims, "iss": ENTRA_ISSUER},
               "more than one isotrail role": {**claims, "realm_access": {"roles": ["viewer", "auditor"]}}}
    for reason, bad in refused.items():
        extensions = typed(post(api, idp.sign(bad)), 200, "invalid_token")
        assert reason in extensions["message_en"] and extensions["message_vi"].startswith("Mã xác thực")
    assert asyncio.run(socket_answer(api, idp.sign(claims))) is None
    code, reason = asyncio.run(socket_answer(api, idp.sign({**claims, "aud": "another-api"})))
    assert (code, reason.split(":")[0]) == (4401, "invalid_token")


def test_a_slow_jwks_answers_503_within_the_timeout_while_other_requests_are_served(
    api: str, idp: IdentityProvider, province: str,
) -> None:
    known = idp.sign(idp.keycloak_claims(province, ["viewer"]))
    assert post(api, known).status_code == 200
    idp.rotate()
    rotated = idp.sign(idp.keycloak_claims(province, ["viewer"]))
    idp.delay = 4 * TIMEOUT
    time.sleep(REFETCH)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            started = time.perf_counter()
            waiting = pool.submit(post, api, rotated)
            time.sleep(TIMEOUT / 5)
            assert post(api, known).status_code == 200  # answered while the other waits for the JWKS
            assert not waiting.done()
            meanwhile = time.perf_counter() - started
            extensions = typed(waiting.result(), 503, "token_verification_unavailable")
            waited = time.perf_counter() - started
        assert meanwhile < TIMEOUT <= waited < 2 * TIMEOUT + 0.5
        assert "nhà cung cấp định danh" in extensions["message_vi"]
    finally:
        idp.delay = 0.0
    time.sleep(REFETCH)
    assert post(api, rotated).json()["data"]["me"]["role"] == "VIEWER"


def test_a_jwks_that_is_down_answers_503_and_closes_sockets_with_1013_but_known_keys_still_verify(
    api: str, idp: IdentityProvider, province: str,
) -> None:
    known = idp.sign(idp.keycloak_claims(province, ["viewer"]))
    assert post(api, known).status_code == 200
    idp.stop()
    try:
        idp.rotate()
        rotated = idp.sign(idp.keycloak_claims(province, ["viewer"]))
        time.sleep(REFETCH)
        typed(post(api, rotated), 503, "token_verification_unavailable")
        time.sleep(REFETCH)
        code, reason = asyncio.run(socket_answer(api, rotated))
        assert (code, reason.split(":")[0]) == (1013, "token_verification_unavailable")
        assert post(api, known).status_code == 200
        assert asyncio.run(socket_answer(api, known)) is None
    finally:
        idp.start()
    time.sleep(REFETCH)
    assert post(api, rotated).json()["data"]["me"]["role"] == "VIEWER"
