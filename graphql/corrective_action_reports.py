"""Corrective-action reports (báo cáo khắc phục) a unit sent on the nonconformities an inspection raised, as
the audit read model keeps them (``rm_corrective_action_reports``): each with its document number, content
and the date it was received, and the nonconformities it covers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.graphql import findings, inspections, programmes, units
from isotrail.graphql.page_sizes import costed_at

if TYPE_CHECKING:
    from isotrail.graphql.findings import Finding
    from isotrail.graphql.inspections import Inspection
    from isotrail.graphql.programmes import Programme
    from isotrail.graphql.units import Unit

REPORT_FINDINGS = 10  # the nonconformities one report covers: its inspection's, at most


@strawberry.type(description="Báo cáo khắc phục (corrective-action report): what a unit reported it did about "
                             "one or more nonconformities (điểm không phù hợp) of an inspection, as received.")
class CorrectiveActionReport:
    inspection_id: strawberry.Private[UUID]
    programme_id: strawberry.Private[UUID]
    unit_id: strawberry.Private[UUID]
    nonconformity_ids: strawberry.Private[list[UUID]]
    reference: str = strawberry.field(description="Số/ký hiệu (document number) of the report.")
    summary: str = strawberry.field(description="Nội dung (content): what the unit reports it corrected.")
    received_on: date = strawberry.field(description="Ngày nhận (received on): the business date it was received.")
    version: int = strawberry.field(description="The inspection's version that recorded it, as history lists it.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CorrectiveActionReport:
        return cls(**{name: row[name] for name in (
            "inspection_id", "programme_id", "unit_id", "nonconformity_ids", "reference", "summary", "received_on",
            "version")})

    @strawberry.field(description="Điểm không phù hợp (nonconformities) it covers, in the order it lists them.",
                      metadata=costed_at(REPORT_FINDINGS))
    async def findings(self, info: Info) -> list[Annotated[Finding, strawberry.lazy("isotrail.graphql.findings")]]:
        rows = await info.context.reader.findings_by_id(self.nonconformity_ids)
        return [findings.Finding.from_row(row) for row in rows]

    @strawberry.field(description="The inspection (cuộc kiểm tra) whose nonconformities it answers.")
    async def inspection(self, info: Info) -> Annotated[Inspection, strawberry.lazy("isotrail.graphql.inspections")]:
        return await inspections.inspection_by_id(info, self.inspection_id)

    @strawberry.field(description="The unit (đơn vị) that sent it.")
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")]:
        return await units.unit_by_id(info, self.unit_id)

    @strawberry.field(description="The programme (kế hoạch kiểm tra) of its inspection.")
    async def programme(self, info: Info) -> Annotated[Programme, strawberry.lazy("isotrail.graphql.programmes")]:
        return await programmes.programme_by_id(info, self.programme_id)


async def reports_of(info: Info, **parent: UUID) -> list[CorrectiveActionReport]:
    """The reports of an inspection (``inspection_id``) or covering a nonconformity (``nonconformity_id``)
    that the caller may read, in the order received."""
    return [CorrectiveActionReport.from_row(row) for row in await info.context.reader.reports_of(**parent)]
