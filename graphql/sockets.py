"""A subscription socket (graphql-transport-ws), from its opening to its close: strawberry's handler, with the
socket counted while it waits for its token (graphql/socket_limits.py), the token checked at
``connection_init`` (graphql/socket_admission.py), each subscribe message checked before it runs
(graphql/subscribe_messages.py), and the socket closed with 4401 when its token expires.

A socket runs at most ``max_subscriptions_per_token`` operations, and a token's subject holds as many
subscriptions across sockets (projections/fanout.py). Only graphql-transport-ws is spoken
(graphql/controller.py): the older graphql-ws protocol has no such checks here.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage, SubscribeMessage

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.socket_admission import TRY_AGAIN_LATER, UNAUTHORIZED, Admitted, Refused, admit
from isotrail.graphql.socket_limits import SocketLimits
from isotrail.graphql.subscribe_messages import subscribe_refusal
from isotrail.services.token_claims import InvalidTokenError, Principal
from isotrail.services.token_faults import EXPIRED

INVALID_MESSAGE = 4400


class SubscriptionSocket(BaseGraphQLTransportWSHandler):
    """strawberry's graphql-transport-ws handler, with the token checked at ``connection_init``."""

    _expiry: asyncio.Task[None] | None = None
    _admitted: Principal | None = None  # counted in the limits since its token was accepted
    _pending: str | None = None  # the client address it counts against until then

    @property
    def _state(self) -> Any:
        return self.context.websocket.app.state

    async def handle(self) -> None:
        limits: SocketLimits = self._state.sockets
        client = self.context.websocket.client
        address = client.host if client is not None else ""
        refusal = limits.wait_for_token(address)
        if refusal is not None:
            await self._close(Refused(TRY_AGAIN_LATER, refusal))
            return
        self._pending = address
        try:
            await super().handle()
        except IsotrailError as refused:  # a message request_body.py refuses (too deep, too long, not an object)
            await self._close(Refused(INVALID_MESSAGE, refused))
        finally:
            self._stop_pending()
            if self._admitted is not None:
                limits.release(self._admitted)
            if self._expiry is not None:
                self._expiry.cancel()

    def _stop_pending(self) -> None:
        if self._pending is not None:
            self._state.sockets.stop_waiting(self._pending)
            self._pending = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        params = message.get("payload") or {}
        if isinstance(params, dict) and not (self.connection_init_received or self.connection_timed_out):
            admission = await admit(self._state, params, self.context.websocket.headers.get("authorization", ""))
            if isinstance(admission, Refused):
                if self.connection_init_timeout_task:
                    self.connection_init_timeout_task.cancel()
                self.connection_init_received = True
                await self._close(admission)
                return
            await self._become(admission)
        await super().handle_connection_init(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        limit = self._state.sockets.max_subscriptions_per_token
        refusal = subscribe_refusal(message, self.operations, limit) if self.connection_acknowledged else None
        if refusal is not None:
            await self.send_message({"id": message.get("id"), "type": "error",
                                     "payload": [as_graphql_error(refusal).formatted]})
            return
        await super().handle_subscribe(message)

    async def _become(self, admitted: Admitted) -> None:
        """The socket's context becomes the token's, as graphql/context.py makes it for a request, and the
        socket is set to close when the token expires."""
        self._admitted = admitted.principal
        self._stop_pending()
        pool = await self._state.read_pools.pool_for(admitted.principal.tenant)
        self.context.reading_tenant(admitted.principal, pool, self._state, response_cache=None)
        self._expiry = asyncio.create_task(self._close_at(admitted.expires))

    async def _close_at(self, expires: float) -> None:
        await asyncio.sleep(max(0.0, expires - time.time()))
        await self._close(Refused(UNAUTHORIZED, InvalidTokenError(EXPIRED)))

    async def _close(self, refused: Refused) -> None:
        await self.websocket.close(refused.code, refused.reason)
