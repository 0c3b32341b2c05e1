"""GraphiQL on a network without the internet, over real HTTP: the page names no other host, each script and
stylesheet it names is served by the app with the bytes its integrity hash names, its Content-Security-Policy
lets scripts come from this origin only, and nothing of it is served where GraphiQL is off."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import httpx

from isotrail.graphql.graphiql_page import ASSETS_PATH
from isotrail.services.auth import TokenAuthority
from isotrail.services.http_settings import HttpSettings
from isotrail.services.tenants import TenantRegistry
from tests.graphql.conftest import app_for, served

HTML = {"Accept": "text/html"}


class _References(HTMLParser):
    """Every URL the page makes a browser fetch (``src``, ``href``), with its ``integrity``; inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str | None]] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.urls += [(tag, named[key] or "", named.get("integrity")) for key in ("src", "href") if key in named]
        self._in_script = tag == "script" and "src" not in named

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def _sri(data: bytes, algorithm: str) -> str:
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


def _policy(header: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def test_graphiql_loads_everything_from_this_server(database_url: str, authority: TokenAuthority,
                                                   registry: TenantRegistry) -> None:
    pages = HttpSettings(graphiql=True)
    with served(app_for(database_url, authority, registry, http=pages), pages) as base:
        page = httpx.get(f"{base}/graphql", headers=HTML)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        references = _References()
        references.feed(page.text)
        assets = [(tag, url, integrity) for tag, url, integrity in references.urls if not url.startswith("data:")]
        assert len(assets) >= 5 and "unpkg" not in page.text  # React, ReactDOM, GraphiQL and its styles, …
        served_bytes = 0
        for tag, url, integrity in assets:
            assert url.startswith(f"{ASSETS_PATH}/") and integrity and integrity.startswith("sha384-"), url
            asset = httpx.get(f"{base}{url}")
            assert asset.status_code == 200, url
            assert _sri(asset.content, "sha384") == integrity, url
            kind = "text/javascript" if tag == "script" else "text/css"
            assert asset.headers["content-type"] == f"{kind}; charset=utf-8", url  # one charset, as given
            assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
            assert asset.headers["x-content-type-options"] == "nosniff"
            if kind == "text/css":
                assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", asset.text), url
            served_bytes += len(asset.content)
        assert served_bytes < 5_000_000
        policy = _policy(page.headers["content-security-policy"])
        assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["connect-src"] == ["'self'"] and policy["base-uri"] == ["'none'"]
        inline = {f"'{_sri(script.encode(), 'sha256')}'" for script in references.inline if script.strip()}
        assert inline and sorted(policy["script-src"]) == sorted(["'self'", *inline])  # no host, no unsafe-inline
        assert all(source in ("'none'", "'self'", "'unsafe-inline'", "data:") for sources in policy.values()
                   for source in sources if not source.startswith("'sha256-"))  # no other origin for anything
        assert page.headers["cache-control"] == "no-store"
        for wrong in ("react@18.2.0/package.json", "../graphql/app.py", "%2e%2e/app.py", "nothing.js"):
            refused = httpx.get(f"{base}{ASSETS_PATH}/{wrong}")
            assert refused.status_code == 404 and refused.json()["errors"][0]["extensions"]["code"] == "route_not_found"
            assert refused.headers["cache-control"] == "no-store"


def test_no_graphiql_page_nor_assets_where_graphiql_is_off(database_url: str, authority: TokenAuthority,
                                                           registry: TenantRegistry) -> None:
    pages = HttpSettings(graphiql=True)
    with served(app_for(database_url, authority, registry, http=pages), pages) as base:
        references = _References()
        references.feed(httpx.get(f"{base}/graphql", headers=HTML).text)
    asset = next(url for _, url, _ in references.urls if url.startswith(ASSETS_PATH))
    with served(app_for(database_url, authority, registry)) as base:
        for path in ("/graphql", asset):
            refused = httpx.get(f"{base}{path}", headers=HTML)
            assert refused.status_code == 404 and refused.json()["errors"][0]["extensions"]["code"] == "route_not_found"
