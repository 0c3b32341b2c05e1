"""The settings of the HTTP listeners (``ISOTRAIL_HTTP__*``, ``ISOTRAIL_METRICS__*``): where the API and the
metrics listen, and how much a client may hold of them. Read by services/settings.py."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator

ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")  # scheme, host and port: what a browser sends


class HttpSettings(BaseModel):
    """Where the API listens, its read pool, how long SIGTERM waits for requests in flight, how long and
    large a request may be on the wire, which browser pages it serves, and how many subscription sockets
    a process holds and subscriptions a token's subject (and a socket) may open.

    ``response_cache`` keeps the answers of read-only queries while their read models do not change
    (graphql/response_cache.py); off, every query reads the read models.
    ``cors_origins`` are the browser origins whose pages may call the API (CORS; none by default).
    ``graphiql`` unset means on for ``serve`` (a developer's machine) and off for ``api`` (a deployment);
    Litestar's OpenAPI pages (``/schema``, Swagger UI from a CDN) are off unless ``openapi`` is set.
    ``persisted_queries`` bounds the documents kept by hash for Apollo's automatic persisted queries (0: none).
    """

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    read_pool_size: int = Field(8, ge=1)
    graceful_shutdown_seconds: float = Field(20.0, gt=0)
    request_read_seconds: float = Field(15.0, gt=0)
    keep_alive_seconds: int = Field(5, ge=1)
    max_header_bytes: int = Field(16_384, ge=1024)
    max_headers: int = Field(100, ge=10)
    graphiql: bool | None = None
    openapi: bool = False
    max_sockets: int = Field(1000, ge=1)
    max_subscriptions_per_token: int = Field(20, ge=1)
    cors_origins: list[str] = Field(default_factory=list)
    response_cache: bool = True
    persisted_queries: int = Field(1000, ge=0, le=100_000)

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, origins: list[str]) -> list[str]:
        """Each an origin as a browser sends it (``https://dost.cantho.gov.vn``); no wildcard: a browser page
        the province does not name gets no CORS headers."""
        for origin in origins:
            if not ORIGIN.fullmatch(origin):
                raise ValueError(f"not an origin (scheme://host[:port]): {origin!r}")
        return origins


class MetricsSettings(BaseModel):
    """Who may read ``/metrics``: with ``port`` set, a listener of its own on ``host:port`` serves them
    (and the API's listener does not); with ``token`` set, only requests bearing it get them. With
    neither, no listener serves them."""

    token: str | None = Field(None, min_length=16)
    host: str = "127.0.0.1"
    port: int | None = Field(None, ge=0, le=65535)
