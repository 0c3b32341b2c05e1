"""GraphiQL on a closed network: strawberry's page, its scripts and styles served by this app.

strawberry's page loads React, GraphiQL, its explorer plugin and js-cookie from unpkg.com, and stays blank
where the internet is out of reach, as on many government networks. The exact files it names (package,
version and path) are vendored under ``static/graphiql/`` by ``static/fetch_graphiql.py``, which takes them
from the npm registry's tarballs, checked against the registry's sha512 and the page's own sha384, and writes
``manifest.json`` (each file's sha384). The page is strawberry's with each unpkg URL replaced by
:data:`ASSETS_PATH` and the manifest's integrity (a file the manifest lacks, after an upgrade of strawberry,
fails in ``create_app``: run the script). Its Content-Security-Policy lets scripts, styles, fonts and fetches come
from this origin only (the page's one inline script by its hash); the assets are served with a year's
immutable caching, their URLs naming their versions.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from pathlib import Path

from litestar import MediaType, Response, get
from litestar.exceptions import NotFoundException
from strawberry.http.ides import get_graphql_ide_html

ASSETS_PATH = "/graphql/assets"
STATIC = Path(__file__).parent / "static" / "graphiql"
UNPKG = re.compile(r'"https://unpkg\.com/([^"]+)"(\s+)integrity="[^"]*"')
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css"}  # Litestar adds "; charset=utf-8" to a text type
ASSET_CACHING = "public, max-age=31536000, immutable"


class GraphiQLAssetMissingError(LookupError):
    """strawberry's GraphiQL page names a file that is not vendored (a fault of the build, not a request's)."""


@cache
def manifest() -> dict[str, str]:
    """Each vendored file's name (``graphiql@3.8.3/graphiql.min.js``) and its integrity (``sha384-…``)."""
    entries = json.loads((STATIC / "manifest.json").read_text(encoding="utf-8"))
    return {name: entry["integrity"] for name, entry in entries.items()}


def _local(match: re.Match[str]) -> str:
    name, space = match.groups()
    if name not in manifest():
        raise GraphiQLAssetMissingError(f"GraphiQL's {name} is not vendored: run graphql/static/fetch_graphiql.py")
    return f'"{ASSETS_PATH}/{name}"{space}integrity="{manifest()[name]}"'


@cache
def page() -> tuple[str, str]:
    """The page's HTML, and its Content-Security-Policy."""
    html = UNPKG.sub(_local, get_graphql_ide_html("graphiql"))
    inline = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
                      for script in INLINE_SCRIPT.findall(html))
    policy = (f"default-src 'none'; script-src 'self' {inline}; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")
    return html, policy


def graphiql_page() -> Response:
    html, policy = page()
    return Response(html, media_type=MediaType.HTML, headers={"content-security-policy": policy})


@cache
def _asset(name: str) -> bytes:
    return (STATIC / name).read_bytes()


@get(f"{ASSETS_PATH}/{{name:path}}", sync_to_thread=False, include_in_schema=False)
def graphiql_asset(name: str) -> Response:
    """A vendored file the manifest names (any other path is not found, ``..`` included)."""
    name = name.lstrip("/")
    if name not in manifest():
        raise NotFoundException  # a typed route_not_found (refusals.py)
    return Response(_asset(name), media_type=CONTENT_TYPES[Path(name).suffix],
                    headers={"cache-control": ASSET_CACHING})
