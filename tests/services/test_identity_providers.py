"""Tokens of real identity providers (Keycloak, Microsoft Entra ID) verified against a JWKS served over real
HTTP: issuer, audience and claim names as settings; the key set fetched off the event loop, kept, fetched
again at most once per interval, and waited for no longer than the timeout."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from pydantic import ValidationError

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.auth import TokenAuthority
from isotrail.services.settings import Settings
from isotrail.services.signing_keys import SigningKeys, TokenVerificationUnavailableError
from isotrail.services.token_claims import ClaimNames, InvalidTokenError
from tests.identity_provider import (
    ENTRA_AUDIENCE,
    ENTRA_ISSUER,
    KEYCLOAK_AUDIENCE,
    IdentityProvider,
    identity_provider,
)

KEYCLOAK_CLAIMS = ClaimNames(tenant="isotrail_tenant", role="realm_access.roles", unit="isotrail_unit")
TIMEOUT = 0.5
REFETCH = 0.2  # the tests that wait for a second fetch wait this long
SECRET = "a-development-secret-that-is-long-enough-0123456789"  # noqa: S105 - a test key


@pytest.fixture
def idp() -> Iterator[IdentityProvider]:
    with identity_provider() as provider:
        yield provider


def keycloak(idp: IdentityProvider, *, refetch_seconds: float = 30, **rules: object) -> TokenAuthority:
    """An authority set as for the provider's Keycloak realm (rules override its issuer, audience, claims)."""
    keys = SigningKeys(idp.jwks_url, refetch_seconds=refetch_seconds, timeout_seconds=TIMEOUT)
    settings = {"issuer": idp.keycloak_issuer, "audience": [KEYCLOAK_AUDIENCE], "claims": KEYCLOAK_CLAIMS, **rules}
    return TokenAuthority(signing_keys=keys, **settings)  # type: ignore[arg-type]


async def refusal(authority: TokenAuthority, token: str) -> str:
    """The English reason ``token`` is refused for, as ``invalid_token``."""
    with pytest.raises(InvalidTokenError) as refused:
        await authority.verify(token)
    assert refused.value.code == "invalid_token" and refused.value.message_vi.startswith("Mã xác thực")
    return refused.value.message_en


async def test_a_keycloak_token_grants_the_one_isotrail_role_among_its_realm_roles(idp: IdentityProvider) -> None:
    authority, unit = keycloak(idp), uuid.uuid4()
    principal = await authority.verify(idp.sign(idp.keycloak_claims("soc_trang", ["inspector"])))
    assert (principal.tenant, principal.role, principal.unit_id) == (Tenant("soc_trang"), Role.INSPECTOR, None)
    representative = idp.keycloak_claims("soc_trang", ["unit_representative"], isotrail_unit=str(unit))
    assert (await authority.verify(idp.sign(representative))).unit_id == unit
    refusals = {
        "unit (isotrail_unit)": idp.keycloak_claims("soc_trang", ["unit_representative"]),
        "isotrail_unit is not a UUID": idp.keycloak_claims("soc_trang", ["viewer"], isotrail_unit="unit-7"),
        "more than one isotrail role": idp.keycloak_claims("soc_trang", ["inspector", "auditor"]),
        "role is unknown": idp.keycloak_claims("soc_trang", ["realm-admin"]),
        "the claim 'realm_access.roles' is missing": idp.keycloak_claims("soc_trang", [], realm_access={}),
        "tenant slug": idp.keycloak_claims("Sóc Trăng", ["viewer"]),
    }
    for reason, claims in refusals.items():
        assert reason in await refusal(authority, idp.sign(claims)), reason
    for roles in ([], ["system"], ["viewer", "system"]):  # none of isotrail's, the server's own, or two
        assert "role" in await refusal(authority, idp.sign(idp.keycloak_claims("soc_trang", roles)))
    claims = idp.keycloak_claims("soc_trang", ["viewer"])
    del claims["isotrail_tenant"]
    assert "the claim 'isotrail_tenant' is missing" in await refusal(authority, idp.sign(claims))


async def test_an_entra_id_token_with_its_string_audience_app_roles_and_extension_claim_is_verified(
    idp: IdentityProvider,
) -> None:
    """Entra ID's ``tid`` names its directory, not an isotrail tenant: the tenant comes from an extension
    claim, whose name holds a dot and is read as it stands."""
    authority = TokenAuthority(signing_keys=SigningKeys(idp.jwks_url), issuer=ENTRA_ISSUER, audience=[ENTRA_AUDIENCE],
                               claims=ClaimNames(tenant="extn.isotrail_tenant", role="roles"))
    principal = await authority.verify(idp.sign(idp.entra_claims("can_tho", ["auditor"])))
    assert (principal.tenant, principal.role) == (Tenant("can_tho"), Role.AUDITOR)
    assert "more than one" in await refusal(authority, idp.sign(idp.entra_claims("can_tho", ["auditor", "viewer"])))
    assert "tenant slug" in await refusal(authority, idp.sign(idp.entra_claims("can_tho", ["auditor"], **{
        "extn.isotrail_tenant": idp.entra_claims("x", [])["tid"]})))


async def test_a_token_of_another_issuer_or_for_another_audience_is_refused(idp: IdentityProvider) -> None:
    authority = keycloak(idp)
    claims = idp.keycloak_claims("soc_trang", ["viewer"])
    assert "not issued by 'http://127.0.0.1" in await refusal(authority, idp.sign({**claims, "iss": ENTRA_ISSUER}))
    del claims["iss"]
    assert "the claim 'iss' is missing" in await refusal(authority, idp.sign(claims))
    claims = idp.keycloak_claims("soc_trang", ["viewer"])
    for audience in (["account"], "another-api", [KEYCLOAK_AUDIENCE.upper()], [42]):
        assert "audience" in await refusal(authority, idp.sign({**claims, "aud": audience}))
    assert "the claim 'aud' is missing" in await refusal(authority, idp.sign({**claims, "aud": []}))
    del claims["aud"]
    assert "the claim 'aud' is missing" in await refusal(authority, idp.sign(claims))
    several = keycloak(idp, audience=["https://isotrail.gov.vn", KEYCLOAK_AUDIENCE])
    assert await several.verify(idp.sign({**claims, "aud": KEYCLOAK_AUDIENCE}))
    unset = keycloak(idp, audience=())  # no audience configured: a token meant for a named one is not ours
    assert "audience" in await refusal(unset, idp.sign({**claims, "aud": ["account"]}))
    assert await unset.verify(idp.sign(claims))


async def test_a_cached_key_verifies_without_asking_the_identity_provider_again(idp: IdentityProvider) -> None:
    authority = keycloak(idp)
    token = idp.sign(idp.keycloak_claims("soc_trang", ["viewer"]))
    for _ in range(50):
        await authority.verify(token)
    assert idp.requests == 1


async def test_a_rotated_key_is_fetched_once_however_many_tokens_name_it_at_once(idp: IdentityProvider) -> None:
    authority = keycloak(idp, refetch_seconds=REFETCH)
    old = idp.sign(idp.keycloak_claims("soc_trang", ["viewer"]))
    await authority.verify(old)
    await asyncio.sleep(REFETCH)
    idp.rotate()
    new = [idp.sign(idp.keycloak_claims("soc_trang", ["viewer"], sub=f"user-{n}")) for n in range(20)]
    principals = await asyncio.gather(*(authority.verify(token) for token in new))
    assert {p.subject for p in principals} == {f"user-{n}" for n in range(20)}
    assert idp.requests == 2
    assert await authority.verify(old)  # the previous key is still served, and still verifies


async def test_tokens_naming_unknown_key_ids_cost_one_request_per_interval_and_wait_for_nothing(
    idp: IdentityProvider,
) -> None:
    authority = keycloak(idp, refetch_seconds=30)
    claims = idp.keycloak_claims("soc_trang", ["viewer"])
    await authority.verify(idp.sign(claims))
    payload, signature = idp.sign(claims).split(".")[1:]
    flood = [f"{jwt.api_jws.base64url_encode(json.dumps({'alg': 'RS256', 'kid': uuid.uuid4().hex}).encode()).decode()}"
             f".{payload}.{signature}" for _ in range(200)]
    started = time.perf_counter()
    for token in flood:
        assert "signing key" in await refusal(authority, token)
    assert idp.requests == 1  # the fetch that brought the known key: within the interval, no unknown id asks
    for kid in (42, ["a"], {"k": 1}, None):  # key ids of other JSON types
        header = base64.urlsafe_b64encode(json.dumps({"alg": "RS256", "kid": kid}).encode()).rstrip(b"=").decode()
        assert await refusal(authority, f"{header}.{payload}.{signature}")
    assert idp.requests == 1
    assert "algorithm" in await refusal(authority, jwt.encode(claims, SECRET, algorithm="HS256",
                                                              headers={"kid": uuid.uuid4().hex}))
    for header in (b"[1]", b"[" * 100_000, b"\xff\xfe", b'{"alg": "RS256"'):  # no JSON object
        segment = base64.urlsafe_b64encode(header).rstrip(b"=").decode()
        assert "well-formed" in await refusal(authority, f"{segment}.{payload}.{signature}")
    for token in ("", "no-dots", "!!!.x.y", f"{signature}.{payload}"):
        assert "well-formed" in await refusal(authority, token)
    assert idp.requests == 1
    assert time.perf_counter() - started < 2 * TIMEOUT


async def test_an_old_key_set_keeps_answering_while_it_is_fetched_again_and_a_withdrawn_key_then_fails(
    idp: IdentityProvider,
) -> None:
    keys = SigningKeys(idp.jwks_url, cache_seconds=REFETCH, refetch_seconds=REFETCH, timeout_seconds=TIMEOUT)
    authority = TokenAuthority(signing_keys=keys, issuer=idp.keycloak_issuer, audience=[KEYCLOAK_AUDIENCE],
                               claims=KEYCLOAK_CLAIMS)
    withdrawn = idp.kid
    old = idp.sign(idp.keycloak_claims("soc_trang", ["viewer"]))
    await authority.verify(old)
    idp.rotate()
    del idp.keys[withdrawn]
    idp.delay = TIMEOUT / 2
    await asyncio.sleep(REFETCH)
    started = time.perf_counter()
    assert await authority.verify(old)  # the kept key answers at once; the key set is fetched meanwhile
    assert time.perf_counter() - started < idp.delay
    await asyncio.sleep(idp.delay + REFETCH)
    assert idp.requests == 2
    assert "signing key" in await refusal(authority, old)
    assert await authority.verify(idp.sign(idp.keycloak_claims("soc_trang", ["viewer"])))


async def test_a_jwks_endpoint_that_is_down_makes_unknown_keys_unavailable_and_known_keys_still_verify(
    idp: IdentityProvider,
) -> None:
    authority = keycloak(idp, refetch_seconds=REFETCH)
    known = idp.sign(idp.keycloak_claims("soc_trang", ["viewer"]))
    await authority.verify(known)
    idp.stop()
    await asyncio.sleep(REFETCH)
    idp.rotate()
    with pytest.raises(TokenVerificationUnavailableError) as unavailable:
        await authority.verify(idp.sign(idp.keycloak_claims("soc_trang", ["viewer"])))
    assert unavailable.value.code == "token_verification_unavailable"
    assert "nhà cung cấp định danh" in unavailable.value.message_vi
    assert await authority.verify(known)
    never_fetched = keycloak(idp)
    with pytest.raises(TokenVerificationUnavailableError):
        await never_fetched.verify(known)
    with pytest.raises(TokenVerificationUnavailableError):  # within the interval: at once, without a request
        await never_fetched.verify(known)
    idp.start()
    await asyncio.sleep(REFETCH)
    assert await authority.verify(idp.sign(idp.keycloak_claims("soc_trang", ["viewer"])))


async def test_a_slow_jwks_endpoint_is_waited_for_no_longer_than_the_timeout_while_the_loop_runs(
    idp: IdentityProvider,
) -> None:
    authority, idp.delay = keycloak(idp, refetch_seconds=REFETCH), 3 * TIMEOUT
    token = idp.sign(idp.keycloak_claims("soc_trang", ["viewer"]))
    lags: list[float] = []

    async def ticking() -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - before - 0.01)

    ticker = asyncio.create_task(ticking())
    started = time.perf_counter()
    with pytest.raises(TokenVerificationUnavailableError):
        await authority.verify(token)
    waited = time.perf_counter() - started
    ticker.cancel()
    assert TIMEOUT <= waited < 2 * TIMEOUT
    assert len(lags) > 10 and max(lags) < 0.1  # the loop kept running while the fetch waited
    idp.delay = TIMEOUT / 4  # slow, but within the timeout: once the interval has passed, the keys come
    await asyncio.sleep(REFETCH)
    started = time.perf_counter()
    assert (await authority.verify(token)).role is Role.VIEWER
    assert time.perf_counter() - started >= idp.delay and idp.requests == 2


async def test_the_settings_name_the_issuer_audiences_claims_and_jwks(
    idp: IdentityProvider, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    for name, value in {"JWKS_URL": idp.jwks_url, "ISSUER": ENTRA_ISSUER, "AUDIENCE": ENTRA_AUDIENCE,
                        "TENANT_CLAIM": "extn.isotrail_tenant", "ROLE_CLAIM": "roles",
                        "JWKS_TIMEOUT_SECONDS": "2"}.items():
        monkeypatch.setenv(f"ISOTRAIL_AUTH__{name}", value)
    auth = Settings(_env_file=None).auth
    assert auth.audiences == (ENTRA_AUDIENCE,)
    authority = TokenAuthority.for_settings(auth, tmp_path)
    assert (await authority.verify(idp.sign(idp.entra_claims("soc_trang", ["inspector"])))).role is Role.INSPECTOR
    monkeypatch.setenv("ISOTRAIL_AUTH__AUDIENCE", f'["{ENTRA_AUDIENCE}", "00000003-0000-0000-c000-000000000000"]')
    assert len(Settings(_env_file=None).auth.audiences) == 2
    for name, value, reason in (("ROLE_CLAIM", "realm_access..roles", "dotted path"), ("UNIT_CLAIM", "", "dotted"),
                                ("AUDIENCE", "  ", "blank"), ("JWKS_URL", "file:///etc/passwd", "http"),
                                ("PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----", "not both"),
                                ("ISSUER", "", "at least 1"), ("JWKS_REFETCH_SECONDS", "0", "greater than 0")):
        with monkeypatch.context() as patch:
            patch.setenv(f"ISOTRAIL_AUTH__{name}", value)
            with pytest.raises(ValidationError, match=reason):
                Settings(_env_file=None)


async def test_minted_tokens_say_what_the_configured_claims_and_audience_read() -> None:
    claims = ClaimNames(tenant="isotrail.tenant", role="realm_access.roles", unit="isotrail.unit")
    authority = TokenAuthority(SECRET, issuer="https://isotrail.gov.vn", audience=["isotrail-api"], claims=claims)
    unit = uuid.uuid4()
    token = authority.mint(tenant=Tenant("soc_trang"), role=Role.UNIT_REPRESENTATIVE, subject="r", unit_id=unit)
    said = jwt.decode(token, options={"verify_signature": False})
    assert (said["iss"], said["aud"], said["realm_access"], said["isotrail"]) == (
        "https://isotrail.gov.vn", "isotrail-api", {"roles": "unit_representative"},
        {"tenant": "soc_trang", "unit": str(unit)})
    principal = await authority.verify(token)
    assert (principal.role, principal.unit_id) == (Role.UNIT_REPRESENTATIVE, unit)
    assert "audience" in await refusal(TokenAuthority(SECRET, issuer="https://isotrail.gov.vn", claims=claims), token)
