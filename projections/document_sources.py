"""What a document prints, read from the read models through the API's own reads (programme_queries,
inspection_queries, finding_queries, unit_queries) and handed over as the domain's plain records
(domain/documents): a programme's plan with its units, its nonconformities, an inspection's file
(inspection_documents.py). Units are named as they were named on the document's date (``rm_units.names``), so
a 2020 plan shows the 2020 names. :func:`document` is the one entry: any kind, of a programme or its inspection.
Asked as of a past date, both read the read models as they stood on it (past_read_models.py): the document as it
would have been printed that day."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.documents.document import Document, DocumentKind
from isotrail.domain.documents.errors import DocumentNotAvailableError, RecordNotYetError
from isotrail.domain.documents.findings_register import findings_register
from isotrail.domain.documents.inspection_papers import INSPECTION_PAPERS, inspection_paper
from isotrail.domain.documents.inspection_plan import PlannedMember, PlannedUnit, PlanRecord, inspection_plan
from isotrail.domain.documents.ministry_report import ministry_report
from isotrail.domain.documents.results_report import results_report
from isotrail.domain.identifiers import quoted
from isotrail.domain.lineage import LogSource
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.tenancy import Tenant
from isotrail.projections.document_rows import finding_records, programme_row, unit_names_on
from isotrail.projections.driver import Connection
from isotrail.projections.inspection_documents import inspection_files, plan_reference
from isotrail.projections.inspection_queries import inspections_by_id, inspections_by_programme
from isotrail.projections.past_read_models import standing_on
from isotrail.projections.programme_queries import scope_by_programme
from isotrail.projections.report_documents import closing_report, results_record


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


async def document(conn: Connection, storage: Tenant, kind: DocumentKind, programme_id: UUID, *, tenant_name: str,
                   as_of: date, catalogue_of: Callable[[str], Catalogue], inspection_id: UUID | None = None,
                   number: str | None = None, sources: Sequence[LogSource] = ()) -> Document | None:
    """The ``kind`` of document of the programme — of its inspection ``inspection_id`` for a visit's papers
    (INSPECTION_PAPERS), the notice numbered ``number`` — as it stood on ``as_of`` (the register's statuses on
    it too; the papers speak as of their own dates); ``sources``: the logs of the tenants merged into ``storage``.
    None: no such programme, or no such inspection in it. Raises the domain's DocumentNotAvailableError when the
    record cannot have the document yet (RecordNotYetError: the record itself did not exist on ``as_of``), and
    DocumentHistoryTooLongError."""
    if kind in INSPECTION_PAPERS and inspection_id is None:
        raise ValueError(f"a {kind.value} is an inspection's: its inspection_id is needed")
    async with standing_on(conn, storage, programme_id, as_of, sources) as standing:
        programme = await _programme_on(conn, storage, standing, programme_id, as_of)
        if programme is None:
            return None
        catalogue = catalogue_of(programme["catalogue_version"])
        tenant_name = await issuer(conn, programme_id, tenant_name, sources)
        if kind not in INSPECTION_PAPERS:
            return await _programme_document(conn, standing, kind, programme, tenant_name, as_of, catalogue)
        files = await inspection_files(conn, standing, programme, plan_reference(programme, tenant_name), catalogue,
                                       [inspection_id])
        if not files and standing is not storage and (await inspections_by_id(conn, storage, [inspection_id])):
            raise RecordNotYetError(as_of=as_of, record_vi="cuộc kiểm tra", record_en="the inspection")
        if not files or files[0].programme_id != programme_id:
            return None
        return inspection_paper(kind, files[0], tenant_name, number)


async def _programme_on(conn: Connection, storage: Tenant, standing: Tenant, programme_id: UUID,
                        as_of: date) -> dict[str, Any] | None:
    """The programme's row as it stood (None: there is no such programme); RecordNotYetError when it was drafted
    after ``as_of``."""
    programme = await programme_row(conn, standing, programme_id)
    if programme is None and standing is not storage:
        live = await programme_row(conn, storage, programme_id)
        if live is not None:
            raise RecordNotYetError(as_of=as_of, record_vi=f"kế hoạch kiểm tra năm {live['year']}",
                                    record_en=f"the {live['year']} programme")
    return programme


async def _programme_document(conn: Connection, storage: Tenant, kind: DocumentKind, programme: dict[str, Any],
                              tenant_name: str, as_of: date, catalogue: Catalogue) -> Document:
    made = await _programme_paper(conn, storage, kind, programme, tenant_name, as_of, catalogue)
    return made.of(UUID(str(programme["programme_id"])))  # asyncpg's UUID, made Python's


async def _programme_paper(conn: Connection, storage: Tenant, kind: DocumentKind, programme: dict[str, Any],
                           tenant_name: str, as_of: date, catalogue: Catalogue) -> Document:
    if kind is DocumentKind.INSPECTION_PLAN:
        return inspection_plan(await plan_record(conn, storage, programme), tenant_name)
    if kind is DocumentKind.RESULTS_REPORT:
        return results_report(await results_record(conn, storage, programme, tenant_name, catalogue), tenant_name)
    if kind is DocumentKind.MINISTRY_REPORT:
        return ministry_report(await closing_report(conn, storage, programme, tenant_name), tenant_name)
    if kind is DocumentKind.NATIONAL_REPORT:
        raise ValueError("the national report is the Ministry's, of every province: national_document reads it")
    heading, records = await finding_records(conn, storage, programme, as_of)
    return findings_register(heading, records, catalogue, as_of)


async def programme_documents(conn: Connection, storage: Tenant, programme_id: UUID, *, tenant_name: str, as_of: date,
                              catalogue_of: Callable[[str], Catalogue], sources: Sequence[LogSource] = ()
                              ) -> tuple[list[Document], list[DocumentNotAvailableError]] | None:
    """Every document the programme has (None: no such programme): the plan, each visit's decision and minutes or
    letter and notices, the November report, Phụ lục II and the register (on ``as_of``) — read in the same few
    statements whatever the number of inspections — and the refusals of those it cannot have yet; as it stood on
    ``as_of`` (see :func:`document`)."""
    async with standing_on(conn, storage, programme_id, as_of, sources) as standing:
        programme = await _programme_on(conn, storage, standing, programme_id, as_of)
        if programme is None:
            return None
        tenant_name = await issuer(conn, programme_id, tenant_name, sources)
        return await _whole_set(conn, standing, programme, tenant_name, as_of, catalogue_of)


async def issuer(conn: Connection, programme_id: UUID, tenant_name: str, sources: Sequence[LogSource]) -> str:
    """The name of the body that issues the programme's papers: the tenant that made the programme — a predecessor,
    when the programme's first event is in its store (Sóc Trăng's 2020 papers printed through Cần Thơ still come
    from Sở KH&CN tỉnh Sóc Trăng, as they were issued) — else ``tenant_name``, the reading tenant's."""
    for source in sources:
        if source.display_name and await conn.fetchval(_first_event(source.tenant), programme_id):
            return source.display_name
    return tenant_name


@lru_cache(maxsize=1024)
def _first_event(storage: Tenant) -> str:
    return (f"SELECT true FROM {quoted(storage.schema, storage.events_table)} "
            "WHERE originator_id = $1 AND originator_version = 1")


async def _whole_set(conn: Connection, storage: Tenant, programme: dict[str, Any], tenant_name: str, as_of: date,
                     catalogue_of: Callable[[str], Catalogue]
                     ) -> tuple[list[Document], list[DocumentNotAvailableError]]:
    catalogue = catalogue_of(programme["catalogue_version"])
    documents, refused = [], []
    files = await inspection_files(conn, storage, programme, plan_reference(programme, tenant_name), catalogue)
    papers = [(DocumentKind.INSPECTION_DECISION, DocumentKind.INSPECTION_MINUTES) if f.form is InspectionForm.ON_SITE
              else (DocumentKind.FINDINGS_LETTER,) for f in files]
    for kind in (DocumentKind.INSPECTION_PLAN, DocumentKind.RESULTS_REPORT, DocumentKind.MINISTRY_REPORT,
                 DocumentKind.FINDINGS_REGISTER):
        try:
            documents.append(await _programme_document(conn, storage, kind, programme, tenant_name, as_of, catalogue))
        except DocumentNotAvailableError as error:
            refused.append(error)
    for file, kinds in zip(files, papers, strict=True):
        for kind in kinds:
            try:
                documents.append(inspection_paper(kind, file, tenant_name))
            except DocumentNotAvailableError as error:
                refused.append(error)
        documents += [inspection_paper(DocumentKind.NON_ACCEPTANCE_NOTICE, file, tenant_name, notice.number)
                      for notice in file.notices]
    return documents, refused
