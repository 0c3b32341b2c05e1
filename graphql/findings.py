"""Findings: every nonconformity with its clause, deadline and status, filtered as clients need, and the unit,
inspection and programme it belongs to."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.types import Info

from isotrail.graphql import inspections, programmes, units
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.global_ids import NODE, UUID_FIELD, node_uuid
from isotrail.graphql.pagination import Before, Connection, Last
from isotrail.graphql.permissions import allowed
from isotrail.services.not_found_errors import FindingNotFoundError
from isotrail.services.permissions import Action

if TYPE_CHECKING:
    from isotrail.graphql.inspections import Inspection
    from isotrail.graphql.programmes import Programme
    from isotrail.graphql.units import Unit


@strawberry.type(description="Điểm chưa phù hợp (nonconformity) raised by an inspection, and what became of it. "
                             + NODE)
class Finding(relay.Node):
    uuid: UUID = strawberry.field(description=UUID_FIELD)
    inspection_id: UUID
    programme_id: UUID
    unit_id: UUID
    item_code: str
    clause: str
    description: str
    raised_on: date
    status: str
    report_due_on: date | None
    reports_received: int
    closed_on: date | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Finding:
        return cls(uuid=row["nonconformity_id"], **{name: row[name] for name in (
            "inspection_id", "programme_id", "unit_id", "item_code", "clause", "description", "raised_on",
            "status", "report_due_on", "reports_received", "closed_on")})

    @classmethod
    def resolve_id(cls, root: Finding, *, info: Info) -> str:
        return str(root.uuid)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Finding]:
        """The nonconformities of these global ids' node parts; raises :class:`FindingNotFoundError` for one
        out of reach."""
        ids = [node_uuid(node_id, lambda given: FindingNotFoundError(nonconformity_id=given)) for node_id in node_ids]
        return list(await asyncio.gather(*(finding_by_id(info, nonconformity_id) for nonconformity_id in ids)))

    @strawberry.field(description="The unit it was raised against.")
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")]:
        return await units.unit_by_id(info, self.unit_id)

    @strawberry.field(description="The inspection that raised it.")
    async def inspection(self, info: Info) -> Annotated[Inspection, strawberry.lazy("isotrail.graphql.inspections")]:
        return await inspections.inspection_by_id(info, self.inspection_id)

    @strawberry.field(description="The programme of that inspection.")
    async def programme(self, info: Info) -> Annotated[Programme, strawberry.lazy("isotrail.graphql.programmes")]:
        return await programmes.programme_by_id(info, self.programme_id)


async def finding_by_id(info: Info, nonconformity_id: UUID) -> Finding:
    """The nonconformity, through the request's reader; raises its not-found error."""
    return Finding.from_row(await info.context.reader.finding(nonconformity_id))


@strawberry.type
class FindingQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "One nonconformity by its uuid (error code nonconformity_not_found: none in your reach)."))
    @typed_errors
    async def finding(self, info: Info, id: UUID) -> Finding | None:  # noqa: A002 - the argument clients expect
        return await finding_by_id(info, id)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Nonconformities, filtered; a unitId or programmeId not in your reach answers unit_not_found or "
        "programme_not_found."))
    @typed_errors
    async def findings(self, info: Info, programme_id: UUID | None = None, unit_id: UUID | None = None,
                       statuses: list[str] | None = None, clause: str | None = None,
                       overdue_on: date | None = None, raised_from: date | None = None,
                       raised_to: date | None = None, order_by: str = "raised_on", first: int | None = None,
                       after: str | None = None, last: Last = None, before: Before = None) -> Connection[Finding]:
        page = await info.context.reader.findings(
            programme_id=programme_id, unit_id=unit_id, statuses=statuses, clause=clause, overdue_on=overdue_on,
            raised_from=raised_from, raised_to=raised_to, order_by=order_by, first=first, after=after, last=last,
            before=before)
        return Connection.of(page, Finding.from_row)
