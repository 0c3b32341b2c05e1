"""Programmes (yearly plans): their scope, inspections and nonconformities, and the summary the yearly report
gives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.types import Info

from isotrail.domain.documents.owners import DocumentOwner
from isotrail.graphql import findings, inspections, units
from isotrail.graphql.aggregate_fields import ProgrammeFields, ScopeEntryFields
from isotrail.graphql.carried_over import CarriedOverNonconformity
from isotrail.graphql.document_fields import with_documents
from isotrail.graphql.enums import InspectionForm, ProgrammeStatus
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.filters import FILTER, ProgrammeFilter, programme_filters
from isotrail.graphql.global_ids import NODE, UUID_FIELD, nodes_by_id
from isotrail.graphql.kept_records import RecordReference
from isotrail.graphql.orders import ORDER_BY, PROGRAMMES_LATEST_FIRST, ProgrammeOrder, sort
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.pagination import After, Before, Connection, First, Last
from isotrail.graphql.permissions import allowed
from isotrail.graphql.programme_reports import ImmediateReport, ResultsCompilation
from isotrail.graphql.read_plans import page_read, relation_read
from isotrail.graphql.team_members import TeamMember
from isotrail.graphql.uncovered_units import DESCRIPTION, MANDATORY_COUNT, UncoveredUnit, visible
from isotrail.projections.json_pages import JsonPage, JsonValue
from isotrail.projections.pages import Page
from isotrail.services.not_found_errors import ProgrammeNotFoundError
from isotrail.services.permissions import Action

if TYPE_CHECKING:
    from isotrail.graphql.findings import Finding
    from isotrail.graphql.inspections import Inspection
    from isotrail.graphql.units import Unit

PROGRAMME_UNITS = 100  # a province's agencies (78 in Sóc Trăng 2020)
PROGRAMME_FINDINGS = 100
PROGRAMME_RECORDS = 500  # a few per unit inspected, and the programme's own
ProgrammeId = Annotated[UUID, strawberry.argument(
    description="The programme's uuid (its `uuid`, not its global `id`).")]


@strawberry.type(description=("Điểm yếu phổ biến (a common weakness): the nonconformities of one check item in a "
                              "programme, withdrawn ones left out."))
class ClauseWeakness:
    item_code: str = strawberry.field(description='The check item\'s code in the catalogue ("6.2").')
    clause: str = strawberry.field(description=(
        'Its top-level clause of the standard ("6" for "6.2"); an item of Art. 36 or of Decision 19 stands for '
        "itself."))
    nonconformities: int = strawberry.field(description="How many nonconformities were raised against it.")
    units: int = strawberry.field(description="How many units had at least one of them.")


@strawberry.type(description=(
    "Số liệu tổng hợp (a programme's figures), as its yearly report gives them: Sóc Trăng 2020's 78/78 units "
    "inspected, 27/78 with nonconformities, 27/27 corrective-action reports received. Withdrawn nonconformities "
    "are not counted."))
class ProgrammeSummary:
    units_in_scope: int = strawberry.field(description="Units in the plan's scope (Mẫu 19).")
    on_site: int = strawberry.field(description="Of those, inspected on site (tại trụ sở).")
    dossier: int = strawberry.field(description=(
        "Of those, checked by dossier and report only (qua hồ sơ, báo cáo). A unit inspected on site is covered by "
        "dossier too (Circular 26/2014 Art. 33) but counted once, under onSite: onSite + dossier = unitsInScope."))
    joint: int = strawberry.field(description="Of those, inspected jointly with another team (kiểm tra lồng ghép).")
    inspected: int = strawberry.field(description="Inspections conducted so far.")
    units_with_nonconformities: int = strawberry.field(description="Units with at least one nonconformity.")
    units_reported: int = strawberry.field(description=(
        "Of those, the units that sent a corrective-action report (báo cáo khắc phục) on every one of them."))
    units_outstanding: int = strawberry.field(description=(
        "unitsWithNonconformities − unitsReported: the units that still owe a first report on some nonconformity."))
    nonconformities: int = strawberry.field(description="Nonconformities (điểm không phù hợp) raised.")
    awaiting_report: int = strawberry.field(
        description="Of those, awaiting a corrective-action report: open or not accepted.")
    overdue: int = strawberry.field(description=(
        "Of those awaiting a report, the ones past their due date as of today (the database server's date); one "
        "not accepted has no due date, so it is never overdue."))
    verified: int = strawberry.field(description="Nonconformities whose corrective action was verified effective.")
    not_accepted: int = strawberry.field(
        description="Nonconformities whose corrective action was not accepted, awaiting a new report with no "
                    "deadline; a later inspection re-checks them (Art. 37).")
    recommendations: int = strawberry.field(description="Recommendations (kiến nghị) recorded at its inspections.")

    ROW_ID: ClassVar[str] = "programme_id"  # read straight from its row by a plan (graphql/read_plans.py)
    ROW_FIELDS: ClassVar[frozenset[str]] = frozenset(("units_in_scope", "on_site", "dossier", "joint", "inspected",
                                                      "units_with_nonconformities", "units_reported",
                                                      "units_outstanding", "nonconformities", "awaiting_report",
                                                      "overdue", "verified", "not_accepted", "recommendations"))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ProgrammeSummary:
        return cls(**{name: row[name] for name in cls.ROW_FIELDS})


@strawberry.type(description="A unit in a programme's plan (Mẫu 19): how it is inspected, and with whom.")
class ScopeEntry(ScopeEntryFields):
    form: InspectionForm = strawberry.field(description="Hình thức kiểm tra (on site or by dossier).")
    joint_team: str | None = strawberry.field(
        description="Đoàn kiểm tra lồng ghép (the team it is inspected jointly with); null: none.")
    added_on: date = strawberry.field(description="The business date it was put in the plan.")

    @strawberry.field(description="The unit.")
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")]:
        return await units.unit_by_id(info, self.unit_id)


@strawberry.type(description="Kế hoạch kiểm tra (inspection plan, Mẫu 19): a province's programme of inspections "
                             "for one year, from its draft to the report of its results. " + NODE)
@with_documents(DocumentOwner.PROGRAMME)
class Programme(relay.Node, ProgrammeFields):
    uuid: UUID = strawberry.field(description=UUID_FIELD)
    version: int = strawberry.field(description="The programme's version: give it as expectedVersion to a command.")
    code: str = strawberry.field(description='The programme\'s code, unique in the province ("2020").')
    year: int = strawberry.field(description="Năm kiểm tra (the year the plan covers).")
    title: str = strawberry.field(description="Trích yếu (the plan's title, as on the paper).")
    plan_number: str = strawberry.field(description='Số/ký hiệu of the plan ("35/KH-UBND").')
    plan_date: date = strawberry.field(description="Ngày ban hành (the plan's date, as on the paper).")
    standard: str = strawberry.field(
        description='The edition of TCVN ISO 9001 its check-item catalogue checks ("TCVN ISO 9001:2015").')
    status: ProgrammeStatus = strawberry.field(description=(
        "Trạng thái (its stage): its scope may change while DRAFT; REPORTED closes it."))
    approved_on: date | None = strawberry.field(
        description="The business date the People's Committee approved it; null: still a draft.")
    reported_on: date | None = strawberry.field(description=(
        "The business date of the year's report of its results, which closed it (reportProgrammeResults: Decision "
        "19/2014 Art. 12's December report, Phụ lục II); null: not yet."))
    team: list[TeamMember] = strawberry.field(description=(
        "Đoàn kiểm tra (the inspection team), in the order assigned, each member with the qualifications Circular "
        "26/2014 Art. 40 asks for and the unit they work for."))
    budget_vnd: int | None = strawberry.field(description=(
        "Kinh phí (the plan's budget, Mẫu 19, Circular 26/2014 Art. 34), in đồng, as drafted or last corrected; "
        "null: the plan states none."))
    budget_source: str | None = strawberry.field(description=(
        "Nguồn kinh phí (where its budget comes from: \"Ngân sách tỉnh\", …); null: not stated."))
    partner_unit: str | None = strawberry.field(description=(
        "Đơn vị phối hợp (the unit the plan is carried out with, as the plan names it); null: none."))
    mandatory_count: int | None = strawberry.field(description=MANDATORY_COUNT)
    uncovered: strawberry.Private[list[dict[str, Any]] | None] = None

    @strawberry.field(description=DESCRIPTION)
    def uncovered_units(self, info: Info) -> list[UncoveredUnit] | None:
        return visible(self.uncovered, info.context.reader)

    # read straight from the columns of their names by from_row (graphql/read_plans.py), the uuid from ROW_ID
    ROW_ID: ClassVar[str] = "programme_id"
    ROW_FIELDS: ClassVar[frozenset[str]] = frozenset((
        "version", "code", "year", "title", "plan_number", "plan_date", "standard", "catalogue_version", "status",
        "starts_on", "ends_on", "approved_on", "reported_on", "budget_vnd", "budget_source", "partner_unit",
        "mandatory_count"))
    compilation: ResultsCompilation | None = strawberry.field(description=(
        "Báo cáo tổng hợp kết quả kiểm tra (Circular 26/2014 Art. 38.1): the year's results compiled in November "
        "for the DOST's director and the People's Committee, with the figures counted on its date; null: not "
        "compiled (yet)."))
    immediate_reports: list[ImmediateReport] = strawberry.field(description=(
        "Báo cáo đột xuất (Circular 26/2014 Art. 38.2): the immediate reports made when needed, in the order "
        "recorded; empty: none."))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Programme:
        return cls(uuid=row["programme_id"], team=[TeamMember.of(member) for member in row["team"]],
                   uncovered=row["uncovered_units"], compilation=ResultsCompilation.of(row["compilation"]),
                   immediate_reports=[ImmediateReport.of(r) for r in row["immediate_reports"] or []],
                   **{name: row[name] for name in cls.ROW_FIELDS})

    @classmethod
    def resolve_id(cls, root: Programme, *, info: Info) -> str:
        return str(root.uuid)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Programme]:
        """The programmes of these global ids' node parts; raises :class:`ProgrammeNotFoundError` for one not
        in the tenant."""
        return await nodes_by_id(node_ids, lambda given: ProgrammeNotFoundError(programme_id=given),
                                 lambda programme_id: programme_by_id(info, programme_id))

    @strawberry.field(description=("Its figures, as the yearly report gives them (inspected x/y, units with "
                                   "nonconformities, reports received, …); null until the read models show it."),
                      metadata=relation_read("summary"))
    async def summary(self, info: Info) -> ProgrammeSummary | None:
        row = await info.context.reader.summary(self.uuid)
        return ProgrammeSummary.from_row(row) if row else None

    @strawberry.field(description=("Its common weaknesses: nonconformities counted by check item, the most "
                                   "widespread (most units) first."))
    async def weaknesses(self, info: Info) -> list[ClauseWeakness]:
        rows = await info.context.reader.weaknesses(self.uuid)
        return [ClauseWeakness(item_code=r["item_code"], clause=r["clause"], nonconformities=r["nonconformities"],
                               units=r["units"]) for r in rows]

    @strawberry.field(description="Phạm vi (scope): the units in its plan, in the order added; a unit "
                                  "representative sees its own.", metadata=costed_at(PROGRAMME_UNITS))
    async def scope(self, info: Info) -> list[ScopeEntry]:
        return [ScopeEntry(unit_id=r["unit_id"], form=r["form"], joint_team=r["joint_team"], added_on=r["added_on"])
                for r in await info.context.reader.scope_of(self.uuid)]

    @strawberry.field(description="Its inspections (cuộc kiểm tra), in the order scheduled.",
                      metadata=costed_at(PROGRAMME_UNITS))
    async def inspections(
        self, info: Info
    ) -> list[Annotated[Inspection, strawberry.lazy("isotrail.graphql.inspections")]]:
        rows = await info.context.reader.inspections_of(programme_id=self.uuid)
        return [inspections.Inspection.from_row(row) for row in rows]

    @strawberry.field(description=(
        "Hồ sơ kiểm tra (Circular 26/2014 Art. 39): the records it keeps — the plan, its approval, the Art. 38 "
        "reports and its closing report — and those of its inspections (a unit representative: its own unit's), "
        "each by the event that recorded it, in the order of their dates."), metadata=costed_at(PROGRAMME_RECORDS))
    async def records(self, info: Info) -> list[RecordReference]:
        return [RecordReference.from_row(row) for row in await info.context.reader.records_of(programme_id=self.uuid)]

    @strawberry.field(description=(
        "Điểm không phù hợp chuyển kỳ: the nonconformities earlier programmes carried over to it to re-check — a "
        "province merged into yours too — each marked with its origin, in the order raised."),
        metadata=costed_at(PROGRAMME_FINDINGS))
    async def carried_over_nonconformities(self, info: Info) -> list[CarriedOverNonconformity]:
        return [CarriedOverNonconformity.from_row(row) for row in await info.context.reader.carried_over_to(self.uuid)]

    @strawberry.field(description="Its nonconformities (điểm không phù hợp), in the order raised.",
                      metadata=costed_at(PROGRAMME_FINDINGS))
    async def findings(self, info: Info) -> list[Annotated[Finding, strawberry.lazy("isotrail.graphql.findings")]]:
        rows = await info.context.reader.findings_of(programme_id=self.uuid)
        return [findings.Finding.from_row(row) for row in rows]


async def programme_by_id(info: Info, programme_id: UUID) -> Programme:
    """The programme, through the request's reader; raises its not-found error."""
    return Programme.from_row(await info.context.reader.programme(programme_id))


async def programmes_page(reader: Any, columns: tuple[str, ...] | None, joins: dict[str, tuple[str, ...]] | None,
                          json: Sequence[JsonValue] | None, *,
                          filter: ProgrammeFilter | None = None,  # noqa: A002 - the field's argument
                          order_by: ProgrammeOrder | None = PROGRAMMES_LATEST_FIRST, first: int | None = None,
                          after: str | None = None, last: int | None = None,
                          before: str | None = None) -> Page | JsonPage:
    """The page ``programmes`` answers (``columns`` of each programme, else every one, and the ``joins`` of
    programme_queries.PROGRAMME_JOINS; with ``json``, each written by PostgreSQL), for its resolver and its plan
    alike."""
    return await reader.programmes(**programme_filters(filter), **sort(order_by, PROGRAMMES_LATEST_FIRST),
                                   first=first, after=after, last=last, before=before, columns=columns, joins=joins,
                                   json=json)


@strawberry.type
class ProgrammeQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="One programme by its uuid (error code programme_not_found: none in your tenant).")
    @typed_errors
    async def programme(self, info: Info, id: ProgrammeId) -> Programme | None:  # noqa: A002 - the argument clients expect
        return await programme_by_id(info, id)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Kế hoạch kiểm tra (programmes) of your tenant, the latest year first."), metadata=page_read(programmes_page))
    @typed_errors
    async def programmes(self, info: Info,
                         filter: Annotated[ProgrammeFilter | None, FILTER] = None,  # noqa: A002 - GitHub's argument
                         order_by: Annotated[ProgrammeOrder | None, ORDER_BY] = PROGRAMMES_LATEST_FIRST,
                         first: First = None, after: After = None, last: Last = None,
                         before: Before = None) -> Connection[Programme]:
        page = await programmes_page(info.context.reader, None, None, None, filter=filter, order_by=order_by,
                                     first=first, after=after, last=last, before=before)
        return Connection.of(page, Programme.from_row)
