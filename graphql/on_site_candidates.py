"""Next year's on-site targets (Circular 26/2014 Art. 37: the results of year N feed year N+1's choice of
the units inspected on site): ``onSiteCandidates(year)``, the units ranked from the read models
(projections/candidate_queries.py says the ranking)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.graphql import units
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.pagination import After, Before, Connection, First, Last
from isotrail.graphql.permissions import allowed
from isotrail.services.permissions import Action

if TYPE_CHECKING:
    from isotrail.graphql.units import Unit

Year = Annotated[int, strawberry.argument(description=(
    "Năm kiểm tra (the year being planned), 2000–2100 (INVALID_VALUE): the programmes of the years before it "
    "are read."))]


@strawberry.type(description=(
    "Đơn vị đề xuất kiểm tra tại trụ sở (a unit proposed for an on-site inspection in the year planned), with "
    "what ranks it: the nonconformities (điểm không phù hợp) the programmes of earlier years left it, as they "
    "stand now, and its last on-site inspection (Art. 37)."))
class OnSiteCandidate:
    rank: int = strawberry.field(description=(
        "Thứ tự ưu tiên (its place, 1 first): the most overdue corrective-action reports first, then the most "
        "nonconformities not accepted, then the most unresolved, then the longest since its last on-site "
        "inspection (never inspected on site first), then by name."))
    unit_id: UUID = strawberry.field(description="The unit's uuid.")
    overdue_nonconformities: int = strawberry.field(description=(
        "Điểm không phù hợp quá hạn: its nonconformities whose corrective-action report is overdue today."))
    not_accepted_nonconformities: int = strawberry.field(description=(
        "Điểm không phù hợp chưa chấp nhận: its nonconformities whose corrective action was not accepted and "
        "awaits a new report."))
    open_nonconformities: int = strawberry.field(description=(
        "Điểm không phù hợp chưa khắc phục xong: its unresolved nonconformities (open, reported and awaiting "
        "verification, or not accepted), the two counts above included."))
    last_on_site_on: date | None = strawberry.field(description=(
        "The business date of its last on-site inspection (kiểm tra tại trụ sở) in an earlier year's programme; "
        "null: none."))
    years_since_on_site: int | None = strawberry.field(description=(
        "Years from its last on-site inspection to the year planned; null: never inspected on site."))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> OnSiteCandidate:
        return cls(**{name: row[name] for name in (
            "rank", "unit_id", "overdue_nonconformities", "not_accepted_nonconformities", "open_nonconformities",
            "last_on_site_on", "years_since_on_site")})

    @strawberry.field(description="The unit.")
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")]:
        return await units.unit_by_id(info, self.unit_id)


@strawberry.type
class OnSiteCandidateQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Đơn vị đề xuất kiểm tra tại trụ sở (Art. 37): every unit active in the year, ranked for its on-site "
        "inspections by what the programmes of earlier years left it (see OnSiteCandidate.rank); a unit "
        "representative: its own, at its rank."))
    @typed_errors
    async def on_site_candidates(self, info: Info, year: Year, first: First = None, after: After = None,
                                 last: Last = None, before: Before = None) -> Connection[OnSiteCandidate]:
        page = await info.context.reader.on_site_candidates(year=year, first=first, after=after, last=last,
                                                             before=before)
        return Connection.of(page, OnSiteCandidate.from_row)
