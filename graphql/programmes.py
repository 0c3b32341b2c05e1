"""Programmes (yearly plans) and the summary the yearly report gives."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.graphql.errors import typed_errors
from isotrail.graphql.pagination import Connection
from isotrail.graphql.permissions import allowed
from isotrail.services.permissions import Action


@strawberry.type
class ClauseWeakness:
    item_code: str
    clause: str
    nonconformities: int
    units: int


@strawberry.type
class ProgrammeSummary:
    units_in_scope: int
    on_site: int
    dossier: int
    joint: int
    inspected: int
    units_with_nonconformities: int
    units_reported: int
    units_outstanding: int
    nonconformities: int
    awaiting_report: int
    overdue: int
    verified: int
    not_accepted: int
    recommendations: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ProgrammeSummary:
        return cls(**{name: row[name] for name in cls.__annotations__})


@strawberry.type
class Programme:
    id: UUID
    code: str
    year: int
    title: str
    plan_number: str
    plan_date: date
    standard: str
    status: str
    approved_on: date | None
    reported_on: date | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Programme:
        return cls(id=row["programme_id"], code=row["code"], year=row["year"], title=row["title"],
                   plan_number=row["plan_number"], plan_date=row["plan_date"], standard=row["standard"],
                   status=row["status"], approved_on=row["approved_on"], reported_on=row["reported_on"])

    @strawberry.field(description="Inspected x/y, units with nonconformities, reports received, …")
    async def summary(self, info: Info) -> ProgrammeSummary | None:
        row = await info.context.loaders.summary.load(self.id)
        return ProgrammeSummary.from_row(row) if row else None

    @strawberry.field(description="Nonconformities counted by check item, most frequent first.")
    async def weaknesses(self, info: Info) -> list[ClauseWeakness]:
        rows = await info.context.loaders.weaknesses.load(self.id)
        return [ClauseWeakness(item_code=r["item_code"], clause=r["clause"], nonconformities=r["nonconformities"],
                               units=r["units"]) for r in rows]


@strawberry.type
class ProgrammeQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT))
    @typed_errors
    async def programmes(self, info: Info, year: int | None = None, first: int | None = None,
                         after: str | None = None) -> Connection[Programme]:
        page = await info.context.reader.programmes(year=year, first=first, after=after)
        return Connection.of(page, Programme.from_row)
