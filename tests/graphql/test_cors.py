"""CORS over real HTTP: a page of an origin the settings name may call the API from a browser; any other
origin gets no CORS headers (the browser then refuses the answer to its page)."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from isotrail.domain.roles import Role
from isotrail.services.auth import TokenAuthority
from isotrail.services.http_settings import HttpSettings
from isotrail.services.tenants import TenantRegistry
from tests.graphql.conftest import app_for, served

PORTAL = "https://dost.cantho.gov.vn"


def test_a_named_origin_may_call_the_api_and_another_may_not(
    database_url: str, authority: TokenAuthority, registry: TenantRegistry, token, soc_trang
) -> None:
    http = HttpSettings(cors_origins=[PORTAL])
    with served(app_for(database_url, authority, registry, http=http), http) as base:
        for origin, allowed in ((PORTAL, True), ("https://evil.example", False)):
            preflight = httpx.options(f"{base}/graphql", headers={
                "Origin": origin, "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type"})
            assert (preflight.headers.get("access-control-allow-origin") == origin) is allowed, preflight.headers
            answer = httpx.post(f"{base}/graphql", json={"query": "{ me { tenant } }"}, headers={
                "Origin": origin, "Authorization": f"Bearer {token(soc_trang, Role.VIEWER)}"})
            assert answer.json()["data"]["me"]["tenant"] == soc_trang.slug
            assert (answer.headers.get("access-control-allow-origin") == origin) is allowed
        if_unset = httpx.options(f"{base}/graphql", headers={"Origin": PORTAL, "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-credentials" not in if_unset.headers
    with served(app_for(database_url, authority, registry)) as base:  # none named: no CORS at all
        answer = httpx.post(f"{base}/graphql", json={"query": "{ me { tenant } }"}, headers={
            "Origin": PORTAL, "Authorization": f"Bearer {token(soc_trang, Role.VIEWER)}"})
        assert "access-control-allow-origin" not in answer.headers


@pytest.mark.parametrize("origin", ["*", "https://a.example/path", "javascript:alert(1)", "https://a.example\r\nX: y"])
def test_only_an_origin_can_be_named(origin: str) -> None:
    with pytest.raises(ValidationError):
        HttpSettings(cors_origins=[origin])
