"""The rows every document starts from: a programme's whole row (a paper prints its legal basis and organiser,
which the API leaves out), its nonconformities (the register's rows, the report's weaknesses), and units named as
on a paper's date (``rm_units.names``: a 2020 plan shows the 2020 names). Shared by document_sources.py,
inspection_documents.py and report_documents.py."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

from isotrail.domain.documents.findings_register import FindingRecord, ProgrammeHeading
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.tenancy import Tenant
from isotrail.projections.audit_tables import PROGRAMMES
from isotrail.projections.batches import batch_sql, rows_by_key
from isotrail.projections.driver import Connection
from isotrail.projections.finding_queries import findings_by_programme
from isotrail.projections.unit_queries import units_by_id


@lru_cache(maxsize=4096)
def _whole_programme(storage: Tenant) -> str:
    """Every column of the programmes $1: a plan prints its legal basis and organiser, which the API leaves out."""
    return batch_sql(PROGRAMMES.qualified(storage.schema), PROGRAMMES.column_names, "programme_id")


async def programme_row(conn: Connection, storage: Tenant, programme_id: UUID) -> dict[str, Any] | None:
    """The programme's whole row, or None if there is none."""
    return (await rows_by_key(conn, _whole_programme(storage), [programme_id], "programme_id")).get(programme_id)


async def finding_records(conn: Connection, storage: Tenant, programme: dict[str, Any],
                          as_of: date) -> tuple[ProgrammeHeading, list[FindingRecord]]:
    """The nonconformities of ``programme`` (its row), each unit named as on ``as_of``."""
    programme_id = programme["programme_id"]
    rows = (await findings_by_programme(conn, storage, [programme_id])).get(programme_id, [])
    names = await unit_names_on(conn, storage, [(row["unit_id"], as_of) for row in rows])
    heading = ProgrammeHeading(programme_id, programme["year"], programme["plan_number"], programme["plan_date"])
    return heading, [FindingRecord(
        unit_name=names[row["unit_id"]], item_code=row["item_code"], description=row["description"],
        raised_on=row["raised_on"], status=NonconformityStatus(row["status"]), report_due_on=row["report_due_on"],
        last_report_on=row["last_report_on"], reports_received=row["reports_received"],
        not_accepted_count=row["not_accepted_count"], closed_on=row["closed_on"]) for row in rows]


async def unit_names_on(conn: Connection, storage: Tenant, wanted: list[tuple[UUID, date]]) -> dict[UUID, str]:
    """Each unit of ``wanted`` named as on its day (one statement for all)."""
    days = dict(wanted)
    units = await units_by_id(conn, storage, list(days), ("name", "names"))
    return {unit_id: name_on(row["names"], days[unit_id]) or row["name"] for unit_id, row in units.items()}


def name_on(names: list[list[str]] | None, day: date) -> str | None:
    """The name a unit bore on ``day`` from its ``[[name, since], …]`` history (its first name before it)."""
    current = None
    for name, since in names or ():
        if current is None or date.fromisoformat(since) <= day:
            current = name
    return current
