"""Inspections as the API reads them (``rm_inspections``) and what each one holds: its assessments per
check item (``rm_assessments``) and its recommendations (``rm_recommendations``). Each is read for
several ids or parents at once, in one statement (batches.py), for the DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import ASSESSMENTS, INSPECTIONS, RECOMMENDATIONS
from isotrail.projections.batches import batch_sql, rows_by_key, rows_under
from isotrail.projections.driver import Connection

IN_SCHEDULE_ORDER = "scheduled_on, inspection_id"
# the catalogue's order: clauses 4 to 10 by number, then the articles' items ("art36.scope", "qd19.…")
IN_CATALOGUE_ORDER = "substring(item_code from '^[0-9]+')::int NULLS LAST, item_code"


class InspectionReads(NamedTuple):
    by_id: str  # the inspections $1
    of_programmes: str  # the inspections of the programmes $1
    of_units: str  # the inspections of the units $1
    assessments: str  # the assessments of the inspections $1
    recommendations: str  # the recommendations of the inspections $1, in the order recorded
    programme_recommendations: str  # the recommendations of the programmes $1, in the order recorded


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> InspectionReads:
    inspections = INSPECTIONS.qualified(storage.schema)
    columns = INSPECTIONS.column_names
    return InspectionReads(
        by_id=batch_sql(inspections, columns, "inspection_id"),
        of_programmes=batch_sql(inspections, columns, "programme_id", IN_SCHEDULE_ORDER),
        of_units=batch_sql(inspections, columns, "unit_id", IN_SCHEDULE_ORDER),
        assessments=batch_sql(ASSESSMENTS.qualified(storage.schema), ASSESSMENTS.column_names, "inspection_id",
                              IN_CATALOGUE_ORDER),
        recommendations=batch_sql(RECOMMENDATIONS.qualified(storage.schema), RECOMMENDATIONS.column_names,
                                  "inspection_id", "notification_id"),
        programme_recommendations=batch_sql(RECOMMENDATIONS.qualified(storage.schema), RECOMMENDATIONS.column_names,
                                            "programme_id", "notification_id"))


async def inspections_by_id(conn: Connection, storage: Tenant, ids: Sequence[UUID]) -> dict[UUID, dict[str, Any]]:
    """The inspections of ``ids`` found."""
    return await rows_by_key(conn, _reads(storage).by_id, ids, "inspection_id")


async def inspections_by_programme(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each programme's inspections, in the order they are scheduled."""
    return await rows_under(conn, _reads(storage).of_programmes, ids, "programme_id")


async def inspections_by_unit(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each unit's inspections (of every programme), in the order they are scheduled."""
    return await rows_under(conn, _reads(storage).of_units, ids, "unit_id")


async def assessments_by_inspection(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each inspection's assessment per check item (its latest), in the catalogue's order."""
    return await rows_under(conn, _reads(storage).assessments, ids, "inspection_id")


async def recommendations_by_inspection(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each inspection's recommendations, in the order they were recorded."""
    return await rows_under(conn, _reads(storage).recommendations, ids, "inspection_id")


async def recommendations_by_programme(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each programme's recommendations (of all its inspections), in the order they were recorded."""
    return await rows_under(conn, _reads(storage).programme_recommendations, ids, "programme_id")
