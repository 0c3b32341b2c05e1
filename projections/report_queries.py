"""Corrective-action reports (báo cáo khắc phục) as the API reads them (``rm_corrective_action_reports``):
those of several inspections, or covering several nonconformities, each in one statement (batches.py)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import REPORTS
from isotrail.projections.batches import batch_sql, rows_under
from isotrail.projections.driver import Connection

IN_RECEIVED_ORDER = "received_on, notification_id"


class ReportReads(NamedTuple):
    of_inspections: str  # the reports of the inspections $1
    of_nonconformities: str  # the reports covering the nonconformities $1, once per nonconformity covered


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> ReportReads:
    table, columns = REPORTS.qualified(storage.schema), REPORTS.column_names
    covering = (f"(SELECT {', '.join(columns)} FROM {table} WHERE nonconformity_ids && $1::uuid[]) AS report "
                "CROSS JOIN LATERAL unnest(report.nonconformity_ids) AS covered(nonconformity_id)")
    return ReportReads(batch_sql(table, columns, "inspection_id", IN_RECEIVED_ORDER),
                       batch_sql(covering, (*columns, "nonconformity_id"), "nonconformity_id", IN_RECEIVED_ORDER))


async def reports_by_inspection(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each inspection's corrective-action reports, in the order received."""
    return await rows_under(conn, _reads(storage).of_inspections, ids, "inspection_id")


async def reports_by_nonconformity(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """The corrective-action reports covering each nonconformity, in the order received."""
    return await rows_under(conn, _reads(storage).of_nonconformities, ids, "nonconformity_id")
