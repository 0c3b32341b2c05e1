"""The HTTP app: ``/graphql`` (GraphiQL in a browser if set), ``/healthz``, ``/readyz`` and ``/metrics`` on Litestar."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Response, get
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi import OpenAPIConfig

from isotrail.graphql.controller import GraphiQLController, GraphQLController
from isotrail.graphql.correlation import correlation_header, correlation_middleware
from isotrail.graphql.errors import RequestTooLargeError, error_response
from isotrail.graphql.hygiene import header_limit, security_headers
from isotrail.graphql.metrics import export_projection_statuses, metrics_controller, prometheus
from isotrail.graphql.refusals import typed_refusal
from isotrail.graphql.registered_tenants import subscription_refusal
from isotrail.graphql.response_store import ResponseCache
from isotrail.graphql.socket_limits import SocketLimits
from isotrail.graphql.unavailable import UNAVAILABLE, database_unavailable
from isotrail.projections.fanout import TimelineFanout
from isotrail.projections.runner import ProjectionRunner
from isotrail.projections.servers import ServerPools
from isotrail.projections.status import projection_statuses
from isotrail.projections.waiting import Positions
from isotrail.services.auth import TokenAuthority
from isotrail.services.settings import HttpSettings, MetricsSettings
from isotrail.services.tenants import TenantRegistry


@get("/healthz", sync_to_thread=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz")
async def readyz(state: State) -> dict[str, Any]:
    """Ready when PostgreSQL answers, with the events all projections have yet to fold and how many
    projections a failed fold stops; each projection's lag and failure go to the metrics, which name tenants
    (this answer is public and names none). A stopped projection does not make the API unready: it serves
    every tenant, that one's reads included."""
    statuses = await projection_statuses(state.read_pools)
    export_projection_statuses(statuses)
    return {"status": "ready", "lag_events": sum(status.lag for status in statuses),
            "failed_projections": sum(1 for status in statuses if status.failure)}


MAX_BODY_BYTES = 1_000_000  # far above any real query with its variables; read no more


def _unavailable(_: Request, error: Exception) -> Response:
    """A lost database before GraphQL ran (the tenant's placement, ``/readyz``): 503 with the typed error,
    never a stack trace."""
    return error_response(database_unavailable(error), 503)


def _too_large(_: Request, __: Exception) -> Response:
    return error_response(RequestTooLargeError(limit=MAX_BODY_BYTES), 413)


EXCEPTION_HANDLERS = {**dict.fromkeys(UNAVAILABLE, _unavailable), RequestEntityTooLarge: _too_large,
                      HTTPException: typed_refusal}


BEFORE_SEND = [security_headers, correlation_header]  # hooks that see every response, a 404's too


def _http_middleware(http: HttpSettings) -> list[Any]:
    """Outermost first: refuse a request with too many or too large headers before anything reads them."""
    return [header_limit(http.max_headers, http.max_header_bytes), correlation_middleware]


def create_app(
    authority: TokenAuthority, tenants: TenantRegistry, read_pools: ServerPools, *,
    projector: ProjectionRunner | None = None, cache_responses: bool = True,
    http: HttpSettings | None = None, metrics: MetricsSettings | None = None,
) -> Litestar:
    """One app for every tenant: the tenant of each request comes from its verified token, its reads go
    to the server the registry places it on (``read_pools``, a pool per server). It builds none of them: the
    composition root (services/entrypoints/bootstrap.py) does; the app's lifespan listens on the pools and
    closes them. With a ``projector``, the app also keeps the read models current in its own event loop; with
    ``cache_responses``, results of read-only queries are kept while their read models do not change (see
    response_cache.py).

    ``http`` says whether GraphiQL (``graphiql`` unset: off) and the OpenAPI pages are served; ``/metrics``
    is served here only with a token and no listener of its own (see :func:`create_metrics_app`)."""
    http = http or HttpSettings()
    metrics = metrics or MetricsSettings()

    @asynccontextmanager
    async def read_pool(app: Litestar) -> AsyncIterator[None]:
        app.state.read_pools = read_pools
        app.state.positions = Positions(app.state.read_pools)  # before listen(): it listens on its channel
        app.state.fanout = TimelineFanout(app.state.read_pools, app.state.positions,
                                          lambda tenant: subscription_refusal(app.state.read_pools, tenant))
        app.state.read_pool = await app.state.read_pools.pool()  # the home server's: registry, ministry
        # commands and reads share the registry's cache, forgotten on its NOTIFY; subscriptions end then too
        app.state.read_pools.watch(app.state.fanout.recheck)
        await app.state.read_pools.listen()
        stop = asyncio.Event()
        following = asyncio.create_task(projector.run(stop)) if projector is not None else None
        # Everything made while starting (schema, pools, modules) lives as long as the process: keep it
        # out of the cyclic collector's full passes, which otherwise paused requests for up to ~100 ms.
        gc.freeze()
        try:
            yield
        finally:
            stop.set()
            if following is not None:
                await following
            await app.state.fanout.close()
            await app.state.read_pools.close()

    handlers = [GraphiQLController if http.graphiql else GraphQLController, healthz, readyz]
    if metrics.port is None and metrics.token is not None:
        handlers.append(metrics_controller(metrics.token))
    return Litestar(route_handlers=handlers, lifespan=[read_pool],
                    middleware=[*_http_middleware(http), prometheus.middleware], before_send=BEFORE_SEND,
                    openapi_config=OpenAPIConfig(title="isotrail", version="0.1.0") if http.openapi else None,
                    request_max_body_size=MAX_BODY_BYTES, exception_handlers=EXCEPTION_HANDLERS,
                    logging_config=None,  # the process's logging (services/logs.py) stays; Litestar's replaced it
                    state=State({"token_authority": authority, "tenants": tenants,
                                 "sockets": SocketLimits(http.max_sockets, http.max_subscriptions_per_token),
                                 "response_cache": ResponseCache() if cache_responses else None}))


def create_metrics_app(metrics: MetricsSettings, http: HttpSettings | None = None) -> Litestar:
    """``/metrics`` alone, for a listener of its own (``ISOTRAIL_METRICS__PORT``), behind the token if one is set."""
    return Litestar(route_handlers=[metrics_controller(metrics.token)], openapi_config=None,
                    middleware=_http_middleware(http or HttpSettings()), before_send=BEFORE_SEND,
                    exception_handlers=EXCEPTION_HANDLERS, logging_config=None)
