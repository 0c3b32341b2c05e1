"""The ministry's national view (read-only, ministry only): each province's programme figures for a year, as a
flat list (``national``) and as the graph of the province map in force that year (``nationalProvinces``: each
province with its programmes of the year and the tenants merged into it), grouped by services/province_map.py."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from isotrail.graphql.errors import typed_errors
from isotrail.graphql.national_types import NationalProvince, ProvinceProgramme
from isotrail.graphql.permissions import allowed
from isotrail.projections.national_queries import national_summaries_on_servers
from isotrail.services.permissions import Action
from isotrail.services.province_map import MapProvince, counted_under, map_day, province_map
from isotrail.services.tenant_merge import provinces

YEAR = Annotated[int, strawberry.argument(description=(
    "The year of the programmes (a plan's year); the provinces are those of the map in force on 31 December of "
    "it."))]
MAP_RULE = (
    "Provinces follow the map in force on 31 December of the year, the day of the year's report to the Ministry "
    "(Decision 19/2014 Art. 12, Phụ lục II): a tenant merged with effect on or before that day counts under the "
    "province it was merged into, one merged later stands apart under the name it had (2020: Sóc Trăng, Hậu Giang "
    "and Cần Thơ apart; 2025, the year of the 1 Jul 2025 merger, and later: Cần Thơ, with its predecessors' "
    "programmes of the year among its own).")


async def _map_and_rows(info: Info, year: int) -> tuple[list[MapProvince], list[dict[str, Any]]]:
    """The map in force in ``year`` and every programme summary of the year, each row under the tenant that made
    it: one statement set per server holding tenants (projections/national_queries.py)."""
    records = await asyncio.to_thread(info.context.tenants.list)
    current, lineage = provinces(records)
    rows = await national_summaries_on_servers(info.context.pools, current, year, lineage)
    return province_map(records, year), rows


def _programmes(provinces_of_year: list[MapProvince], rows: list[dict[str, Any]]) -> dict[str, list[ProvinceProgramme]]:
    """Each province's programmes of the year, by its slug, in the rows' order (by tenant, then plan number)."""
    grouped = counted_under(provinces_of_year, rows)
    return {province.slug: [ProvinceProgramme.from_row(row, province) for row in grouped[province.slug]]
            for province in provinces_of_year}


@strawberry.type
class NationalQueries:
    @strawberry.field(extensions=allowed(Action.READ_NATIONAL), description=(
        "Every province's programmes of a year, by the tenant slug that made each (the ministry's role only: "
        "permission_denied otherwise); a merged province's programmes under its own slug, each once: read through "
        "its successor once the successor has caught up with the merged province's records, until then as they "
        f"were at the merge; `province` the province of that year's map each counts under. {MAP_RULE}"))
    @typed_errors
    async def national(self, info: Info, year: YEAR) -> list[ProvinceProgramme]:
        provinces_of_year, rows = await _map_and_rows(info, year)
        grouped = _programmes(provinces_of_year, rows)
        return sorted((programme for programmes in grouped.values() for programme in programmes),
                      key=lambda programme: programme.tenant)  # stable: each tenant's programmes in SQL's order

    @strawberry.field(extensions=allowed(Action.READ_NATIONAL), description=(
        "The province map in force in a year as a graph: each province, by slug, with its programmes of the year "
        "and the tenants merged into it by then (the ministry's role only: permission_denied otherwise); a "
        f"province with no programme that year is listed with none. {MAP_RULE}"))
    @typed_errors
    async def national_provinces(self, info: Info, year: YEAR) -> list[NationalProvince]:
        provinces_of_year, rows = await _map_and_rows(info, year)
        grouped = _programmes(provinces_of_year, rows)
        day = map_day(year)
        return [NationalProvince.of(province, grouped[province.slug], day) for province in provinces_of_year]
