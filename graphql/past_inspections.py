"""An inspection as it stood at some point of its history (``inspectionAsOf``), with its nonconformities."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from isotrail.graphql.aggregate_fields import InspectionFields, NonconformityFields

if TYPE_CHECKING:
    from isotrail.domain.inspection import Inspection
    from isotrail.domain.nonconformity import Nonconformity
    from isotrail.graphql.reading import Reader


@strawberry.type(description="Điểm không phù hợp (nonconformity) as it stood then.")
class NonconformityState(NonconformityFields):
    uuid: UUID
    item_code: str
    description: str
    status: str
    raised_on: date
    report_due_on: date | None

    @classmethod
    def of(cls, nc: Nonconformity) -> NonconformityState:
        return cls(uuid=nc.id, item_code=nc.item_code, description=nc.description, status=nc.status.value,
                   raised_on=nc.raised_on, report_due_on=nc.report_due_on,
                   reports_received=len(nc.reports_received_on), closed_on=nc.closed_on)


@strawberry.type(description="Cuộc kiểm tra (inspection) as it stood at the point asked for "
                             "(inspectionAsOf), rebuilt from its events.")
class InspectionState(InspectionFields):
    uuid: UUID
    version: int
    recorded_at: datetime
    unit_id: UUID
    programme_id: UUID
    form: str
    status: str
    scheduled_on: date
    conducted_on: date | None
    nonconformities: list[NonconformityState]

    @classmethod
    def of(cls, inspection: Inspection, reader: Reader) -> InspectionState:
        return cls(
            uuid=inspection.id, version=inspection.version, recorded_at=inspection.modified_on,
            unit_id=inspection.unit_id, programme_id=inspection.programme_id, form=inspection.form.value,
            joint_team=inspection.joint_team, catalogue_version=inspection.catalogue_version,
            inspectors=list(inspection.inspectors), findings_communicated_on=inspection.findings_communicated_on,
            status=inspection.status.value, scheduled_on=inspection.scheduled_on, conducted_on=inspection.conducted_on,
            nonconformities=[NonconformityState.of(nc) for nc in sorted(  # as the read model orders them
                inspection.nonconformities.values(), key=lambda nc: (nc.raised_on, str(nc.id)))])
