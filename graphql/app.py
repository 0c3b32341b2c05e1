"""The HTTP app: ``/graphql`` (GraphiQL in a browser if set), ``/documents/…`` (the files of signed document links),
``/healthz``, ``/readyz`` and ``/metrics`` on Litestar."""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Litestar, Request, Response
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi import OpenAPIConfig

from isotrail.graphql.controller import GraphiQLController, GraphQLController
from isotrail.graphql.correlation import correlation_header, correlation_middleware
from isotrail.graphql.document_download import download
from isotrail.graphql.errors import RequestTooLargeError, error_response
from isotrail.graphql.graphiql_page import graphiql_asset, page
from isotrail.graphql.hygiene import security_headers
from isotrail.graphql.lifespan import serving
from isotrail.graphql.metrics import metrics_controller, prometheus
from isotrail.graphql.persisted_queries import PersistedQueries
from isotrail.graphql.probes import healthz, readyz
from isotrail.graphql.refusals import typed_refusal
from isotrail.graphql.request_headers import header_limit
from isotrail.graphql.response_store import ResponseCache
from isotrail.graphql.socket_limits import SocketLimits
from isotrail.graphql.unavailable import UNAVAILABLE, database_unavailable
from isotrail.projections.runner import ProjectionRunner
from isotrail.projections.servers import ServerPools
from isotrail.services.auth import TokenAuthority
from isotrail.services.documents.kept_files import KeptFiles
from isotrail.services.documents.links import DocumentLinks
from isotrail.services.documents.renderer import Renderer, template_sandbox, tenant_slots
from isotrail.services.documents.settings import DocumentSettings
from isotrail.services.http_settings import HttpSettings, MetricsSettings
from isotrail.services.signing_keys import TokenVerificationUnavailableError
from isotrail.services.tenants import TenantRegistry

MAX_BODY_BYTES = 1_000_000  # far above any real query with its variables; read no more


def _unavailable(_: Request, error: Exception) -> Response:
    """A lost database before GraphQL ran (the tenant's placement, ``/readyz``): 503 with the typed error,
    never a stack trace."""
    return error_response(database_unavailable(error), 503)


def _verification_unavailable(_: Request, error: TokenVerificationUnavailableError) -> Response:
    """The identity provider's signing keys could not be fetched to verify the request's token: 503, retry."""
    return error_response(error, 503)


def _too_large(_: Request, __: Exception) -> Response:
    return error_response(RequestTooLargeError(limit=MAX_BODY_BYTES), 413)


EXCEPTION_HANDLERS = {**dict.fromkeys(UNAVAILABLE, _unavailable), RequestEntityTooLarge: _too_large,
                      TokenVerificationUnavailableError: _verification_unavailable, HTTPException: typed_refusal}


BEFORE_SEND = [security_headers, correlation_header]  # hooks that see every response, a 404's too


def _http_middleware(http: HttpSettings) -> list[Any]:
    """Outermost first: refuse a request with too many or too large headers before anything reads them."""
    return [header_limit(http.max_headers, http.max_header_bytes), correlation_middleware]


def create_app(
    authority: TokenAuthority, tenants: TenantRegistry, read_pools: ServerPools, *,
    projector: ProjectionRunner | None = None, http: HttpSettings | None = None, metrics: MetricsSettings | None = None,
    documents: DocumentSettings | None = None, document_links: DocumentLinks | None = None,
) -> Litestar:
    """One app for every tenant: the tenant of each request comes from its verified token, its reads go
    to the server the registry places it on (``read_pools``, a pool per server). It builds none of them: the
    composition root (services/entrypoints/bootstrap.py) does; the app's lifespan listens on the pools and
    closes them. With a ``projector``, the app also keeps the read models current in its own event loop; with
    ``http.response_cache``, results of read-only queries are kept while their read models do not change (see
    response_cache.py).

    ``http`` says whether GraphiQL (``graphiql`` unset: off; its assets from this app) and the OpenAPI pages
    are served, and how many persisted queries (persisted_queries.py) the app keeps; ``/metrics``
    is served here only with a token and no listener of its own (see :func:`create_metrics_app`).

    ``documents`` bounds the rendering of documents; ``document_links`` signs their links (the composition root
    gives the key every replica shares; without it, a key of this app's own)."""
    http = http or HttpSettings()
    metrics = metrics or MetricsSettings()
    documents = documents or DocumentSettings()
    links = document_links or DocumentLinks(secrets.token_bytes(32), ttl_seconds=documents.link_ttl_seconds)

    handlers = [GraphiQLController, graphiql_asset] if http.graphiql else [GraphQLController]
    if http.graphiql:
        page()  # fails here, not on a browser's first GET, if strawberry names a file not vendored
    handlers += [download, healthz, readyz]
    if metrics.port is None and metrics.token is not None:
        handlers.append(metrics_controller(metrics.token))
    cors = CORSConfig(allow_origins=http.cors_origins, allow_methods=["GET", "POST"],
                      allow_headers=["Authorization", "Content-Type", "X-Correlation-Id"],
                      expose_headers=["X-Correlation-Id"], max_age=600) if http.cors_origins else None
    return Litestar(route_handlers=handlers, lifespan=[serving(read_pools, projector)], cors_config=cors,
                    middleware=[*_http_middleware(http), prometheus.middleware], before_send=BEFORE_SEND,
                    openapi_config=OpenAPIConfig(title="isotrail", version="0.1.0") if http.openapi else None,
                    request_max_body_size=MAX_BODY_BYTES, exception_handlers=EXCEPTION_HANDLERS,
                    logging_config=None,  # the process's logging (services/logs.py) stays; Litestar's replaced it
                    state=State({"token_authority": authority, "tenants": tenants,
                                 "sockets": SocketLimits(http.max_sockets, http.max_subscriptions_per_token),
                                 "response_cache": ResponseCache() if http.response_cache else None,
                                 "persisted_queries": PersistedQueries(http.persisted_queries),
                                 "documents": documents, "document_links": links,
                                 "kept_files": KeptFiles(documents.kept_files_mb * 1024 * 1024),
                                 "renderer": Renderer(workers=documents.render_workers,
                                                      seconds=documents.render_seconds,
                                                      sandbox=template_sandbox(documents),
                                                      slots=tenant_slots(documents))}))


def create_metrics_app(metrics: MetricsSettings, http: HttpSettings | None = None) -> Litestar:
    """``/metrics`` alone, for a listener of its own (``ISOTRAIL_METRICS__PORT``), behind the token if one is set."""
    return Litestar(route_handlers=[metrics_controller(metrics.token)], openapi_config=None,
                    middleware=_http_middleware(http or HttpSettings()), before_send=BEFORE_SEND,
                    exception_handlers=EXCEPTION_HANDLERS, logging_config=None)
