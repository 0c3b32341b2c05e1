"""Vendors the files strawberry's GraphiQL page loads from unpkg, so that the page works on a network without
the internet (graphql/graphiql_page.py serves them from ``/graphql/assets/…``).

Run from the repository root after upgrading strawberry (its page names the packages and versions):

    .venv/bin/python graphql/static/fetch_graphiql.py

For each ``https://unpkg.com/<package>@<version>/<path>`` the page names, it downloads the package's tarball
from the npm registry, checks it against the registry's ``dist.integrity`` (sha512), takes ``<path>`` out of
it and checks it against the page's own ``integrity`` (sha384), then writes it under
``graphql/static/graphiql/<package>@<version>/<path>`` and its sha384 (with the tarball's sha512) to
``graphiql/manifest.json``.
Nothing is changed: the files are npm's, byte for byte (tests/graphql/test_graphiql_offline.py checks that
the stylesheets fetch nothing from elsewhere; GraphiQL 3.8.3's embed their fonts).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

from strawberry.http.ides import get_graphql_ide_html

HERE = Path(__file__).parent / "graphiql"
REGISTRY = "https://registry.npmjs.org"
ASSET = re.compile(r'(?:src|href)="https://unpkg\.com/((?:@[\w.-]+/)?[\w.-]+)@([\w.-]+)/([^"]+)"\s+'
                   r'integrity="(sha384-[^"]+)"')


def sri(data: bytes, algorithm: str = "sha384") -> str:
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - the registry's https URL
        return response.read()


def _from_tarball(package: str, version: str, path: str) -> tuple[bytes, str]:
    """``path`` out of the package's tarball, and the tarball's integrity (sha512) it was checked against."""
    meta = json.loads(_get(f"{REGISTRY}/{package}/{version}"))
    tarball = _get(meta["dist"]["tarball"])
    if sri(tarball, "sha512") != meta["dist"]["integrity"]:
        raise SystemExit(f"{package}@{version}: the tarball does not match the registry's integrity")
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        member = archive.extractfile(f"package/{path}")
        if member is None:
            raise SystemExit(f"{package}@{version} holds no {path}")
        return member.read(), meta["dist"]["integrity"]


def main() -> None:
    manifest = {}
    for package, version, path, integrity in ASSET.findall(get_graphql_ide_html("graphiql")):
        data, tarball = _from_tarball(package, version, path)
        if sri(data) != integrity:
            raise SystemExit(f"{package}@{version}/{path} does not match the page's integrity {integrity}")
        name = f"{package}@{version}/{path}"
        (HERE / name).parent.mkdir(parents=True, exist_ok=True)
        (HERE / name).write_bytes(data)
        manifest[name] = {"integrity": sri(data), "npm": f"{REGISTRY}/{package}/{version}",
                          "tarball": tarball}
        print(f"{name}: {len(data)} bytes", file=sys.stderr)
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
