"""The province map of a year (services/province_map.py): the map in force on 31 December, through every merge in
force by then; a merge later in time leaves a tenant apart; a tenant whose successor is gone is on no map."""

from __future__ import annotations

from datetime import UTC, date, datetime

from isotrail.domain.tenancy import TenantStatus
from isotrail.services.province_map import map_day, province_map
from isotrail.services.registry_tables import TenantRecord

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _tenant(slug: str, into: str | None = None, on: date | None = None, *, orphan: bool = False) -> TenantRecord:
    merged = into is not None or orphan
    return TenantRecord(slug, f"Sở KH&CN {slug}", TenantStatus.MERGED if merged else TenantStatus.ACTIVE,
                        f"tenant_{slug}", NOW, NOW, merged_into=into, merged_on=on,
                        merged_by=("202/2025/QH15", date(2025, 6, 12)) if into else (None, None))


REGISTRY = [_tenant("can_tho"), _tenant("soc_trang", "can_tho", date(2025, 7, 1)),
            _tenant("hau_giang", "soc_trang", date(2024, 1, 1)), _tenant("an_giang"),
            _tenant("kien_giang", "an_giang", date(2026, 3, 1)), _tenant("gone", orphan=True)]


def _groups(year: int) -> dict[str, list[str]]:
    return {p.slug: sorted(p.members) for p in province_map(REGISTRY, year)}


def test_a_year_follows_the_merges_in_force_on_its_31_december_through_every_merge() -> None:
    assert map_day(2025) == date(2025, 12, 31)
    assert _groups(2023) == {"an_giang": ["an_giang"], "can_tho": ["can_tho"], "hau_giang": ["hau_giang"],
                             "kien_giang": ["kien_giang"], "soc_trang": ["soc_trang"]}
    assert _groups(2024) == {"an_giang": ["an_giang"], "can_tho": ["can_tho"], "kien_giang": ["kien_giang"],
                             "soc_trang": ["hau_giang", "soc_trang"]}
    assert _groups(2025) == {"an_giang": ["an_giang"], "can_tho": ["can_tho", "hau_giang", "soc_trang"],
                             "kien_giang": ["kien_giang"]}
    assert _groups(2026) == {"an_giang": ["an_giang", "kien_giang"], "can_tho": ["can_tho", "hau_giang", "soc_trang"]}


def test_a_provinces_predecessors_name_whom_each_was_merged_into_by_effective_date() -> None:
    can_tho = next(p for p in province_map(REGISTRY, 2025) if p.slug == "can_tho")
    assert [(p.slug, p.merged_into, p.effective_on, p.last_year_apart, p.decision_number)
            for p in can_tho.predecessors] == [("hau_giang", "soc_trang", date(2024, 1, 1), 2023, "202/2025/QH15"),
                                               ("soc_trang", "can_tho", date(2025, 7, 1), 2024, "202/2025/QH15")]
