"""Inspections (cuộc kiểm tra) as the read models show them now: the form, schedule and team, the assessment
of each check item, the nonconformities raised, the minutes and the findings letter, the recommendations;
and the unit and programme each belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.types import Info

from isotrail.domain.documents.owners import DocumentOwner
from isotrail.graphql import catalogues, corrective_action_reports, findings, programmes, units
from isotrail.graphql.aggregate_fields import InspectionFields
from isotrail.graphql.carried_over import CarriedOverNonconformity
from isotrail.graphql.catalogues import CHECK_ITEMS
from isotrail.graphql.document_fields import with_documents
from isotrail.graphql.enums import AssessmentResult, InspectionForm, InspectionStatus, RecommendationSource
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.global_ids import NODE, UUID_FIELD, nodes_by_id
from isotrail.graphql.inspection_decisions import InspectionDecision, OpeningMeeting, ReportRequest
from isotrail.graphql.kept_records import RecordReference
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.permissions import allowed
from isotrail.services.not_found_errors import InspectionNotFoundError
from isotrail.services.permissions import Action

if TYPE_CHECKING:
    from isotrail.graphql.catalogues import Catalogue, CheckItem
    from isotrail.graphql.corrective_action_reports import CorrectiveActionReport
    from isotrail.graphql.findings import Finding
    from isotrail.graphql.programmes import Programme
    from isotrail.graphql.units import Unit

INSPECTION_FINDINGS = 10
INSPECTION_RECOMMENDATIONS = 5
INSPECTION_RECORDS = 12  # a decision, a letter or two, the minutes, reports and notices
InspectionId = Annotated[UUID, strawberry.argument(
    description="The inspection's uuid (its `uuid`, not its global `id`).")]
INSPECTION_REPORTS = 5  # a report, and one more per non-acceptance


@strawberry.type(description="Kết quả đánh giá (assessment) of one check item: its latest result.")
class Assessment:
    item_code: str = strawberry.field(description="The check item's code in the catalogue (\"6.2\", \"art36.scope\").")
    result: AssessmentResult = strawberry.field(
        description="Kết quả (the result); a corrected result replaces the one it corrects.")
    note: str | None = strawberry.field(description="Ghi chú (what the team noted); null: none.")
    assessed_on: date = strawberry.field(description="The business date of this result.")
    catalogue_version: strawberry.Private[str]

    @strawberry.field(description="Điểm kiểm tra (check item) assessed, with its titles, from the catalogue its "
                                  "inspection uses (null: that catalogue does not list the code).")
    def check_item(self) -> Annotated[CheckItem, strawberry.lazy("isotrail.graphql.catalogues")] | None:
        return catalogues.check_item(self.catalogue_version, self.item_code)


@strawberry.type(description=("Kiến nghị (recommendation) recorded at an inspection: the unit's, or the team's to the "
                              "unit or the People's Committee."))
class Recommendation:
    source: RecommendationSource = strawberry.field(description="Who made it: the inspected unit or the team.")
    text: str = strawberry.field(description="Nội dung kiến nghị (what is recommended).")
    recorded_on: date = strawberry.field(description="The business date it was made.")


@strawberry.type(description=("Cuộc kiểm tra (inspection) of one unit within a programme: scheduled, conducted, its "
                              "findings communicated by minutes or letter, then followed by corrective action. "
                              + NODE))
@with_documents(DocumentOwner.INSPECTION)  # its papers (Mẫu 20, Mẫu 21, letters), each a field
class Inspection(relay.Node, InspectionFields):
    uuid: UUID = strawberry.field(description=UUID_FIELD)
    version: int = strawberry.field(description="The inspection's version: give it as expectedVersion to a command.")
    form: InspectionForm = strawberry.field(description="Hình thức kiểm tra (on site or by dossier).")
    status: InspectionStatus = strawberry.field(description=(
        "Trạng thái (its stage): FINDINGS_COMMUNICATED once the minutes are signed or the letter sent."))
    scheduled_on: date = strawberry.field(description="Ngày kiểm tra dự kiến (the day planned for it).")
    conducted_on: date | None = strawberry.field(
        description="The business date it took place; null: not yet conducted.")
    inspectors: list[str] = strawberry.field(description="Who inspected, as conducting it recorded; empty until then.")
    findings_communicated_on: date | None = strawberry.field(description=(
        "The business date the minutes were signed (on site) or the letter sent (dossier); null: not yet."))
    minutes_number: str | None = strawberry.field(
        description="Số biên bản (the number of the minutes, Mẫu 21); null: none signed (yet, or a dossier check).")
    team_leader_signatory: str | None = strawberry.field(description=(
        "Trưởng đoàn kiểm tra: who signed the minutes for the team; null: none signed yet, a dossier check, or "
        "minutes recorded before the team leader's signature was."))
    unit_signatory: str | None = strawberry.field(
        description="Who signed the minutes for the unit (its head or deputy); null: none signed (yet).")
    letter_number: str | None = strawberry.field(description=(
        "Số công văn thông báo kết quả (the findings letter's number); null: none sent (yet, or an on-site one)."))
    report_due_on: date | None = strawberry.field(description=(
        "The date the corrective-action report is due: two calendar months after the minutes were signed; null "
        "before that, and for a dossier check."))
    catalogue_version: str = strawberry.field(
        description="The check-item catalogue (danh mục kiểm tra) it assesses: its programme's.")
    decision: InspectionDecision | None = strawberry.field(description=(
        "Quyết định kiểm tra (the inspection decision, Mẫu 20) an on-site visit is conducted under; null: none "
        "issued (yet, a dossier check, or a visit recorded before decisions were)."))
    report_requests: list[ReportRequest] = strawberry.field(description=(
        "Công văn đề nghị báo cáo (the letters asking the unit to report before the inspection), in the order sent."))
    opening_meeting: OpeningMeeting | None = strawberry.field(description=(
        "Họp mở đầu (the opening meeting: the decision announced, the agenda given); null: none recorded."))
    joint_team: str | None = strawberry.field(
        description="Đoàn kiểm tra lồng ghép (the team it is inspected jointly with); null: none.")
    ad_hoc_reason: str | None = strawberry.field(description=(
        "Lý do kiểm tra đột xuất (why this ad-hoc inspection of a unit outside the plan's scope, Art. 34.1.c, takes "
        "place); null: a planned inspection."))
    ad_hoc_decision: str | None = strawberry.field(description=(
        "Số/ký hiệu of the decision ordering this ad-hoc inspection (quyết định kiểm tra đột xuất); null: a "
        "planned inspection."))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Inspection:
        return cls(uuid=row["inspection_id"], inspectors=row["inspectors"] or [],
                   decision=InspectionDecision.of(row["decision"]),
                   report_requests=[ReportRequest.of(r) for r in row["report_requests"] or []],
                   opening_meeting=OpeningMeeting.of(row["opening_meeting"]), **{name: row[name] for name in (
            "version", "unit_id", "programme_id", "form", "status", "scheduled_on", "conducted_on",
            "findings_communicated_on", "minutes_number", "team_leader_signatory", "unit_signatory", "letter_number",
            "report_due_on", "catalogue_version", "joint_team", "ad_hoc_reason", "ad_hoc_decision")})

    @classmethod
    def resolve_id(cls, root: Inspection, *, info: Info) -> str:
        return str(root.uuid)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Inspection]:
        """The inspections of these global ids' node parts; raises :class:`InspectionNotFoundError` for one out
        of reach."""
        return await nodes_by_id(node_ids, lambda given: InspectionNotFoundError(inspection_id=given),
                                 lambda inspection_id: inspection_by_id(info, inspection_id))

    @strawberry.field(description="The unit inspected.")
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")]:
        return await units.unit_by_id(info, self.unit_id)

    @strawberry.field(description="The programme it is part of.")
    async def programme(self, info: Info) -> Annotated[Programme, strawberry.lazy("isotrail.graphql.programmes")]:
        return await programmes.programme_by_id(info, self.programme_id)

    @strawberry.field(description="Each check item assessed, in the catalogue's order.",
                      metadata=costed_at(CHECK_ITEMS))
    async def assessments(self, info: Info) -> list[Assessment]:
        rows = await info.context.reader.assessments_of(self.uuid)
        return [Assessment(item_code=r["item_code"], result=r["result"], note=r["note"], assessed_on=r["assessed_on"],
                           catalogue_version=self.catalogue_version) for r in rows]

    @strawberry.field(description="Danh mục kiểm tra (check-item catalogue): the version its assessments use.")
    def catalogue(self) -> Annotated[Catalogue, strawberry.lazy("isotrail.graphql.catalogues")]:
        return catalogues.catalogue_of(self.catalogue_version)

    @strawberry.field(description=(
        "Điểm không phù hợp chuyển kỳ: the nonconformities carried over to its programme that it re-checks (raised "
        "at its unit or at a unit its unit succeeds, a merged province's too), each marked with its origin."),
        metadata=costed_at(INSPECTION_FINDINGS))
    async def carried_over_nonconformities(self, info: Info) -> list[CarriedOverNonconformity]:
        rows = await info.context.reader.carried_over_to(self.programme_id, self.unit_id)
        return [CarriedOverNonconformity.from_row(row) for row in rows]

    @strawberry.field(description="Điểm không phù hợp (nonconformities) raised, in the order raised.",
                      metadata=costed_at(INSPECTION_FINDINGS))
    async def nonconformities(
        self, info: Info
    ) -> list[Annotated[Finding, strawberry.lazy("isotrail.graphql.findings")]]:
        rows = await info.context.reader.findings_of(inspection_id=self.uuid)
        return [findings.Finding.from_row(row) for row in rows]

    @strawberry.field(description="Báo cáo khắc phục (corrective-action reports) the unit sent on its "
                                  "nonconformities, in the order received.",
                      metadata=costed_at(INSPECTION_REPORTS))
    async def corrective_action_reports(self, info: Info) -> list[Annotated[
            CorrectiveActionReport, strawberry.lazy("isotrail.graphql.corrective_action_reports")]]:
        return await corrective_action_reports.reports_of(info, inspection_id=self.uuid)

    @strawberry.field(description="Its recommendations, in the order recorded.",
                      metadata=costed_at(INSPECTION_RECOMMENDATIONS))
    async def recommendations(self, info: Info) -> list[Recommendation]:
        rows = await info.context.reader.recommendations_of(self.uuid)
        return [Recommendation(source=r["source"], text=r["text"], recorded_on=r["recorded_on"]) for r in rows]

    @strawberry.field(description=(
        "Hồ sơ kiểm tra (Circular 26/2014 Art. 39): the records it keeps — the letters asking the unit to report, "
        "the decision (Mẫu 20), the minutes (Mẫu 21) or findings letter, the corrective-action reports and the "
        "notices of acceptance or non-acceptance — each by the event that recorded it, in the order of their dates."),
        metadata=costed_at(INSPECTION_RECORDS))
    async def records(self, info: Info) -> list[RecordReference]:
        return [RecordReference.from_row(row) for row in await info.context.reader.records_of(inspection_id=self.uuid)]


async def inspection_by_id(info: Info, inspection_id: UUID) -> Inspection:
    """The inspection, through the request's reader; raises its not-found error."""
    return Inspection.from_row(await info.context.reader.inspection(inspection_id))


@strawberry.type
class InspectionQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="One inspection by its uuid (error code inspection_not_found: none in your reach).")
    @typed_errors
    async def inspection(self, info: Info, id: InspectionId) -> Inspection | None:  # noqa: A002 - the argument clients expect
        return await inspection_by_id(info, id)
