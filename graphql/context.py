"""The request context: the verified principal, its tenant's storage and the read pool.

The tenant comes from the token only, and must be one the registry holds, not merged into another
(graphql/registered_tenants.py).
A request without a valid token, or whose token names no registered tenant, still gets a context (so
GraphiQL loads); every field then refuses it through its permission (graphql/permissions.py). A token that
cannot be verified now (the identity provider's keys cannot be fetched) is answered 503, as a lost database is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from strawberry.litestar import BaseContext

from isotrail.domain.errors import IsotrailError
from isotrail.domain.tenancy import Tenant
from isotrail.graphql.reading import Reader
from isotrail.graphql.registered_tenants import registered_tenant
from isotrail.graphql.request_connection import Lender, RequestConnection
from isotrail.graphql.response_store import ResponseCache
from isotrail.projections.driver import Pool
from isotrail.projections.read_models_version import KnownVersions
from isotrail.projections.servers import ServerPools
from isotrail.services.auth import TokenAuthority
from isotrail.services.availability_errors import TenantMergedError
from isotrail.services.not_found_errors import TokenTenantNotFoundError
from isotrail.services.signing_keys import TokenVerificationUnavailableError
from isotrail.services.tenants import TenantRegistry
from isotrail.services.token_claims import InvalidTokenError, Principal
from isotrail.services.token_faults import NO_BEARER


class IsotrailContext(BaseContext, kw_only=True):
    principal: Principal | None = None
    auth_error: IsotrailError | None = None
    storage: Tenant | None = None
    pool: Lender | None = None  # the read pool of the token's tenant's server (the home server's without a tenant)
    pools: ServerPools | None = None  # every server's read pool, for the ministry's national view
    tenants: TenantRegistry | None = None  # for mutations
    reader: Reader | None = None  # every read of the tenant's records (None: no tenant to read)
    response_cache: ResponseCache | None = None  # None: every query executes
    read_models_versions: KnownVersions | None = None  # what the response cache's entries are checked against
    documents_asked: int = 0  # documents produced so far by the request (graphql/document_fields.py bounds them)

    def reading_tenant(self, principal: Principal, pool: Lender, state: State,
                       response_cache: ResponseCache | None) -> IsotrailContext:
        """This context, set to read the tenant of ``principal`` (validated once, when the token was verified)
        through ``pool``. Set in place: a socket's context is made before its token comes (graphql/sockets.py)."""
        self.principal, self.auth_error, self.storage, self.pool = principal, None, principal.tenant, pool
        self.pools, self.tenants = state.read_pools, state.tenants
        self.reader = Reader(principal, pool, state.tenants)
        self.response_cache = response_cache
        self.read_models_versions = state.get("read_models_versions")
        return self


async def context_getter(request: ASGIConnection, state: State) -> AsyncIterator[IsotrailContext]:
    """Litestar runs what follows ``yield`` when the request is done: the request's connection goes
    back to the pool. A WebSocket (subscriptions, open for long) reads through the pool itself."""
    taken: list[RequestConnection] = []

    def per_request(pool: Pool) -> Lender:
        if request.scope["type"] != "http":
            return pool
        taken.append(RequestConnection(pool))
        return taken[-1]

    try:
        yield await _context(request, state, per_request)
    finally:
        for connection in taken:
            await connection.release()


async def _context(request: ASGIConnection, state: State, per_request: Callable[[Pool], Lender]) -> IsotrailContext:
    """The context; ``pool`` reads on the server holding the token's tenant (the home server otherwise)."""
    authority: TokenAuthority = state.token_authority
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return IsotrailContext(auth_error=InvalidTokenError(NO_BEARER), pool=per_request(state.read_pool))
    try:
        principal = await authority.verify(token.strip())
        tenant = await registered_tenant(principal, state.read_pools)
    except (InvalidTokenError, TokenTenantNotFoundError, TenantMergedError) as error:
        return IsotrailContext(auth_error=error, pool=per_request(state.read_pool))
    except TokenVerificationUnavailableError as error:
        if request.scope["type"] == "http":
            raise  # 503 (graphql/app.py)
        return IsotrailContext(auth_error=error, pool=per_request(state.read_pool))  # admission decides
    if tenant is None:  # the ministry: national figures only, no tenant schema to point at
        return IsotrailContext(principal=principal, pool=per_request(state.read_pool), pools=state.read_pools,
                               tenants=state.tenants)
    pool = per_request(await state.read_pools.pool(tenant.server))
    return IsotrailContext().reading_tenant(principal, pool, state, state.get("response_cache"))
