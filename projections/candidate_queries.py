"""Next year's on-site targets (Circular 26/2014 Art. 37: the results of year N feed year N+1's choice of the
units inspected on site): every unit active in the year, ranked from the audit read model by what the
programmes of the years before left it — nonconformities still overdue, not accepted or unresolved — and
by how long since it was last inspected on site, paged with cursors (pages.py) on that rank."""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID

from isotrail.domain.identifiers import quoted
from isotrail.domain.programme_year import require_plausible_year
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_views import AWAITING_REPORT
from isotrail.projections.driver import Connection
from isotrail.projections.orderings import Ordering
from isotrail.projections.pages import Page, Query

UNRESOLVED = "('open', 'reported', 'not_accepted')"  # neither verified, withdrawn nor carried over
# The ranking, first to last: the most overdue corrective-action reports, then the most nonconformities not
# accepted, then the most unresolved, then the longest since the last on-site inspection (never first), then
# by name; ``rank`` numbers the units in that order, 1 first.
RANKING = ("overdue_nonconformities DESC, not_accepted_nonconformities DESC, open_nonconformities DESC, "
           "last_on_site_on ASC NULLS FIRST, name_sort, unit_id")
BY_RANK = Ordering("rank", "bigint", "unit_id")


@lru_cache(maxsize=4096)
def _candidates(storage: Tenant) -> str:
    """The ranked units of the year ``$1``: findings and on-site inspections of programmes of earlier years."""
    s = quoted(storage.schema)
    return f"""(SELECT *, row_number() OVER (ORDER BY {RANKING}) AS rank FROM (
      SELECT u.unit_id, u.name_sort, coalesce(f.open, 0) AS open_nonconformities,
        coalesce(f.overdue, 0) AS overdue_nonconformities, coalesce(f.not_accepted, 0) AS not_accepted_nonconformities,
        v.last_on_site_on, $1::int - extract(year FROM v.last_on_site_on)::int AS years_since_on_site
      FROM {s}.rm_units u
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE f.status IN {UNRESOLVED}) AS open,
          count(*) FILTER (WHERE f.status IN {AWAITING_REPORT} AND f.report_due_on < current_date) AS overdue,
          count(*) FILTER (WHERE f.status = 'not_accepted') AS not_accepted
        FROM {s}.rm_findings f JOIN {s}.rm_programmes p ON p.programme_id = f.programme_id
        WHERE f.unit_id = u.unit_id AND p.year < $1) f ON true
      LEFT JOIN LATERAL (
        SELECT max(i.conducted_on) AS last_on_site_on
        FROM {s}.rm_inspections i JOIN {s}.rm_programmes p ON p.programme_id = i.programme_id
        WHERE i.unit_id = u.unit_id AND i.form = 'on_site' AND i.conducted_on IS NOT NULL AND p.year < $1) v ON true
      WHERE u.registered_on <= make_date($1, 12, 31)
        AND (u.dissolved_on IS NULL OR u.dissolved_on >= make_date($1, 1, 1))) units__) AS candidates__"""


async def on_site_candidates(conn: Connection, storage: Tenant, *, year: int, unit_id: UUID | None = None,
                             first: int | None = None, after: str | None = None, last: int | None = None,
                             before: str | None = None) -> Page:
    """The units active in ``year`` (of ``unit_id`` only, if given), ranked as :data:`RANKING` says; raises
    ``InvalidValueError`` (``year``) for a year no programme may have."""
    require_plausible_year(year)
    query = Query(_candidates(storage))
    query.param(year)  # the source's $1
    if unit_id:
        query.where("unit_id = {}", unit_id)
    return await query.page(conn, BY_RANK, first, after, last, before)
