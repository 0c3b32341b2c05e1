"""Who may hold a subscription socket (graphql-transport-ws), and for how long.

The token comes in ``connection_init`` — ``connection_params`` ``{"Authorization": "Bearer …"}`` or
``{"token": "…"}``, since browsers cannot set headers on a WebSocket — or else in the upgrade request's
``Authorization`` header. It is checked before ``connection_ack``: none, a forged one or an expired one
closes the socket with 4401; a valid one that may not follow a tenant's events (the ministry, a suspended or
unknown tenant) with 4403. The socket closes with 4401 when its token expires. A process holds at most
``max_sockets`` acknowledged sockets and a token's subject at most ``max_subscriptions_per_token`` of them
(more are closed with 1013, try again later, at ``connection_init``); a socket at most
``max_subscriptions_per_token`` operations, and a token's subject as many subscriptions across sockets. A
socket counts only once its token is accepted: before that it is one of at most
:data:`MAX_PENDING_PER_CLIENT` sockets of its client address that have 5 s to send ``connection_init``, so
sockets opened without a token cannot take the places of those that have one.
Only graphql-transport-ws is spoken: the older graphql-ws protocol has no such checks here.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, ClassVar

from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage, SubscribeMessage

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.errors import as_graphql_error
from isotrail.graphql.permissions import caller
from isotrail.graphql.registered_tenants import subscription_refusal
from isotrail.graphql.request_body import InvalidRequestError
from isotrail.projections.fanout import TooManySubscriptionsError
from isotrail.services.auth import InvalidTokenError, Principal, TokenAuthority, token_expiry
from isotrail.services.errors import PermissionDeniedError
from isotrail.services.permissions import Action, authorize_read
from isotrail.services.token_faults import EXPIRED, NO_BEARER

UNAUTHORIZED, FORBIDDEN, TRY_AGAIN_LATER, INVALID_MESSAGE = 4401, 4403, 1013, 4400
MAX_PENDING_PER_CLIENT = 16  # sockets of one address waiting to send connection_init


class TooManySocketsError(IsotrailError):
    """This process holds as many subscription sockets as the setting allows."""

    code = "too_many_sockets"
    template_vi = "Máy chủ đang giữ tối đa {limit} kết nối theo dõi; hãy thử lại sau."
    template_en = "The server holds its maximum of {limit} subscription sockets; try again later."


@dataclass
class SocketLimits:
    """The bounds on subscriptions of one API process (settings: ``ISOTRAIL_HTTP__MAX_SOCKETS``,
    ``ISOTRAIL_HTTP__MAX_SUBSCRIPTIONS_PER_TOKEN``), and how many sockets are open."""

    max_sockets: int = 1000
    max_subscriptions_per_token: int = 20
    open: int = 0  # acknowledged sockets
    by_subject: dict[tuple[str, str], int] = field(default_factory=dict)  # (tenant, subject) → its sockets
    pending: dict[str, int] = field(default_factory=dict)  # client address → its sockets before the token

    def admit(self, principal: Principal) -> IsotrailError | None:
        """Count an acknowledged socket of ``principal``, or say why it may not have one more."""
        subject = (principal.tenant, principal.subject)
        if self.open >= self.max_sockets:
            return TooManySocketsError(limit=self.max_sockets)
        if self.by_subject.get(subject, 0) >= self.max_subscriptions_per_token:
            return TooManySocketsError(limit=self.max_subscriptions_per_token)
        self.open += 1
        self.by_subject[subject] = self.by_subject.get(subject, 0) + 1
        return None

    def release(self, principal: Principal) -> None:
        subject = (principal.tenant, principal.subject)
        self.open -= 1
        self.by_subject[subject] -= 1
        if not self.by_subject[subject]:
            del self.by_subject[subject]


def _well_formed(payload: object) -> bool:
    """What strawberry assumes of a subscribe message's payload, checked before it runs."""
    return (isinstance(payload, dict) and isinstance(payload.get("query"), str)
            and isinstance(payload.get("variables") or {}, dict)
            and isinstance(payload.get("operationName") or "", str))


def _close_reason(error: IsotrailError) -> str:
    """The typed code and the English message, within the 123 bytes a close frame's reason may hold."""
    return f"{error.code}: {error.message_en}".encode()[:123].decode(errors="ignore")


def _token_of(params: dict[str, Any], header: str) -> str | None:
    """The token of ``connection_params`` (``Authorization: Bearer …`` or ``token``), else the bearer token
    of the upgrade request's header."""
    token = params.get("token")
    if isinstance(token, str) and token.strip():
        return token.strip()
    for value in (params.get("Authorization"), params.get("authorization"), header):
        if isinstance(value, str):
            scheme, _, token = value.partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


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
        if limits.pending.get(address, 0) >= MAX_PENDING_PER_CLIENT:
            refusal = TooManySocketsError(limit=MAX_PENDING_PER_CLIENT)
            await self.websocket.close(TRY_AGAIN_LATER, _close_reason(refusal))
            return
        limits.pending[address] = limits.pending.get(address, 0) + 1
        self._pending = address
        try:
            await super().handle()
        except IsotrailError as refused:  # a message request_body.py refuses (too deep, too long, not an object)
            await self.websocket.close(INVALID_MESSAGE, _close_reason(refused))
        finally:
            self._stop_pending()
            if self._admitted is not None:
                limits.release(self._admitted)
            if self._expiry is not None:
                self._expiry.cancel()

    def _stop_pending(self) -> None:
        limits: SocketLimits = self._state.sockets
        if self._pending is not None:
            limits.pending[self._pending] -= 1
            if not limits.pending[self._pending]:
                del limits.pending[self._pending]
            self._pending = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        params = message.get("payload") or {}
        if isinstance(params, dict) and not (self.connection_init_received or self.connection_timed_out):
            refusal = await self._authenticate(params)
            if refusal is not None:
                if self.connection_init_timeout_task:
                    self.connection_init_timeout_task.cancel()
                self.connection_init_received = True
                await self.websocket.close(refusal[0], _close_reason(refusal[1]))
                return
        await super().handle_connection_init(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        """Operations in flight on one socket are capped like a token's subscriptions (strawberry's own
        cap, off here, answers without a code)."""
        payload = message.get("payload")
        if self.connection_acknowledged and not _well_formed(payload):
            error = InvalidRequestError(
                reason_vi="«query» của thông điệp subscribe phải là chuỗi, «variables» là đối tượng JSON, "
                          "«operationName» là chuỗi",
                reason_en="a subscribe message's `query` must be a string, `variables` a JSON object and "
                          "`operationName` a string")
            await self.send_message({"id": message.get("id"), "type": "error",
                                     "payload": [as_graphql_error(error).formatted]})
            return
        limit = self._state.sockets.max_subscriptions_per_token
        if self.connection_acknowledged and len(self.operations) >= limit and message["id"] not in self.operations:
            await self.send_message({"id": message["id"], "type": "error",
                                     "payload": [as_graphql_error(TooManySubscriptionsError(limit=limit)).formatted]})
            return
        await super().handle_subscribe(message)

    async def _authenticate(self, params: dict[str, Any]) -> tuple[int, IsotrailError] | None:
        """Check the token and its tenant; on success the context is the token's, and the socket is set
        to close when the token expires. Returns the close code and error that refuse the socket."""
        authority: TokenAuthority = self._state.token_authority
        token = _token_of(params, self.context.websocket.headers.get("authorization", ""))
        if token is None:
            return UNAUTHORIZED, InvalidTokenError(NO_BEARER)
        try:
            principal = authority.verify(token)
        except InvalidTokenError as error:
            return UNAUTHORIZED, error
        try:
            authorize_read(caller(principal), Action.FOLLOW_EVENTS)
        except PermissionDeniedError as refused:  # the ministry: it follows no tenant
            return FORBIDDEN, refused
        refusal = await subscription_refusal(self._state.read_pools, principal.tenant)
        if refusal is not None:
            return FORBIDDEN, refusal
        too_many = self._state.sockets.admit(principal)
        if too_many is not None:
            return TRY_AGAIN_LATER, too_many
        self._admitted = principal
        self._stop_pending()
        await self._become(principal)
        self._expiry = asyncio.create_task(self._close_at(token_expiry(token)))
        return None

    async def _become(self, principal: Principal) -> None:
        """The socket's context, as graphql/context.py makes it for a request with this principal."""
        pool = await self._state.read_pools.pool_for(principal.tenant)
        self.context.reading_tenant(principal, pool, self._state, response_cache=None)

    async def _close_at(self, expires: float) -> None:
        await asyncio.sleep(max(0.0, expires - time.time()))
        await self.websocket.close(UNAUTHORIZED, _close_reason(InvalidTokenError(EXPIRED)))


class SubscriptionSockets:
    """Mixed into the GraphQL controller (graphql/app.py): graphql-transport-ws only, through
    :class:`SubscriptionSocket`; ``connection_init`` within 5 s."""

    protocols: ClassVar[tuple[str, ...]] = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
    graphql_transport_ws_handler_class = SubscriptionSocket
    connection_init_wait_timeout = timedelta(seconds=5)
    max_subscriptions_per_connection = None
