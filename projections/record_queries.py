"""The records kept (hồ sơ kiểm tra, Circular 26/2014 Art. 39) as the API reads them (``rm_records``): those of
several programmes (their own and their inspections') or of several inspections, each in one statement
(batches.py), in the order of their dates."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import RECORDS
from isotrail.projections.batches import batch_sql, rows_under
from isotrail.projections.driver import Connection

IN_DATE_ORDER = "issued_on, aggregate_id, version"


class RecordReads(NamedTuple):
    of_programmes: str  # the records of the programmes $1 and of their inspections
    of_inspections: str  # the records of the inspections $1


@lru_cache(maxsize=4096)
def _reads(storage: Tenant) -> RecordReads:
    table, columns = RECORDS.qualified(storage.schema), RECORDS.column_names
    return RecordReads(batch_sql(table, columns, "programme_id", IN_DATE_ORDER),
                       batch_sql(table, columns, "inspection_id", IN_DATE_ORDER))


async def records_by_programme(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each programme's records, its inspections' among them, in the order of their dates."""
    return await rows_under(conn, _reads(storage).of_programmes, ids, "programme_id")


async def records_by_inspection(
    conn: Connection, storage: Tenant, ids: Sequence[UUID]
) -> dict[UUID, list[dict[str, Any]]]:
    """Each inspection's records, in the order of their dates."""
    return await rows_under(conn, _reads(storage).of_inspections, ids, "inspection_id")
