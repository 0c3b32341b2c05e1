"""The request context: the verified principal, its tenant's storage and the read pool.

The tenant comes from the token only. A request without a valid token still gets a context (so
GraphiQL loads); every field then refuses it through :class:`TenantReader`.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from strawberry.litestar import BaseContext

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import TenantStorage
from isotrail.domain.values import Role
from isotrail.graphql.loaders import Loaders
from isotrail.services.auth import InvalidTokenError, Principal, TokenAuthority


class IsotrailContext(BaseContext, kw_only=True):
    principal: Principal | None = None
    auth_error: IsotrailError | None = None
    storage: TenantStorage | None = None
    pool: Any = None  # the read pool of the token's tenant's server (the home server's without a tenant)
    pools: Any = None  # every server's read pool (ServerPools), for the ministry's national view
    tenants: Any = None  # the TenantRegistry, for mutations
    loaders: Loaders | None = None


async def context_getter(request: ASGIConnection, state: State) -> IsotrailContext:
    authority: TokenAuthority = state.token_authority
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return IsotrailContext(auth_error=InvalidTokenError(reason="no bearer token"), pool=state.read_pool)
    try:
        principal = authority.verify(token.strip())
    except InvalidTokenError as error:
        return IsotrailContext(auth_error=error, pool=state.read_pool)
    if principal.role is Role.MINISTRY:  # national figures only: no tenant schema to point at
        return IsotrailContext(principal=principal, pool=state.read_pool, pools=state.read_pools,
                               tenants=state.tenants)
    storage = TenantStorage(principal.tenant)
    pool = await state.read_pools.pool_for(principal.tenant)
    return IsotrailContext(principal=principal, storage=storage, pool=pool, pools=state.read_pools,
                           tenants=state.tenants, loaders=Loaders(pool, storage))
