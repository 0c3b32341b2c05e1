"""Token verification: HS256 by default, RS256 for an identity provider; every bad token is refused."""

from __future__ import annotations

import time
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError

from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.services.auth import TokenAuthority
from isotrail.services.settings import Settings
from isotrail.services.token_claims import MAX_SUBJECT_LENGTH, InvalidTokenError

SOC_TRANG = Tenant("soc_trang")
SECRET = "a-development-secret-that-is-long-enough-0123456789"  # noqa: S105 - a test key


def _claims(**overrides: object) -> dict:
    now = int(time.time())
    return {"iss": "isotrail", "sub": "u1", "iat": now, "exp": now + 60, "tenant": "soc_trang",
            "role": "inspector", **overrides}


async def test_hs256_tokens_round_trip_and_tampering_is_refused() -> None:
    authority = TokenAuthority(SECRET)
    principal = await authority.verify(authority.mint(tenant=SOC_TRANG, role=Role.INSPECTOR, subject="u1"))
    assert (principal.tenant, principal.role, principal.subject) == (SOC_TRANG, Role.INSPECTOR, "u1")
    for bad in (jwt.encode(_claims(), None, algorithm="none"),
                jwt.encode(_claims(tenant="Sóc Trăng; DROP"), SECRET, algorithm="HS256"),
                jwt.encode(_claims(role="emperor"), SECRET, algorithm="HS256"),
                jwt.encode(_claims(iss="elsewhere"), SECRET, algorithm="HS256"),
                jwt.encode({k: v for k, v in _claims().items() if k != "exp"}, SECRET, algorithm="HS256")):
        with pytest.raises(InvalidTokenError):
            await authority.verify(bad)
    with pytest.raises(ValueError, match="32"):
        TokenAuthority("short")


async def test_rs256_tokens_of_an_identity_provider_are_verified_with_its_public_key() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    authority = TokenAuthority(public_key=public_pem)
    token = jwt.encode(_claims(role="auditor"), private, algorithm="RS256")
    assert (await authority.verify(token)).role is Role.AUDITOR
    with pytest.raises(InvalidTokenError):  # an HS256 token signed with the public key as secret
        await authority.verify(jwt.encode(_claims(), public_pem.encode()[:64].decode(), algorithm="HS256"))
    with pytest.raises(InvalidTokenError):
        authority.mint(tenant=SOC_TRANG, role=Role.VIEWER, subject="x")


async def _reason(authority: TokenAuthority, token: str) -> tuple[str, str]:
    with pytest.raises(InvalidTokenError) as refused:
        await authority.verify(token)
    assert refused.value.code == "invalid_token"
    return refused.value.message_vi, refused.value.message_en


async def test_token_refusals_give_our_reasons_in_both_languages_not_library_class_names() -> None:
    authority = TokenAuthority(SECRET)
    good = authority.mint(tenant=SOC_TRANG, role=Role.VIEWER, subject="u1")
    header, payload, signature = good.split(".")
    forged_signature = signature[:-4] + ("AAAA" if not signature.endswith("AAAA") else "BBBB")
    cases = {
        "signature": f"{header}.{payload}.{forged_signature}",
        "well-formed": "not.a.jwt",
        "algorithm": jwt.encode(_claims(), None, algorithm="none"),
        "isotrail": jwt.encode(_claims(iss="elsewhere"), SECRET, algorithm="HS256"),
        "'exp'": jwt.encode({k: v for k, v in _claims().items() if k != "exp"}, SECRET, algorithm="HS256"),
        "'role'": jwt.encode({k: v for k, v in _claims().items() if k != "role"}, SECRET, algorithm="HS256"),
        "'tenant'": jwt.encode({k: v for k, v in _claims().items() if k != "tenant"}, SECRET, algorithm="HS256"),
        "role is unknown": jwt.encode(_claims(role="emperor"), SECRET, algorithm="HS256"),
        "tenant slug": jwt.encode(_claims(tenant="Sóc Trăng; DROP"), SECRET, algorithm="HS256"),
        "expired": jwt.encode(_claims(iat=int(time.time()) - 120, exp=int(time.time()) - 60), SECRET,
                              algorithm="HS256"),
        "not valid yet": jwt.encode(_claims(nbf=int(time.time()) + 600), SECRET, algorithm="HS256"),
        "unit_id is not a UUID": jwt.encode(_claims(unit_id="unit-7"), SECRET, algorithm="HS256"),
    }
    library_names = {name for name in dir(jwt.exceptions) if name.endswith("Error")} | {"KeyError", "ValueError"}
    for expected, token in cases.items():
        vi, en = await _reason(authority, token)
        assert expected in en, (expected, en)
        assert vi != en and vi.startswith("Mã xác thực không hợp lệ")
        assert not any(name in vi or name in en for name in library_names), en


async def test_a_token_verified_before_is_refused_once_it_expires_and_a_forged_twin_is_never_accepted() -> None:
    authority = TokenAuthority(SECRET)
    expires = int(time.time()) + 2
    token = jwt.encode(_claims(exp=expires), SECRET, algorithm="HS256")
    assert (await authority.verify(token)).subject == await _subject_again(authority, token) == "u1"
    header, _, signature = token.split(".")
    other = jwt.encode(_claims(exp=expires, sub="u2"), SECRET, algorithm="HS256").split(".")[1]
    _, en = await _reason(authority, f"{header}.{other}.{signature}")  # its signature on another payload
    assert "signature" in en
    time.sleep(max(0.0, expires - time.time()) + 0.05)
    _, en = await _reason(authority, token)
    assert "expired" in en


async def _subject_again(authority: TokenAuthority, token: str) -> str:
    return (await authority.verify(token)).subject


async def test_a_unit_representative_token_must_name_its_unit() -> None:
    authority = TokenAuthority(SECRET)
    unit_id = uuid4()
    principal = await authority.verify(authority.mint(tenant=SOC_TRANG, role=Role.UNIT_REPRESENTATIVE, subject="r",
                                                      unit_id=unit_id))
    assert (principal.role, principal.unit_id) == (Role.UNIT_REPRESENTATIVE, unit_id)
    with pytest.raises(InvalidTokenError) as refused:
        authority.mint(tenant=SOC_TRANG, role=Role.UNIT_REPRESENTATIVE, subject="r")
    assert "unit_id" in refused.value.message_en
    for unit in (None, ""):
        claims = _claims(role="unit_representative") | ({} if unit is None else {"unit_id": unit})
        vi, en = await _reason(authority, jwt.encode(claims, SECRET, algorithm="HS256"))
        assert "unit" in en and "đơn vị" in vi


async def test_no_token_grants_the_system_role() -> None:
    authority = TokenAuthority(SECRET)
    with pytest.raises(InvalidTokenError):
        authority.mint(tenant=SOC_TRANG, role=Role.SYSTEM, subject="x")
    vi, en = await _reason(authority, jwt.encode(_claims(role="system"), SECRET, algorithm="HS256"))
    assert "role" in en and "vai trò" in vi


async def test_a_token_living_longer_than_the_maximum_is_neither_accepted_nor_minted() -> None:
    authority = TokenAuthority(SECRET, ttl_seconds=600, max_ttl_seconds=3600)
    now = int(time.time())
    assert await authority.verify(jwt.encode(_claims(iat=now, exp=now + 3600), SECRET, algorithm="HS256"))
    vi, en = await _reason(authority, jwt.encode(_claims(iat=now, exp=now + 3601), SECRET, algorithm="HS256"))
    assert "3600" in en and "3600" in vi
    assert await authority.verify(authority.mint(tenant=SOC_TRANG, role=Role.VIEWER, subject="x", ttl_seconds=3600))
    with pytest.raises(InvalidTokenError) as refused:
        authority.mint(tenant=SOC_TRANG, role=Role.VIEWER, subject="x", ttl_seconds=3601)
    assert "3600" in refused.value.message_en
    with pytest.raises(ValueError, match="maximum"):
        TokenAuthority(SECRET, ttl_seconds=7200, max_ttl_seconds=3600)


def test_the_maximum_lifetime_is_a_setting_that_bounds_the_minted_lifetime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISOTRAIL_AUTH__MAX_TOKEN_TTL_SECONDS", "36000")
    assert Settings(_env_file=None).auth.max_token_ttl_seconds == 36000
    monkeypatch.setenv("ISOTRAIL_AUTH__TOKEN_TTL_SECONDS", "36001")
    with pytest.raises(ValidationError, match="MAX_TOKEN_TTL_SECONDS"):
        Settings(_env_file=None)


@pytest.mark.parametrize(("sub", "reason"), [
    ("evil\u0000\u202eadmin\u0085", "U+0000"), ("ad\ud800min", "U+D800"), ("admin\u202e", "U+202E"),
    ("a\nb", "U+000A"), ("\u200b\u00a0", "invisible"), ("x" * (MAX_SUBJECT_LENGTH + 1), str(MAX_SUBJECT_LENGTH)),
    (42, "string"),
])
async def test_a_subject_no_name_could_be_is_neither_accepted_nor_minted(sub: object, reason: str) -> None:
    """The subject becomes the actor of every event the token's commands record: it is text like any name."""
    authority = TokenAuthority(SECRET)
    vi, en = await _reason(authority, jwt.encode(_claims(sub=sub), SECRET, algorithm="HS256"))
    assert "sub" in en and "sub" in vi and reason in en and vi != en, en
    if isinstance(sub, str):
        with pytest.raises(InvalidTokenError) as refused:
            authority.mint(tenant=SOC_TRANG, role=Role.VIEWER, subject=sub)
        assert reason in refused.value.message_en


async def test_subjects_of_real_identity_providers_are_kept_as_signed() -> None:
    authority = TokenAuthority(SECRET)
    for sub in ("demo-tenant_admin", "nguyễn.văn.a@soctrang.gov.vn", "auth0|5f7c8ec7c33c6c004bbafe82",
                "x" * MAX_SUBJECT_LENGTH):
        principal = await authority.verify(authority.mint(tenant=SOC_TRANG, role=Role.VIEWER, subject=sub))
        assert principal.subject == sub
