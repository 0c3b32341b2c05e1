"""An inspection as it stood at some point of its history (``inspectionAsOf``), with its nonconformities."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from isotrail.graphql.enums import InspectionForm, InspectionStatus, NonconformityStatus

if TYPE_CHECKING:
    from isotrail.domain.inspection import Inspection
    from isotrail.domain.nonconformity import Nonconformity
    from isotrail.graphql.reading import Reader


@strawberry.type
class NonconformityState:
    uuid: UUID
    item_code: str
    description: str
    status: NonconformityStatus
    raised_on: date
    report_due_on: date | None

    @classmethod
    def of(cls, nc: Nonconformity) -> NonconformityState:
        return cls(uuid=nc.id, item_code=nc.item_code, description=nc.description, status=nc.status,
                   raised_on=nc.raised_on, report_due_on=nc.report_due_on)


@strawberry.type
class InspectionState:
    uuid: UUID
    version: int
    recorded_at: datetime
    unit_id: UUID
    programme_id: UUID
    form: InspectionForm
    status: InspectionStatus
    scheduled_on: date
    conducted_on: date | None
    nonconformities: list[NonconformityState]

    @classmethod
    def of(cls, inspection: Inspection, reader: Reader) -> InspectionState:
        return cls(
            uuid=inspection.id, version=inspection.version, recorded_at=inspection.modified_on,
            unit_id=inspection.unit_id, programme_id=inspection.programme_id, form=inspection.form,
            status=inspection.status, scheduled_on=inspection.scheduled_on, conducted_on=inspection.conducted_on,
            nonconformities=[NonconformityState.of(nc) for nc in inspection.nonconformities.values()])
