"""The request context: the verified principal, its tenant's storage and the read pool.

The tenant comes from the token only, and must be one the registry holds (:func:`registered_tenant`).
A request without a valid token, or whose token names no registered tenant, still gets a context (so
GraphiQL loads); every field then refuses it through its permission (graphql/permissions.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from strawberry.litestar import BaseContext

from isotrail.domain.errors import IsotrailError
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant
from isotrail.graphql.loaders import Loaders
from isotrail.graphql.reading import Reader
from isotrail.graphql.response_store import ResponseCache
from isotrail.projections.servers import Placed, ServerPools
from isotrail.services.auth import TokenAuthority
from isotrail.services.not_found_errors import TokenTenantNotFoundError
from isotrail.services.token_claims import InvalidTokenError, Principal
from isotrail.services.token_faults import NO_BEARER


class IsotrailContext(BaseContext, kw_only=True):
    principal: Principal | None = None
    auth_error: IsotrailError | None = None
    storage: Tenant | None = None
    pool: Any = None  # the read pool of the token's tenant's server (the home server's without a tenant)
    pools: Any = None  # every server's read pool (ServerPools), for the ministry's national view
    tenants: Any = None  # the TenantRegistry, for mutations
    loaders: Loaders | None = None
    reader: Reader | None = None  # every read of the tenant's records (None: no tenant to read)
    response_cache: ResponseCache | None = None  # None: every query executes


class RequestConnection:
    """One read connection for a whole HTTP request, in place of the pool: taken on first use, given back
    when the request ends, so that a request pays one acquire and one release whatever its resolvers and
    DataLoaders ask.
    They take turns on the connection (asyncpg runs one statement at a time), so code holding it must
    not wait for another ``acquire`` (a DataLoader, say) before letting go."""

    def __init__(self, pool: Any) -> None:
        self._pool = pool
        self._turn = asyncio.Lock()
        self._connection: Any = None

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[Any]:
        async with self._turn:
            if self._connection is None:
                self._connection = await self._pool.acquire()
            yield self._connection

    async def release(self) -> None:
        async with self._turn:
            if self._connection is not None:
                connection, self._connection = self._connection, None
                await self._pool.release(connection)


async def registered_tenant(principal: Principal, pools: ServerPools) -> Placed | None:
    """The registry's word on the principal's tenant (its status and server, cached and forgotten on each
    NOTIFY of a change); None for the ministry, which reads no tenant. Every path that serves a token
    (queries, mutations, subscriptions) asks this, so a token for a tenant that does not exist is refused.

    Raises:
        TokenTenantNotFoundError: no such tenant (never created, or deleted).
    """
    if principal.role is Role.MINISTRY:
        return None
    tenant = await pools.registered(principal.tenant)
    if tenant is None:
        raise TokenTenantNotFoundError()
    return tenant


async def context_getter(request: ASGIConnection, state: State) -> AsyncIterator[IsotrailContext]:
    """Litestar runs what follows ``yield`` when the request is done: the request's connection goes
    back to the pool. A WebSocket (subscriptions, open for long) reads through the pool itself."""
    taken: list[RequestConnection] = []

    def per_request(pool: Any) -> Any:
        if request.scope["type"] != "http":
            return pool
        taken.append(RequestConnection(pool))
        return taken[-1]

    try:
        yield await _context(request, state, per_request)
    finally:
        for connection in taken:
            await connection.release()


async def _context(request: ASGIConnection, state: State, per_request: Callable[[Any], Any]) -> IsotrailContext:
    """The context; ``pool`` reads on the server holding the token's tenant (the home server otherwise)."""
    authority: TokenAuthority = state.token_authority
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return IsotrailContext(auth_error=InvalidTokenError(NO_BEARER), pool=per_request(state.read_pool))
    try:
        principal = authority.verify(token.strip())
        tenant = await registered_tenant(principal, state.read_pools)
    except (InvalidTokenError, TokenTenantNotFoundError) as error:
        return IsotrailContext(auth_error=error, pool=per_request(state.read_pool))
    if tenant is None:  # the ministry: national figures only, no tenant schema to point at
        return IsotrailContext(principal=principal, pool=per_request(state.read_pool), pools=state.read_pools,
                               tenants=state.tenants)
    storage = principal.tenant  # validated once, when the token was verified
    pool = per_request(await state.read_pools.pool(tenant.server))
    return IsotrailContext(principal=principal, storage=storage, pool=pool, pools=state.read_pools,
                           tenants=state.tenants, loaders=Loaders(pool, storage),
                           reader=Reader(principal, storage, pool, state.tenants),
                           response_cache=state.get("response_cache"))
