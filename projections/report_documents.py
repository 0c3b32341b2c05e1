"""What the year's reports print, read from the read models through the API's own reads: the November report
(the compilation recorded on the programme, its nonconformities and recommendations as they stood on its date),
a province's Phụ lục II (its closing report, the programme summary the national read gives the Ministry, a row
per agency of its plan) and the Ministry's workbook (national_queries: every province's summary, one statement
per server)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.documents.ministry_report import AgencyLine, ClosingReport
from isotrail.domain.documents.results_report import Compilation, ResultsRecord, weaknesses_on
from isotrail.domain.programme_values import InspectionForm, ProgrammeStatus
from isotrail.domain.result_figures import ResultFigures
from isotrail.domain.tenancy import Tenant
from isotrail.projections.document_rows import finding_records, unit_names_on
from isotrail.projections.driver import Connection
from isotrail.projections.finding_queries import findings_by_programme
from isotrail.projections.inspection_documents import plan_reference
from isotrail.projections.inspection_queries import inspections_by_programme, recommendations_by_programme
from isotrail.projections.programme_queries import programme_summaries_by_id, scope_by_programme
from isotrail.projections.unit_queries import units_by_id


async def results_record(conn: Connection, storage: Tenant, programme: dict[str, Any], tenant_name: str,
                         catalogue: Catalogue) -> ResultsRecord:
    """The November report's facts of ``programme`` (its whole row): nothing but the plan before the compilation."""
    programme_id, stored = programme["programme_id"], programme["compilation"]
    plan = plan_reference(programme, tenant_name)
    if stored is None:
        return ResultsRecord(programme_id, programme["year"], plan, None, (), ())
    day = date.fromisoformat(stored["compiled_on"])
    compilation = Compilation(number=stored["compilation_number"], compiled_on=day, signer=stored["signer"],
                              figures=ResultFigures(**stored["figures"]), assessment=stored["assessment"],
                              proposals=tuple(stored["proposals"] or ()))
    _, findings = await finding_records(conn, storage, programme, day)
    given: dict[str, set[Any]] = defaultdict(set)  # each text the units gave by then, and who gave it
    for row in (await recommendations_by_programme(conn, storage, [programme_id])).get(programme_id, []):
        if row["source"] == "unit" and row["recorded_on"] <= day:
            given[row["text"]].add(row["unit_id"])
    return ResultsRecord(programme_id, programme["year"], plan, compilation, weaknesses_on(findings, catalogue, day),
                         tuple((text, len(units)) for text, units in given.items()))


async def closing_report(conn: Connection, storage: Tenant, programme: dict[str, Any],
                         tenant_name: str) -> ClosingReport:
    """A province's Phụ lục II facts: its closing report, its summary row and its agencies (named as on the report's
    date, else today)."""
    programme_id = programme["programme_id"]
    summary = (await programme_summaries_by_id(conn, storage, [programme_id]))[programme_id]
    scope = (await scope_by_programme(conn, storage, [programme_id])).get(programme_id, [])
    planned = {row["unit_id"]: row for row in (await inspections_by_programme(conn, storage, [programme_id])).get(
        programme_id, []) if row["ad_hoc_decision"] is None}
    findings: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in (await findings_by_programme(conn, storage, [programme_id])).get(programme_id, []):
        if row["status"] != "withdrawn":
            findings[row["unit_id"]].append(row)
    day = programme["reported_on"] or date.today()
    unit_ids = [entry["unit_id"] for entry in scope]
    names = await unit_names_on(conn, storage, [(unit_id, day) for unit_id in unit_ids])
    announced = {unit_id: row["qms_announced_on"]
                 for unit_id, row in (await units_by_id(conn, storage, unit_ids, ("qms_announced_on",))).items()}
    agencies = tuple(AgencyLine(
        name=names[entry["unit_id"]], form=InspectionForm(entry["form"]),
        inspected_on=(planned.get(entry["unit_id"]) or {}).get("conducted_on"),
        nonconformities=len(findings[entry["unit_id"]]),
        reported=(all(f["reports_received"] > 0 for f in findings[entry["unit_id"]])
                  if findings[entry["unit_id"]] else None),
        qms_announced_on=announced.get(entry["unit_id"])) for entry in scope)
    return ClosingReport(
        programme_id=programme_id, year=programme["year"], status=ProgrammeStatus(programme["status"]),
        plan=plan_reference(programme, tenant_name), number=programme["report_number"],
        reported_on=programme["reported_on"], signer=programme["report_signer"], summary=programme["report_summary"],
        proposals=tuple(programme["proposals"] or ()), figures=summary, agencies=agencies)
