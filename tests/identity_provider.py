"""A local identity provider for tests: RSA keys made here, their public halves served as a JWKS over real
HTTP on a free loopback port, and tokens signed as Keycloak and Microsoft Entra ID sign theirs.

The JWKS endpoint can be made slow (``delay``), stopped (``stop``: the port refuses connections) and
started again, and counts the requests it answers (``requests``).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEYCLOAK_AUDIENCE = "isotrail-api"
ENTRA_AUDIENCE = "api://isotrail"
ENTRA_TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"  # Entra ID's tenant (a directory), not isotrail's
ENTRA_ISSUER = f"https://login.microsoftonline.com/{ENTRA_TENANT_ID}/v2.0"


class IdentityProvider:
    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.delay = 0.0
        self.requests = 0
        self._server: ThreadingHTTPServer | None = None
        self._port = 0

    @property
    def jwks_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/protocol/openid-connect/certs"

    @property
    def keycloak_issuer(self) -> str:
        return f"http://127.0.0.1:{self._port}/realms/soc-trang"

    def rotate(self) -> str:
        """A new signing key, served beside the others from now on; its key id."""
        kid = uuid.uuid4().hex
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return kid

    @property
    def kid(self) -> str:
        """The key id of the newest signing key."""
        return next(reversed(self.keys))

    def sign(self, claims: dict[str, Any], kid: str | None = None) -> str:
        """``claims`` signed with the key ``kid`` names (the newest by default); a ``kid`` the provider does
        not have is signed with its newest key."""
        kid = kid or self.kid
        return jwt.encode(claims, self.keys.get(kid) or self.keys[self.kid], algorithm="RS256",
                          headers={"kid": kid})

    def keycloak_claims(self, tenant: str, roles: list[str], **overrides: Any) -> dict[str, Any]:
        """Keycloak's access token: ``aud`` a list, roles under ``realm_access.roles``, the tenant in a
        custom claim (a user attribute mapped by the realm)."""
        now = int(time.time())
        claims = {"exp": now + 300, "iat": now, "auth_time": now, "jti": str(uuid.uuid4()),
                  "iss": self.keycloak_issuer, "aud": [KEYCLOAK_AUDIENCE, "account"], "sub": str(uuid.uuid4()),
                  "typ": "Bearer", "azp": "isotrail-web", "scope": "openid profile email",
                  "realm_access": {"roles": ["offline_access", "uma_authorization", *roles]},
                  "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
                  "preferred_username": "nguyen.van.a", "isotrail_tenant": tenant}
        return {**claims, **overrides}

    def entra_claims(self, tenant: str, roles: list[str], **overrides: Any) -> dict[str, Any]:
        """Entra ID's v2.0 access token: ``aud`` a string, app roles in ``roles``, its directory in ``tid``,
        the isotrail tenant in a directory extension claim (``extn.…``)."""
        now = int(time.time())
        claims = {"aud": ENTRA_AUDIENCE, "iss": ENTRA_ISSUER, "iat": now, "nbf": now, "exp": now + 3600,
                  "aio": "AWQAm/8TAAAA", "azp": str(uuid.uuid4()), "azpacr": "0", "oid": str(uuid.uuid4()),
                  "rh": "0.AAAA", "roles": roles, "scp": "access_as_user",
                  "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "tid": ENTRA_TENANT_ID,
                  "uti": "fqiBqXLPj0eQa82S-IYFAA", "ver": "2.0",
                  "extn.isotrail_tenant": tenant}
        return {**claims, **overrides}

    def _jwks(self) -> bytes:
        keys = [{**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, "use": "sig", "alg": "RS256"}
                for kid, key in list(self.keys.items())]
        return json.dumps({"keys": keys}).encode()

    def start(self) -> None:
        """Serve the JWKS (on the port it had, if it was served before)."""
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.requests += 1
                time.sleep(provider.delay)
                body = provider._jwks()
                with contextlib.suppress(ConnectionError):  # a client that stopped waiting has gone
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop serving: the port refuses connections."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@contextmanager
def identity_provider() -> Iterator[IdentityProvider]:
    """An identity provider with one signing key, serving its JWKS until the block ends."""
    provider = IdentityProvider()
    provider.rotate()
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
