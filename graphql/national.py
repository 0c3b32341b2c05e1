"""The ministry's national view: each province's programme figures for a year (read-only, ministry only)."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.types import Info

from isotrail.graphql.enums import ProgrammeStatus
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.permissions import allowed
from isotrail.projections import national_queries
from isotrail.services.permissions import Action


@strawberry.type
class ProvinceProgramme:
    tenant: str
    tenant_name: str
    plan_number: str
    status: ProgrammeStatus
    units_in_scope: int
    on_site: int
    inspected: int
    units_with_nonconformities: int
    units_reported: int
    nonconformities: int
    overdue: int


@strawberry.type
class NationalQueries:
    @strawberry.field(extensions=allowed(Action.READ_NATIONAL), description="Every province's programmes of a year.")
    @typed_errors
    async def national(self, info: Info, year: int) -> list[ProvinceProgramme]:
        by_server: dict[str | None, list[tuple[str, str]]] = {}
        for tenant in await asyncio.to_thread(info.context.tenants.list):
            by_server.setdefault(tenant.server, []).append((tenant.slug, tenant.display_name))
        rows = []
        for server, tenants in by_server.items():  # one statement per server holding tenants
            async with (await info.context.pools.pool(server)).acquire() as conn:
                rows += await national_queries.national_summaries(conn, tenants, year)
        rows.sort(key=lambda row: row["tenant"])  # stable: each tenant's programmes stay in SQL's order
        return [ProvinceProgramme(**{name: row[name] for name in ProvinceProgramme.__annotations__}) for row in rows]
