"""Programmes (yearly plans): their scope, inspections and nonconformities, and the summary the yearly report
gives."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.types import Info

from isotrail.graphql import findings, inspections, units
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.global_ids import NODE, UUID_FIELD, node_uuid
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.pagination import Before, Connection, Last
from isotrail.graphql.permissions import allowed
from isotrail.services.not_found_errors import ProgrammeNotFoundError
from isotrail.services.permissions import Action

if TYPE_CHECKING:
    from isotrail.graphql.findings import Finding
    from isotrail.graphql.inspections import Inspection
    from isotrail.graphql.units import Unit

PROGRAMME_UNITS = 100  # a province's agencies (78 in Sóc Trăng 2020)
PROGRAMME_FINDINGS = 100


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


@strawberry.type(description="A unit in a programme's plan (Mẫu 19): how it is inspected, and with whom.")
class ScopeEntry:
    unit_id: strawberry.Private[UUID]
    form: str = strawberry.field(description="Hình thức: dossier (qua hồ sơ, báo cáo) or on_site (tại trụ sở).")
    joint_team: str | None = strawberry.field(description="Đoàn kiểm tra lồng ghép (the joint team), if any.")
    added_on: date

    @strawberry.field(description="The unit.")
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")]:
        return await units.unit_by_id(info, self.unit_id)


@strawberry.type(description="Kế hoạch kiểm tra (programme): a year's plan of inspections. " + NODE)
class Programme(relay.Node):
    uuid: UUID = strawberry.field(description=UUID_FIELD)
    version: int = strawberry.field(description="The programme's version: give it as expectedVersion to a command.")
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
        return cls(uuid=row["programme_id"], **{name: row[name] for name in (
            "version", "code", "year", "title", "plan_number", "plan_date", "standard", "status", "approved_on",
            "reported_on")})

    @classmethod
    def resolve_id(cls, root: Programme, *, info: Info) -> str:
        return str(root.uuid)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Programme]:
        """The programmes of these global ids' node parts; raises :class:`ProgrammeNotFoundError` for one not
        in the tenant."""
        ids = [node_uuid(node_id, lambda given: ProgrammeNotFoundError(programme_id=given)) for node_id in node_ids]
        return list(await asyncio.gather(*(programme_by_id(info, programme_id) for programme_id in ids)))

    @strawberry.field(description="Inspected x/y, units with nonconformities, reports received, …")
    async def summary(self, info: Info) -> ProgrammeSummary | None:
        row = await info.context.reader.summary(self.uuid)
        return ProgrammeSummary.from_row(row) if row else None

    @strawberry.field(description="Nonconformities counted by check item, most frequent first.")
    async def weaknesses(self, info: Info) -> list[ClauseWeakness]:
        rows = await info.context.reader.weaknesses(self.uuid)
        return [ClauseWeakness(item_code=r["item_code"], clause=r["clause"], nonconformities=r["nonconformities"],
                               units=r["units"]) for r in rows]

    @strawberry.field(description="Phạm vi (scope): the units in its plan, in the order added; a unit "
                                  "representative sees its own.", metadata=costed_at(PROGRAMME_UNITS))
    async def scope(self, info: Info) -> list[ScopeEntry]:
        return [ScopeEntry(unit_id=r["unit_id"], form=r["form"], joint_team=r["joint_team"], added_on=r["added_on"])
                for r in await info.context.reader.scope_of(self.uuid)]

    @strawberry.field(description="Its inspections (cuộc kiểm tra), in the order scheduled.",
                      metadata=costed_at(PROGRAMME_UNITS))
    async def inspections(
        self, info: Info
    ) -> list[Annotated[Inspection, strawberry.lazy("isotrail.graphql.inspections")]]:
        rows = await info.context.reader.inspections_of(programme_id=self.uuid)
        return [inspections.Inspection.from_row(row) for row in rows]

    @strawberry.field(description="Its nonconformities (điểm chưa phù hợp), in the order raised.",
                      metadata=costed_at(PROGRAMME_FINDINGS))
    async def findings(self, info: Info) -> list[Annotated[Finding, strawberry.lazy("isotrail.graphql.findings")]]:
        rows = await info.context.reader.findings_of(programme_id=self.uuid)
        return [findings.Finding.from_row(row) for row in rows]


async def programme_by_id(info: Info, programme_id: UUID) -> Programme:
    """The programme, through the request's reader; raises its not-found error."""
    return Programme.from_row(await info.context.reader.programme(programme_id))


@strawberry.type
class ProgrammeQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="One programme by its uuid (error code programme_not_found: none in your tenant).")
    @typed_errors
    async def programme(self, info: Info, id: UUID) -> Programme | None:  # noqa: A002 - the argument clients expect
        return await programme_by_id(info, id)

    @strawberry.field(extensions=allowed(Action.READ_TENANT))
    @typed_errors
    async def programmes(self, info: Info, year: int | None = None, first: int | None = None,
                         after: str | None = None, last: Last = None, before: Before = None) -> Connection[Programme]:
        page = await info.context.reader.programmes(year=year, first=first, after=after, last=last, before=before)
        return Connection.of(page, Programme.from_row)
