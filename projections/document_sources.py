"""What a document prints, read from the read models through the API's own reads (programme_queries,
inspection_queries, finding_queries, unit_queries) and handed over as the domain's plain records
(domain/documents): a programme's plan with its units, its nonconformities, an inspection's file
(inspection_documents.py). Units are named as they were named on the document's date (``rm_units.names``), so
a 2020 plan shows the 2020 names. :func:`document` is the one entry: any kind, of a programme or its inspection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.documents.document import Document, DocumentKind
from isotrail.domain.documents.findings_register import FindingRecord, ProgrammeHeading, findings_register
from isotrail.domain.documents.inspection_papers import INSPECTION_PAPERS, inspection_paper
from isotrail.domain.documents.inspection_plan import PlannedMember, PlannedUnit, PlanRecord, inspection_plan
from isotrail.domain.inspection_values import NonconformityStatus
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.tenancy import Tenant
from isotrail.projections.document_rows import programme_row, unit_names_on
from isotrail.projections.driver import Connection
from isotrail.projections.finding_queries import findings_by_programme
from isotrail.projections.inspection_documents import inspection_files, plan_reference
from isotrail.projections.inspection_queries import inspections_by_programme
from isotrail.projections.programme_queries import scope_by_programme


async def plan_record(conn: Connection, storage: Tenant, programme: dict[str, Any]) -> PlanRecord:
    """The plan of ``programme`` (its row, from :func:`programme_row`): its scope, each unit's scheduled date and
    name on the plan's date."""
    programme_id, plan_date = programme["programme_id"], programme["plan_date"]
    scope = (await scope_by_programme(conn, storage, [programme_id])).get(programme_id, [])
    scheduled = {row["unit_id"]: row["scheduled_on"]
                 for row in (await inspections_by_programme(conn, storage, [programme_id])).get(programme_id, [])
                 if row["ad_hoc_decision"] is None}
    names = await unit_names_on(conn, storage, [(entry["unit_id"], plan_date) for entry in scope])
    return PlanRecord(
        programme_id=programme_id, year=programme["year"], title=programme["title"],
        plan_number=programme["plan_number"], plan_date=plan_date, status=ProgrammeStatus(programme["status"]),
        standard=programme["standard"], legal_basis=tuple(programme["legal_basis"] or ()),
        organiser=programme["organiser"], approved_by=programme["approved_by"], starts_on=programme["starts_on"],
        ends_on=programme["ends_on"], budget_vnd=programme["budget_vnd"], budget_source=programme["budget_source"],
        partner_unit=programme["partner_unit"],
        team=tuple(PlannedMember(m["name"], m["position"], m["organisation"]) for m in programme["team"] or ()),
        units=tuple(PlannedUnit(names[entry["unit_id"]], InspectionForm(entry["form"]), entry["joint_team"],
                                scheduled.get(entry["unit_id"])) for entry in scope))


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


async def document(conn: Connection, storage: Tenant, kind: DocumentKind, programme_id: UUID, *, tenant_name: str,
                   as_of: date, catalogue_of: Callable[[str], Catalogue], inspection_id: UUID | None = None,
                   number: str | None = None) -> Document | None:
    """The ``kind`` of document of the programme — of its inspection ``inspection_id`` for a visit's papers
    (INSPECTION_PAPERS), the notice numbered ``number`` — as the read models hold it (the register on
    ``as_of``, the papers on their own dates); None: no such programme, or no such inspection in it. Raises the
    domain's DocumentNotAvailableError when the record cannot have the document yet."""
    programme = await programme_row(conn, storage, programme_id)
    if programme is None:
        return None
    if kind is DocumentKind.INSPECTION_PLAN:
        return inspection_plan(await plan_record(conn, storage, programme), tenant_name)
    if kind in INSPECTION_PAPERS:
        if inspection_id is None:
            raise ValueError(f"a {kind.value} is an inspection's: its inspection_id is needed")
        files = await inspection_files(conn, storage, programme, plan_reference(programme, tenant_name),
                                       catalogue_of(programme["catalogue_version"]), [inspection_id])
        if not files or files[0].programme_id != programme_id:
            return None
        return inspection_paper(kind, files[0], tenant_name, number)
    heading, records = await finding_records(conn, storage, programme, as_of)
    return findings_register(heading, records, catalogue_of(programme["catalogue_version"]), as_of)
