"""The inspection files the papers of a visit print (domain/documents/inspection_file.py), read from the read
models through the API's own batched reads — the inspection (its decision, minutes and letter), its assessments,
nonconformities, recommendations and kept records — for one inspection or a whole programme's at once, in the same
few statements. The one fact no read model keeps, why a corrective action was not accepted, is read from the
event store: the notices' own events (CorrectiveActionNotAccepted), only for inspections that have a notice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.documents.inspection_file import (
    Assessment,
    DecisionMember,
    DecisionRecord,
    FindingLine,
    InspectionFile,
    NoticeRecord,
    PlanReference,
)
from isotrail.domain.documents.issuers import people_committee
from isotrail.domain.identifiers import quoted
from isotrail.domain.inspection_decision import TeamRole
from isotrail.domain.inspection_values import AssessmentResult, RecommendationSource
from isotrail.domain.programme_values import InspectionForm
from isotrail.domain.record_kinds import RecordKind
from isotrail.domain.tenancy import Tenant
from isotrail.projections.document_rows import unit_names_on
from isotrail.projections.driver import Connection
from isotrail.projections.event_decoding import decode_rows
from isotrail.projections.event_kinds import EVENT_CLASSES
from isotrail.projections.finding_queries import findings_by_inspection
from isotrail.projections.inspection_queries import (
    assessments_by_inspection,
    inspections_by_id,
    inspections_by_programme,
    recommendations_by_inspection,
)
from isotrail.projections.record_queries import records_by_inspection

NOT_ACCEPTED = next(topic for topic in EVENT_CLASSES if topic.endswith("Inspection.CorrectiveActionNotAccepted"))


@lru_cache(maxsize=4096)
def _not_accepted_events(storage: Tenant) -> str:
    table = quoted(storage.schema, storage.events_table)
    return ("SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {table} WHERE originator_id = ANY($1::uuid[]) AND topic = $2 ORDER BY originator_version")


def plan_reference(programme: dict[str, Any], tenant_name: str) -> PlanReference:
    """The plan as papers cite it, from the programme's whole row (document_rows.programme_row)."""
    return PlanReference(number=programme["plan_number"], dated=programme["plan_date"],
                         issuer=programme["approved_by"] or people_committee(tenant_name).name, year=programme["year"],
                         standard=programme["standard"], organiser=programme["organiser"],
                         legal_basis=tuple(programme["legal_basis"] or ()))


async def inspection_files(conn: Connection, storage: Tenant, programme: dict[str, Any], plan: PlanReference,
                           catalogue: Catalogue, inspection_ids: Sequence[UUID] | None = None) -> list[InspectionFile]:
    """The files of ``inspection_ids`` of ``programme`` (its row), or of all its planned inspections (None), in
    the order they were scheduled; ad-hoc inspections are left out of "all"."""
    if inspection_ids is None:
        rows = [row for row in (await inspections_by_programme(conn, storage, [programme["programme_id"]])).get(
            programme["programme_id"], []) if row["ad_hoc_decision"] is None]
    else:
        found = await inspections_by_id(conn, storage, inspection_ids)
        rows = [found[i] for i in inspection_ids if i in found]
    ids = [row["inspection_id"] for row in rows]
    if not ids:
        return []
    assessments = await assessments_by_inspection(conn, storage, ids)
    findings = await findings_by_inspection(conn, storage, ids)
    recommendations = await recommendations_by_inspection(conn, storage, ids)
    records = await records_by_inspection(conn, storage, ids)
    reasons = await _reasons(conn, storage, [i for i in ids if any(
        r["kind"] == RecordKind.NON_ACCEPTANCE_NOTICE for r in records.get(i, ()))])
    names = await unit_names_on(conn, storage, [(row["unit_id"], _paper_day(row)) for row in rows])
    organisations = {member["name"]: member["organisation"] for member in programme["team"] or ()}
    in_catalogue = {code: index for index, code in enumerate(catalogue.items)}  # the order the articles list them

    def in_order(item_code: str) -> int:
        return in_catalogue.get(item_code, len(in_catalogue))

    def lines(inspection_id: UUID) -> dict[UUID, FindingLine]:
        """The inspection's nonconformities not withdrawn, by the catalogue's order of their items."""
        standing = [row for row in findings.get(inspection_id, ()) if row["status"] != "withdrawn"]
        return {row["nonconformity_id"]: FindingLine(row["nonconformity_id"], row["item_code"],
                                                     _title(catalogue, row["item_code"]), row["description"],
                                                     row["raised_on"])
                for row in sorted(standing, key=lambda row: (in_order(row["item_code"]), row["raised_on"]))}

    files = []
    for row in rows:
        inspection_id = row["inspection_id"]
        kept = records.get(inspection_id, [])
        found = lines(inspection_id)
        letter = next((r for r in kept if r["kind"] == RecordKind.FINDINGS_LETTER), None)
        files.append(InspectionFile(
            inspection_id=inspection_id, programme_id=row["programme_id"], unit_id=UUID(str(row["unit_id"])),
            unit_name=names[row["unit_id"]],
            form=InspectionForm(row["form"]), joint_team=row["joint_team"], scheduled_on=row["scheduled_on"],
            conducted_on=row["conducted_on"], inspectors=tuple(row["inspectors"] or ()), plan=plan,
            decision=_decision(row["decision"], organisations), communicated_on=row["findings_communicated_on"],
            minutes_number=row["minutes_number"], team_leader_signatory=row["team_leader_signatory"],
            unit_signatory=row["unit_signatory"], letter_number=row["letter_number"],
            letter_signer=letter["signer"] if letter else None, report_due_on=row["report_due_on"],
            assessments=tuple(Assessment(a["item_code"], _title(catalogue, a["item_code"]),
                                         AssessmentResult(a["result"]), a["note"])
                              for a in sorted(assessments.get(inspection_id, ()),
                                              key=lambda a: in_order(a["item_code"]))),
            findings=tuple(found.values()),
            recommendations=tuple((RecommendationSource(r["source"]), r["text"])
                                  for r in recommendations.get(inspection_id, ())),
            notices=_notices(kept, found, reasons)))
    return files


def _paper_day(row: dict[str, Any]) -> date:
    """The day a visit's papers name the unit as of: the minutes' or letter's, else the visit's or its date."""
    return row["findings_communicated_on"] or row["conducted_on"] or row["scheduled_on"]


def _decision(value: dict[str, Any] | None, organisations: dict[str, str]) -> DecisionRecord | None:
    if value is None:
        return None
    return DecisionRecord(
        number=value["decision_number"], decided_on=date.fromisoformat(value["decided_on"]), signer=value["signer"],
        team=tuple(DecisionMember(m["name"], TeamRole(m["role"]), organisations.get(m["name"]))
                   for m in value["team"]),
        scope=value["scope"], starts_on=date.fromisoformat(value["starts_on"]),
        ends_on=date.fromisoformat(value["ends_on"]))


def _notices(kept: list[dict[str, Any]], found: dict[UUID, FindingLine],
             reasons: dict[tuple[UUID, str], str]) -> tuple[NoticeRecord, ...]:
    """The inspection's notices of non-acceptance, one per number (a notice may cover several nonconformities)."""
    notices: dict[str, dict[str, Any]] = {}
    for record in kept:
        if record["kind"] != RecordKind.NON_ACCEPTANCE_NOTICE:
            continue
        notice = notices.setdefault(record["number"], {"issued_on": record["issued_on"], "signer": record["signer"],
                                                       "reasons": []})
        for nonconformity_id in record["nonconformity_ids"] or ():
            if nonconformity_id in found:
                notice["reasons"].append((found[nonconformity_id],
                                          reasons.get((nonconformity_id, record["number"]), "")))
    return tuple(NoticeRecord(number, notice["issued_on"], notice["signer"], tuple(notice["reasons"]))
                 for number, notice in notices.items())


async def _reasons(conn: Connection, storage: Tenant, ids: list[UUID]) -> dict[tuple[UUID, str], str]:
    """Why each nonconformity was not accepted, by (nonconformity, notice number): from the notices' events."""
    if not ids:
        return {}
    events = decode_rows(await conn.fetch(_not_accepted_events(storage), ids, NOT_ACCEPTED))
    return {(e.get("nonconformity_id"), e.notice_number): e.reason for e in events}


def _title(catalogue: Catalogue, item_code: str) -> str:
    item = catalogue.items.get(item_code)
    return item.title_vi if item else item_code
