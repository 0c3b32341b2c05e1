"""Token verification: HS256 by default, RS256 for an identity provider; every bad token is refused."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from isotrail.domain.values import Role
from isotrail.services.auth import InvalidTokenError, TokenAuthority

SECRET = "a-development-secret-that-is-long-enough-0123456789"  # noqa: S105 - a test key


def _claims(**overrides: object) -> dict:
    now = int(time.time())
    return {"iss": "isotrail", "sub": "u1", "iat": now, "exp": now + 60, "tenant": "soc_trang",
            "role": "inspector", **overrides}


def test_hs256_tokens_round_trip_and_tampering_is_refused() -> None:
    authority = TokenAuthority(SECRET)
    principal = authority.verify(authority.mint(tenant="soc_trang", role=Role.INSPECTOR, subject="u1"))
    assert (principal.tenant, principal.role, principal.subject) == ("soc_trang", Role.INSPECTOR, "u1")
    for bad in (jwt.encode(_claims(), None, algorithm="none"),
                jwt.encode(_claims(tenant="Sóc Trăng; DROP"), SECRET, algorithm="HS256"),
                jwt.encode(_claims(role="emperor"), SECRET, algorithm="HS256"),
                jwt.encode(_claims(iss="elsewhere"), SECRET, algorithm="HS256"),
                jwt.encode({k: v for k, v in _claims().items() if k != "exp"}, SECRET, algorithm="HS256")):
        with pytest.raises(InvalidTokenError):
            authority.verify(bad)
    with pytest.raises(ValueError, match="32"):
        TokenAuthority("short")


def test_rs256_tokens_of_an_identity_provider_are_verified_with_its_public_key() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    authority = TokenAuthority(public_key=public_pem)
    token = jwt.encode(_claims(role="auditor"), private, algorithm="RS256")
    assert authority.verify(token).role is Role.AUDITOR
    with pytest.raises(InvalidTokenError):  # an HS256 token signed with the public key as secret
        authority.verify(jwt.encode(_claims(), public_pem.encode()[:64].decode(), algorithm="HS256"))
    with pytest.raises(InvalidTokenError):
        authority.mint(tenant="soc_trang", role=Role.VIEWER, subject="x")
