"""The Ministry's national Phụ lục II workbook of a year (``isotrail report national-report``) on the province map
the national view follows (services/province_map.py, graphql/national.py): the rows of the national read grouped
under the map's province — in 2025, Sóc Trăng's programme made before 1 July under Cần Thơ, naming its maker — and
the map's provinces counted, not the rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from isotrail.domain.documents.document import Document
from isotrail.domain.documents.ministry_report import national_report
from isotrail.services.province_map import counted_under, map_day, province_map
from isotrail.services.registry_tables import TenantRecord


def national_workbook(records: Sequence[TenantRecord], rows: Sequence[Mapping[str, Any]], year: int,
                      as_of: date) -> Document:
    """The workbook of ``year`` from the registry's rows (``records``) and the national read's rows of that year
    (projections/national_queries.py: each naming the tenant that made its programme), as of ``as_of``."""
    provinces = province_map(records, year)
    grouped = counted_under(provinces, rows)
    by_province = [(province.display_name, [(row["tenant_name"], row) for row in grouped[province.slug]])
                   for province in provinces]
    return national_report(year, by_province, as_of, map_day(year))
