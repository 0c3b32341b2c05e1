"""The province map in force in a year: which provinces the ministry's national view shows apart, and which
tenants' programmes each one gathers (issue 17: on 1 Jul 2025 Sóc Trăng and Hậu Giang merged into Cần Thơ).

The rule: **the map in force on 31 December of the year**, the day of the year's report to the Ministry
(Decision 19/2014 Art. 12, Phụ lục II, every December). A tenant merged with effect on or before that day
counts, for that year, under the province it was merged into (through every merge in force by then); one
merged later stands apart under its own name. So 2020 shows Sóc Trăng, Hậu Giang and Cần Thơ apart; 2025 and
later show Cần Thơ alone, with Sóc Trăng's and Hậu Giang's programmes of 2025 (made before 1 July) among its
own, each still naming the tenant that made it. The registry keeps no founding date: a tenant stands on every
year's map until it is merged (Cần Thơ was a province long before 2025).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from isotrail.domain.tenancy import TenantStatus
from isotrail.services.registry_tables import TenantRecord

Row = TypeVar("Row", bound=Mapping[str, Any])  # a row of the national read (projections/national_queries.py)


@dataclass(frozen=True)
class Predecessor:
    """A tenant merged into a province of the map by the map's day, with the merge that ordered it."""

    slug: str
    display_name: str
    merged_into: str  # the tenant it was merged into (the province itself, or another of its predecessors)
    effective_on: date
    decision_number: str | None
    decision_date: date | None

    @property
    def last_year_apart(self) -> int:
        """The last year whose map shows it as a province of its own (its past programmes' years end there)."""
        return self.effective_on.year - 1


@dataclass(frozen=True)
class MapProvince:
    """A province of the map in force on 31 December of a year."""

    slug: str
    display_name: str
    members: frozenset[str]  # its own slug and its predecessors': whose programmes of the year count under it
    predecessors: tuple[Predecessor, ...]  # by effective date, then slug


def map_day(year: int) -> date:
    """The day whose map a year's national figures follow: 31 December, the day of the report to the Ministry."""
    return date(year, 12, 31)


def province_map(records: Sequence[TenantRecord], year: int) -> list[MapProvince]:
    """The provinces of the map in force on :func:`map_day` of ``year``, by slug, from the registry's rows.

    A tenant merged into one since purged (no successor left) is on no map: its records went with it."""
    day = map_day(year)
    by_slug = {record.slug: record for record in records}

    def province_of(slug: str) -> str | None:
        seen: set[str] = set()
        while slug not in seen:
            seen.add(slug)
            record = by_slug[slug]
            if record.merged_into is None:
                return None if record.status is TenantStatus.MERGED else slug
            if record.merged_on is None or record.merged_on > day:
                return slug  # merged after the day: apart that year
            if record.merged_into not in by_slug:
                return None
            slug = record.merged_into
        return None  # pragma: no cover - the registry refuses a cycle (a successor is never merged into its own)

    members: dict[str, set[str]] = {}
    for record in records:
        province = province_of(record.slug)
        if province is not None:
            members.setdefault(province, set()).add(record.slug)
    provinces = []
    for slug in sorted(members):
        merged = sorted((by_slug[member] for member in members[slug] if member != slug),
                        key=lambda record: (record.merged_on, record.slug))
        provinces.append(MapProvince(slug, by_slug[slug].display_name, frozenset(members[slug]), tuple(
            Predecessor(record.slug, record.display_name, record.merged_into or "", record.merged_on or day,
                        *record.merged_by) for record in merged)))
    return provinces


def counted_under(provinces: Sequence[MapProvince], rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Each province's rows of the national read (each naming in ``tenant`` the tenant that made its programme), by
    the province's slug, every province of the map listed, in the rows' order; a row of a tenant on no map is left
    out (its records went with a purged successor)."""
    province_of = {member: province.slug for province in provinces for member in province.members}
    grouped: dict[str, list[Row]] = {province.slug: [] for province in provinces}
    for row in rows:
        slug = province_of.get(row["tenant"])
        if slug is not None:
            grouped[slug].append(row)
    return grouped
