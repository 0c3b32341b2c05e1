"""The ministry's national view: each province's programme figures for a year (read-only, ministry only)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry.types import Info

from isotrail.graphql.enums import ProgrammeStatus
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.permissions import allowed
from isotrail.projections import national_queries
from isotrail.services.permissions import Action
from isotrail.services.tenant_merge import provinces


@strawberry.type(description=(
    "One province's programme of the year as the ministry (Bộ KH&CN) sees it: the figures of its yearly report "
    "(Decision 19/2014, Phụ lục II)."))
class ProvinceProgramme:
    tenant: str = strawberry.field(description='The province\'s tenant slug ("soc_trang").')
    tenant_name: str = strawberry.field(
        description='The tenant\'s display name ("Sở Khoa học và Công nghệ tỉnh Sóc Trăng").')
    plan_number: str = strawberry.field(description='Số/ký hiệu of its plan ("35/KH-UBND").')
    status: ProgrammeStatus = strawberry.field(description="Trạng thái (the programme's stage).")
    units_in_scope: int = strawberry.field(description="Units in the plan's scope.")
    on_site: int = strawberry.field(description="Of those, inspected on site (tại trụ sở).")
    inspected: int = strawberry.field(description="Inspections conducted so far.")
    units_with_nonconformities: int = strawberry.field(description="Units with at least one nonconformity.")
    units_reported: int = strawberry.field(
        description="Of those, the units that sent a corrective-action report on every one of them.")
    nonconformities: int = strawberry.field(description="Nonconformities raised (withdrawn ones left out).")
    overdue: int = strawberry.field(
        description="Nonconformities whose corrective-action report is past due as of today.")


@strawberry.type
class NationalQueries:
    @strawberry.field(extensions=allowed(Action.READ_NATIONAL), description=(
        "Every province's programmes of a year, by tenant slug (the ministry's role only: permission_denied "
        "otherwise); a merged province's programmes under its own slug, read through its successor."))
    @typed_errors
    async def national(self, info: Info, year: Annotated[int, strawberry.argument(
            description="The year of the programmes (a plan's year).")]) -> list[ProvinceProgramme]:
        current, lineage = provinces(await asyncio.to_thread(info.context.tenants.list))
        by_server: dict[str | None, list[tuple[str, str]]] = {}
        for slug, name, server in current:
            by_server.setdefault(server, []).append((slug, name))
        rows = []
        for server, tenants in by_server.items():  # one statement per server holding tenants
            async with (await info.context.pools.pool(server)).acquire() as conn:
                rows += await national_queries.national_summaries(conn, tenants, year, lineage)
        rows.sort(key=lambda row: row["tenant"])  # stable: each tenant's programmes stay in SQL's order
        return [ProvinceProgramme(**{name: row[name] for name in ProvinceProgramme.__annotations__}) for row in rows]
