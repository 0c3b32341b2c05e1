"""An inspection as it stood at some point of its history (``inspectionAsOf``), with its nonconformities."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from isotrail.graphql.aggregate_fields import InspectionFields, NonconformityFields
from isotrail.graphql.enums import InspectionForm, InspectionStatus, NonconformityStatus

if TYPE_CHECKING:
    from isotrail.domain.inspection import Inspection
    from isotrail.domain.nonconformity import Nonconformity
    from isotrail.graphql.reading import Reader


@strawberry.type(description="Điểm không phù hợp (nonconformity) of an inspection as it stood then.")
class NonconformityState(NonconformityFields):
    uuid: UUID = strawberry.field(description="Its uuid, as finding(id) and the commands on it take it.")
    item_code: str = strawberry.field(description='The check item it was raised against ("6.2").')
    description: str = strawberry.field(description="What did not conform, as the team wrote it.")
    status: NonconformityStatus = strawberry.field(description="Trạng thái (its stage) then.")
    raised_on: date = strawberry.field(description="The business date it was raised.")
    report_due_on: date | None = strawberry.field(
        description="The date its corrective-action report was due then; null: none set by then.")

    @classmethod
    def of(cls, nc: Nonconformity) -> NonconformityState:
        return cls(uuid=nc.id, item_code=nc.item_code, description=nc.description, status=nc.status,
                   raised_on=nc.raised_on, report_due_on=nc.report_due_on,
                   reports_received=len(nc.reports_received_on), closed_on=nc.closed_on)


@strawberry.type(description=(
    "Cuộc kiểm tra (inspection) as it stood at one point of its history, rebuilt from the event store "
    "(inspectionAsOf); no node of the graph, so it has a uuid and no global id."))
class InspectionState(InspectionFields):
    uuid: UUID = strawberry.field(description="Its uuid, the one commands take and the live object's `uuid` shows.")
    version: int = strawberry.field(description="The version it stood at: its last event's.")
    recorded_at: datetime = strawberry.field(description="When the last event it folds in was recorded.")
    unit_id: UUID = strawberry.field(description="The uuid of the unit inspected.")
    programme_id: UUID = strawberry.field(description="The uuid of the programme it is part of.")
    form: InspectionForm = strawberry.field(description="Hình thức kiểm tra (on site or by dossier).")
    status: InspectionStatus = strawberry.field(description="Trạng thái (its stage) then.")
    scheduled_on: date = strawberry.field(description="The day planned for it then.")
    conducted_on: date | None = strawberry.field(
        description="The business date it took place, if it had by then; null: not conducted by then.")
    nonconformities: list[NonconformityState] = strawberry.field(
        description="Its nonconformities (điểm không phù hợp) raised by then, in the order raised.")

    @classmethod
    def of(cls, inspection: Inspection, reader: Reader) -> InspectionState:
        return cls(
            uuid=inspection.id, version=inspection.version, recorded_at=inspection.modified_on,
            unit_id=inspection.unit_id, programme_id=inspection.programme_id, form=inspection.form,
            joint_team=inspection.joint_team, catalogue_version=inspection.catalogue_version,
            ad_hoc_reason=inspection.ad_hoc_reason, ad_hoc_decision=inspection.ad_hoc_decision,
            inspectors=list(inspection.inspectors), findings_communicated_on=inspection.findings_communicated_on,
            status=inspection.status, scheduled_on=inspection.scheduled_on, conducted_on=inspection.conducted_on,
            nonconformities=[NonconformityState.of(nc) for nc in sorted(  # as the read model orders them
                inspection.nonconformities.values(), key=lambda nc: (nc.raised_on, str(nc.id)))])
