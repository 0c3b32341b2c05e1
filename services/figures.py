"""A programme's headline figures, folded from its aggregates (the projections will serve them fast)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from isotrail.services.tenant_application import TenantApplication


@dataclass(frozen=True)
class ProgrammeFigures:
    units_in_scope: int
    inspected: int
    with_nonconformities: int
    reports_received: int
    nonconformities: int

    def lines_vi(self) -> list[str]:
        return [
            f"Đã kiểm tra: {self.inspected}/{self.units_in_scope} đơn vị",
            f"Có điểm không phù hợp: {self.with_nonconformities}/{self.units_in_scope} đơn vị "
            f"({self.nonconformities} điểm)",
            f"Đã gửi báo cáo khắc phục: {self.reports_received}/{self.with_nonconformities} đơn vị",
        ]


def programme_figures(app: TenantApplication, programme_id: UUID) -> ProgrammeFigures:
    programme = app.get_programme(programme_id)
    inspected = with_nonconformities = reports = nonconformities = 0
    for unit_id in programme.scope:
        inspection_id = app.inspection_id(programme_id, unit_id)
        if not app.exists(inspection_id):
            continue
        inspection = app.get_inspection(inspection_id)
        inspected += inspection.conducted_on is not None
        raised = [nc for nc in inspection.nonconformities.values() if nc.status.value != "withdrawn"]
        nonconformities += len(raised)
        if raised:
            with_nonconformities += 1
            reports += all(nc.reports_received_on for nc in raised)
    return ProgrammeFigures(len(programme.scope), inspected, with_nonconformities, reports, nonconformities)
