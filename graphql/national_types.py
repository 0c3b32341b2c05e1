"""The types of the ministry's national view (graphql/national.py): a province of the year's map, its
programmes' figures, and the tenants merged into it."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from isotrail.graphql.enums import ProgrammeStatus
from isotrail.services.province_map import MapProvince, Predecessor


@strawberry.type(description=(
    "One province's programme of the year as the ministry (Bộ KH&CN) sees it: the figures of its yearly report "
    "(Decision 19/2014, Phụ lục II)."))
class ProvinceProgramme:
    tenant: str = strawberry.field(description='The slug of the tenant that made the programme ("soc_trang").')
    tenant_name: str = strawberry.field(
        description='That tenant\'s display name ("Sở Khoa học và Công nghệ tỉnh Sóc Trăng").')
    province: str = strawberry.field(description=(
        "The slug of the province of the year's map (31 December) the programme counts under: the tenant's own, "
        "or, for a programme of the year a tenant made before it was merged, its successor's."))
    province_name: str = strawberry.field(description="That province's display name.")
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

    @classmethod
    def from_row(cls, row: dict[str, Any], province: MapProvince) -> ProvinceProgramme:
        given = {name: row[name] for name in cls.__annotations__ if name in row}
        return cls(**given, province=province.slug, province_name=province.display_name)


@strawberry.type(description=(
    "A tenant merged into a province (sáp nhập, hợp nhất: Sóc Trăng and Hậu Giang into Cần Thơ from 1 Jul 2025), "
    "with the merge that ordered it; its past programmes are those of `nationalProvinces(year)` for a year up to "
    "`lastYearApart`, under its own slug."))
class MergedProvince:
    slug: str = strawberry.field(description='The merged tenant\'s slug ("soc_trang").')
    display_name: str = strawberry.field(description="The name it had (\"Sở Khoa học và Công nghệ tỉnh Sóc Trăng\").")
    merged_into: str = strawberry.field(description=(
        "The slug of the tenant it was merged into: the province itself, or one of its predecessors merged later."))
    effective_on: date = strawberry.field(description="Ngày hiệu lực: from when it is part of its successor.")
    decision_number: str | None = strawberry.field(
        description='Số/ký hiệu of the decision that ordered the merge ("202/2025/QH15"); null when not recorded.')
    decision_date: date | None = strawberry.field(description="The decision's date; null when not recorded.")
    last_year_apart: int = strawberry.field(description=(
        "The last year whose map (31 December) shows it as a province of its own: ask `nationalProvinces` for that "
        "year or an earlier one to read its programmes apart."))

    @classmethod
    def of(cls, predecessor: Predecessor) -> MergedProvince:
        return cls(slug=predecessor.slug, display_name=predecessor.display_name,
                   merged_into=predecessor.merged_into, effective_on=predecessor.effective_on,
                   decision_number=predecessor.decision_number, decision_date=predecessor.decision_date,
                   last_year_apart=predecessor.last_year_apart)


@strawberry.type(description=(
    "A province (tỉnh, thành phố trực thuộc trung ương) of the map in force on 31 December of a year, as the "
    "ministry sees it: its programmes of the year and the tenants merged into it by then."))
class NationalProvince:
    slug: str = strawberry.field(description='Its tenant slug ("can_tho").')
    display_name: str = strawberry.field(
        description='Its display name ("Sở Khoa học và Công nghệ thành phố Cần Thơ").')
    map_day: date = strawberry.field(description="The day whose map it belongs to: 31 December of the year asked.")
    programmes: list[ProvinceProgramme] = strawberry.field(description=(
        "Its programmes of the year, by tenant then plan number: its own, and those its predecessors made that year "
        "before they were merged, each naming the tenant that made it."))
    predecessors: list[MergedProvince] = strawberry.field(description=(
        "The tenants merged into it by the map's day (directly or through another merge), by effective date: where "
        "its history before the merger is read. Empty for a province no other was merged into."))

    @classmethod
    def of(cls, province: MapProvince, programmes: list[ProvinceProgramme], day: date) -> NationalProvince:
        return cls(slug=province.slug, display_name=province.display_name, map_day=day, programmes=programmes,
                   predecessors=[MergedProvince.of(predecessor) for predecessor in province.predecessors])
