"""The ministry's national view: each province's programme figures for a year (read-only, ministry only)."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.permission import BasePermission
from strawberry.types import Info

from isotrail.domain.values import Role
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.permissions import refused_token
from isotrail.projections import queries


class MinistryOnly(BasePermission):
    message = "Only the Ministry of Science and Technology reads national figures / Chỉ Bộ KH&CN"

    def has_permission(self, source: object, info: Info, **kwargs: object) -> bool:
        principal = info.context.principal
        if principal is None:
            self.error_extensions = refused_token(info.context)
            return False
        self.error_extensions = {"code": "permission_denied", "message_vi": "Chỉ Bộ KH&CN được xem số liệu toàn quốc.",
                                 "message_en": "Only the ministry reads national figures."}
        return principal.role is Role.MINISTRY


@strawberry.type
class ProvinceProgramme:
    tenant: str
    tenant_name: str
    plan_number: str
    status: str
    units_in_scope: int
    on_site: int
    inspected: int
    units_with_nonconformities: int
    units_reported: int
    nonconformities: int
    overdue: int


@strawberry.type
class NationalQueries:
    @strawberry.field(permission_classes=[MinistryOnly], description="Every province's programmes of a year.")
    @typed_errors
    async def national(self, info: Info, year: int) -> list[ProvinceProgramme]:
        by_server: dict[str | None, list[tuple[str, str]]] = {}
        for tenant in await asyncio.to_thread(info.context.tenants.list):
            by_server.setdefault(tenant.server, []).append((tenant.slug, tenant.display_name))
        rows = []
        for server, tenants in by_server.items():  # one statement per server holding tenants
            async with (await info.context.pools.pool(server)).acquire() as conn:
                rows += await queries.national_summaries(conn, tenants, year)
        rows.sort(key=lambda row: row["tenant"])  # stable: each tenant's programmes stay in SQL's order
        return [ProvinceProgramme(**{name: row[name] for name in ProvinceProgramme.__annotations__}) for row in rows]
