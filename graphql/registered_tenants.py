"""What the tenant registry says of a token's tenant, asked on every path that serves a token: whether the
tenant exists and was not merged into another (queries and mutations: graphql/context.py), and whether its
events may be followed live (subscriptions: graphql/socket_admission.py, and the fan-out ending them, made in
graphql/lifespan.py). The registry's answers are cached, and forgotten on each NOTIFY of a change
(projections/servers.py).
"""

from __future__ import annotations

import logging

from isotrail.domain.errors import IsotrailError
from isotrail.domain.roles import Role
from isotrail.domain.tenancy import Tenant, TenantStatus
from isotrail.graphql.unavailable import UNAVAILABLE
from isotrail.projections.servers import Placed, ServerPools
from isotrail.services.availability_errors import TenantInactiveError, TenantMergedError
from isotrail.services.not_found_errors import TokenTenantNotFoundError
from isotrail.services.token_claims import Principal

log = logging.getLogger(__name__)


class TenantNotFollowedError(TenantInactiveError):
    """The tenant is suspended: its events are not followed live (its read models stay readable)."""

    template_vi = "Tỉnh/thành phố «{slug}» đang ở trạng thái «{status}»: không theo dõi sự kiện trực tiếp được."
    template_en = "Tenant '{slug}' is {status}: its events cannot be followed live."


async def registered_tenant(principal: Principal, pools: ServerPools) -> Placed | None:
    """The registry's word on the principal's tenant (its status and server); None for the ministry, which
    reads no tenant. A token for a tenant that does not exist is refused, and so is one for a merged tenant:
    its records are read through its successor (services/tenant_merge.py).

    Raises:
        TokenTenantNotFoundError: no such tenant (never created, or deleted).
        TenantMergedError: the tenant was merged into another, named.
    """
    if principal.role is Role.MINISTRY:
        return None
    tenant = await pools.registered(principal.tenant)
    if tenant is None:
        raise TokenTenantNotFoundError()
    if tenant.status is TenantStatus.MERGED:
        raise merged_refusal(principal.tenant, tenant)
    return tenant


def merged_refusal(tenant: Tenant, placed: Placed) -> TenantMergedError:
    return TenantMergedError(slug=tenant.slug, successor=placed.merged_into or "?", effective_on=placed.merged_on)


async def subscription_refusal(pools: ServerPools, tenant: Tenant) -> IsotrailError | None:
    """Why the tenant's events may not be followed now (deleted or suspended), or None. A registry that does
    not answer refuses nothing: the subscriptions wait for the database rather than end."""
    try:
        placed = await pools.registered(tenant)
    except UNAVAILABLE as error:
        log.warning("could not read the status of tenant %s (%s)", tenant.slug, error)
        return None
    if placed is None:
        return TokenTenantNotFoundError()
    if placed.status is TenantStatus.SUSPENDED:
        return TenantNotFollowedError(slug=tenant.slug, status=placed.status)
    if placed.status is TenantStatus.MERGED:
        return merged_refusal(tenant, placed)
    return None
