"""The ``/graphql`` route: strawberry's Litestar controller, with the request body read by
:mod:`request_body` and every refusal a typed error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from litestar import Request, Response
from litestar.background_tasks import BackgroundTasks
from litestar.di import Provide
from strawberry.http import GraphQLRequestData
from strawberry.http.base import HTTPException  # cross_web's, which strawberry raises
from strawberry.litestar import make_graphql_controller
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.context import IsotrailContext, context_getter
from isotrail.graphql.encoding import encode
from isotrail.graphql.errors import error_response
from isotrail.graphql.graphiql_page import graphiql_page
from isotrail.graphql.persisted_query_errors import PersistedQueryError, refusal_response
from isotrail.graphql.refusals import refusal
from isotrail.graphql.request_body import decode_object
from isotrail.graphql.schema import schema
from isotrail.graphql.sockets import SubscriptionSocket

_StrawberryController = make_graphql_controller(schema, path="/graphql", context_getter=context_getter,
                                                graphql_ide=None)


def _new_response(custom_context: IsotrailContext) -> Response:
    """The request's blank response (strawberry's context holds it, and its controller answers with it). Made
    after the context, and the root value after strawberry's context, so that Litestar resolves a request's
    dependencies one after the other: several at the same level cost an anyio task group and a task each."""
    return Response({}, background=BackgroundTasks([]))


def _no_root_value(context: IsotrailContext) -> None:
    return None


class GraphQLController(_StrawberryController):
    """strawberry's controller, with the body decoded by :func:`decode_object` and the response encoded by
    msgspec (through graphql/encoding.py, which never fails on a lone surrogate) instead of the standard
    library, its blank response made on the event loop rather than in a worker thread, the request's
    dependencies resolved one after the other, no GraphiQL page (a GET from a browser gets a typed 404), automatic
    persisted queries (:mod:`persisted_queries`, through the app's ``persisted_queries``), and
    subscription sockets spoken in graphql-transport-ws only, through :class:`SubscriptionSocket`, with
    ``connection_init`` within 5 s."""

    protocols: ClassVar[tuple[str, ...]] = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
    graphql_transport_ws_handler_class = SubscriptionSocket
    connection_init_wait_timeout = timedelta(seconds=5)
    max_subscriptions_per_connection = None  # subscribe_messages.py caps them, with a typed error
    dependencies = {**_StrawberryController.dependencies,  # noqa: RUF012 - as strawberry declares it
                    "response": Provide(_new_response, sync_to_thread=False),
                    "root_value": Provide(_no_root_value, sync_to_thread=False)}

    def decode_json(self, data: str | bytes) -> object:
        return decode_object(data)

    def encode_json(self, data: object) -> bytes:
        return encode(data)

    def should_render_graphql_ide(self, request: Any) -> bool:
        """A GET naming a persisted query by its hash has no ``query`` either: it is a query, not a page."""
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    async def parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        store = request.request.app.state.get("persisted_queries")
        return store.resolve(data) if store is not None and isinstance(data, GraphQLRequestData) else data

    async def execute_request(self, request: Request[Any, Any, Any], context: Any, root_value: Any) -> Response:
        try:
            return await self.run(request, context=context, root_value=root_value)
        except PersistedQueryError as error:
            return refusal_response(error)
        except IsotrailError as error:
            return error_response(error, 400)
        except HTTPException as refused:
            return error_response(refusal(refused.status_code, refused.reason, request), refused.status_code)


class GraphiQLController(GraphQLController):
    """The same, serving GraphiQL to a browser's GET (``serve``, or ``ISOTRAIL_HTTP__GRAPHIQL``): strawberry's
    page with its scripts and styles served by this app (graphql/graphiql_page.py), none from a CDN."""

    graphql_ide = "graphiql"

    async def render_graphql_ide(self, request: Request[Any, Any, Any]) -> Response:
        return graphiql_page()
