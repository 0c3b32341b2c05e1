"""Findings: every nonconformity with its clause, deadline and status, filtered as clients need, and the unit,
inspection and programme it belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.types import Info

from isotrail.graphql import corrective_action_reports, inspections, programmes, units
from isotrail.graphql.aggregate_fields import NonconformityFields
from isotrail.graphql.enums import NonconformityStatus
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.filters import FILTER, FindingFilter, finding_filters
from isotrail.graphql.global_ids import NODE, UUID_FIELD, nodes_by_id
from isotrail.graphql.orders import FINDINGS_AS_RAISED, ORDER_BY, FindingOrder, sort
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.pagination import After, Before, Connection, First, Last
from isotrail.graphql.permissions import allowed
from isotrail.services.not_found_errors import FindingNotFoundError
from isotrail.services.permissions import Action

if TYPE_CHECKING:
    from isotrail.graphql.corrective_action_reports import CorrectiveActionReport
    from isotrail.graphql.inspections import Inspection
    from isotrail.graphql.programmes import Programme
    from isotrail.graphql.units import Unit

FINDING_REPORTS = 3  # a report, and one more per non-acceptance
NonconformityId = Annotated[UUID, strawberry.argument(
    description="The nonconformity's uuid (its `uuid`, not its global `id`).")]


@strawberry.type(description="Điểm không phù hợp (nonconformity) raised by an inspection, and what became of it: "
                             "its corrective-action reports (báo cáo khắc phục), verification or closing. " + NODE)
class Finding(relay.Node, NonconformityFields):
    uuid: UUID = strawberry.field(description=UUID_FIELD)
    inspection_id: UUID = strawberry.field(description="The uuid of the inspection that raised it.")
    programme_id: UUID = strawberry.field(description="The uuid of that inspection's programme.")
    unit_id: UUID = strawberry.field(description="The uuid of the unit it was raised against.")
    item_code: str = strawberry.field(description='The check item it is raised against, by its code ("6.2").')
    clause: str = strawberry.field(description=(
        'Its top-level clause of the standard ("6" for "6.2"); an item of Art. 36 or of Decision 19 stands for '
        "itself."))
    description: str = strawberry.field(description="What does not conform, as the team wrote it.")
    raised_on: date = strawberry.field(description="The business date it was raised at the inspection.")
    status: NonconformityStatus = strawberry.field(description=(
        "Trạng thái (its stage): OPEN or NOT_ACCEPTED await a corrective-action report, REPORTED awaits "
        "verification; VERIFIED, WITHDRAWN and CARRIED_OVER are closed."))
    report_due_on: date | None = strawberry.field(description=(
        "The date its corrective-action report is due: two calendar months after the minutes were signed; null "
        "until then, for a dossier check's letter, and after a notice of non-acceptance (no new deadline, Art. 37: "
        "a later inspection re-checks it), so a NOT_ACCEPTED one is never overdue."))
    reports_received: int = strawberry.field(description="How many corrective-action reports have covered it.")
    closed_on: date | None = strawberry.field(
        description="The business date it was verified, withdrawn or carried over; null: not closed.")
    origin_nonconformity_id: UUID | None = strawberry.field(description=(
        "The uuid of the carried-over nonconformity it continues, found still nonconforming at a re-check (a "
        "programme's carriedOverNonconformities shows that one's origin); null: raised afresh."))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Finding:
        return cls(uuid=row["nonconformity_id"], **{name: row[name] for name in (
            "inspection_id", "programme_id", "unit_id", "item_code", "clause", "description", "raised_on",
            "status", "report_due_on", "reports_received", "closed_on", "origin_nonconformity_id")})

    @classmethod
    def resolve_id(cls, root: Finding, *, info: Info) -> str:
        return str(root.uuid)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Finding]:
        """The nonconformities of these global ids' node parts; raises :class:`FindingNotFoundError` for one
        out of reach."""
        return await nodes_by_id(node_ids, lambda given: FindingNotFoundError(nonconformity_id=given),
                                 lambda nonconformity_id: finding_by_id(info, nonconformity_id))

    @strawberry.field(description="The unit it was raised against.")
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")]:
        return await units.unit_by_id(info, self.unit_id)

    @strawberry.field(description="The inspection that raised it.")
    async def inspection(self, info: Info) -> Annotated[Inspection, strawberry.lazy("isotrail.graphql.inspections")]:
        return await inspections.inspection_by_id(info, self.inspection_id)

    @strawberry.field(description="Báo cáo khắc phục (corrective-action reports) received on it, in the order "
                                  "received.", metadata=costed_at(FINDING_REPORTS))
    async def reports(self, info: Info) -> list[Annotated[
            CorrectiveActionReport, strawberry.lazy("isotrail.graphql.corrective_action_reports")]]:
        return await corrective_action_reports.reports_of(info, nonconformity_id=self.uuid)

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
    async def finding(self, info: Info, id: NonconformityId) -> Finding | None:  # noqa: A002 - the argument clients expect
        return await finding_by_id(info, id)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Điểm không phù hợp (nonconformities) of your tenant, filtered (every filter given must hold) and ordered; "
        "a unit representative sees its own unit's; a filter's unitId or programmeId not in your reach answers "
        "unit_not_found or programme_not_found."))
    @typed_errors
    async def findings(self, info: Info,
                       filter: Annotated[FindingFilter | None, FILTER] = None,  # noqa: A002 - GitHub's argument
                       order_by: Annotated[FindingOrder | None, ORDER_BY] = FINDINGS_AS_RAISED,
                       first: First = None, after: After = None, last: Last = None,
                       before: Before = None) -> Connection[Finding]:
        page = await info.context.reader.findings(**finding_filters(filter), **sort(order_by, FINDINGS_AS_RAISED),
                                                  first=first, after=after, last=last,
                                                  before=before)
        return Connection.of(page, Finding.from_row)
