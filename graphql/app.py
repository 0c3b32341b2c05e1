"""The HTTP app: ``/graphql`` (GraphiQL in a browser), ``/healthz``, ``/readyz`` and ``/metrics`` on Litestar."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Response, get
from litestar.background_tasks import BackgroundTasks
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.serialization import encode_json
from strawberry.litestar import make_graphql_controller

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.context import context_getter
from isotrail.graphql.correlation import correlation_middleware
from isotrail.graphql.errors import RequestTooLargeError, as_graphql_error
from isotrail.graphql.metrics import MetricsController, count_query, export_projection_statuses, prometheus
from isotrail.graphql.response_cache import ResponseCache
from isotrail.graphql.schema import schema
from isotrail.projections.runner import ProjectionRunner
from isotrail.projections.servers import ServerPools
from isotrail.projections.status import projection_statuses
from isotrail.services.auth import TokenAuthority
from isotrail.services.database import UNAVAILABLE, database_unavailable
from isotrail.services.tenants import TenantRegistry


@get("/healthz", sync_to_thread=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz")
async def readyz(state: State) -> dict[str, Any]:
    """Ready when PostgreSQL answers; also reports (and exports as metrics) each projection's lag, and how many
    projections a failed fold stops (which ones: ``projections status`` and the metrics). A stopped projection
    does not make the API unready: it serves every tenant, that one's reads included."""
    statuses = await projection_statuses(state.read_pools)
    export_projection_statuses(statuses)
    return {"status": "ready", "projection_lag": {f"{s.tenant}/{s.projection}": s.lag for s in statuses},
            "failed_projections": sum(1 for s in statuses if s.failure)}


MAX_BODY_BYTES = 1_000_000  # far above any real query with its variables; read no more


def _typed_response(error: IsotrailError, status_code: int) -> Response:
    """A typed error refused before GraphQL ran, shaped as a GraphQL response's errors."""
    return Response({"errors": [as_graphql_error(error).formatted]}, status_code=status_code)


def _unavailable(_: Request, error: Exception) -> Response:
    """A lost database before GraphQL ran (the tenant's placement, ``/readyz``): 503 with the typed error,
    never a stack trace."""
    return _typed_response(database_unavailable(error), 503)


def _too_large(_: Request, __: Exception) -> Response:
    return _typed_response(RequestTooLargeError(limit=MAX_BODY_BYTES), 413)


def _new_response() -> Response:
    return Response({}, background=BackgroundTasks([]))


_StrawberryController = make_graphql_controller(schema, path="/graphql", context_getter=context_getter)


class GraphQLController(_StrawberryController):
    """strawberry's controller, with the response encoded by msgspec (through Litestar) instead of the
    standard library, and its blank response made on the event loop rather than in a worker thread."""

    dependencies = {**_StrawberryController.dependencies,  # noqa: RUF012 - as strawberry declares it
                    "response": Provide(_new_response, sync_to_thread=False)}

    def encode_json(self, data: object) -> bytes:
        return encode_json(data)


def create_app(
    database_url: str, authority: TokenAuthority, tenants: TenantRegistry, *, pool_size: int = 8,
    projector: ProjectionRunner | None = None, cache_responses: bool = True,
) -> Litestar:
    """One app for every tenant: the tenant of each request comes from its verified token, its reads go
    to the server the registry places it on (a pool per server). With a ``projector``, the app also keeps
    the read models current in its own event loop; with ``cache_responses``, results of read-only
    queries are kept while their read models do not change (see response_cache.py)."""

    @asynccontextmanager
    async def read_pool(app: Litestar) -> AsyncIterator[None]:
        app.state.read_pools = ServerPools(database_url, max_size=pool_size, application_name="isotrail-api",
                                           on_query=count_query)
        app.state.read_pool = await app.state.read_pools.pool()  # the home server's: registry, ministry
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
            await app.state.read_pools.close()

    return Litestar(route_handlers=[GraphQLController, healthz, readyz, MetricsController], lifespan=[read_pool],
                    middleware=[correlation_middleware, prometheus.middleware],
                    request_max_body_size=MAX_BODY_BYTES,
                    exception_handlers={**dict.fromkeys(UNAVAILABLE, _unavailable), RequestEntityTooLarge: _too_large},
                    state=State({"token_authority": authority, "tenants": tenants,
                                 "response_cache": ResponseCache() if cache_responses else None}))
