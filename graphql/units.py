"""Units (inspected agencies) with their current audit state, what they went through (their inspections and
nonconformities, the units they came from or became), and their timelines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from isotrail.domain.lineage import logged_id
from isotrail.graphql import findings, inspections
from isotrail.graphql.aggregate_fields import UnitFields
from isotrail.graphql.enums import Role, UnitKind
from isotrail.graphql.errors import typed_errors
from isotrail.graphql.event_types import EventType, kind_of
from isotrail.graphql.filters import FILTER, TimelineFilter, UnitFilter, timeline_filters, unit_filters
from isotrail.graphql.global_ids import NODE, UUID_FIELD, nodes_by_id
from isotrail.graphql.orders import ORDER_BY, UNITS_BY_NAME, UnitOrder, sort
from isotrail.graphql.page_sizes import costed_at
from isotrail.graphql.pagination import After, Before, Connection, First, Last
from isotrail.graphql.permissions import allowed
from isotrail.graphql.read_plans import page_read
from isotrail.graphql.selected_columns import columns_selected
from isotrail.graphql.unit_lineage import UnitLineageLink
from isotrail.projections.json_pages import JsonPage, JsonValue
from isotrail.projections.pages import Page
from isotrail.services.not_found_errors import UnitNotFoundError
from isotrail.services.permissions import Action

if TYPE_CHECKING:
    from isotrail.graphql.findings import Finding
    from isotrail.graphql.inspections import Inspection

UNIT_INSPECTIONS = 10  # a unit is inspected about once a year
UNIT_FINDINGS = 20
UNIT_LINEAGE = 5  # the units merged into one, or one split into
UnitId = Annotated[UUID, strawberry.argument(description="The unit's uuid (its `uuid`, not its global `id`).")]


@strawberry.type(description="Đơn vị (unit): an agency whose quality management system is inspected, with its "
                             "current audit state. " + NODE)
class Unit(relay.Node, UnitFields):
    uuid: UUID = strawberry.field(description=UUID_FIELD)
    version: int = strawberry.field(description="The unit's version: give it as expectedVersion to a command.")
    code: str = strawberry.field(description="Mã đơn vị (the unit's code), as registered; fixed for good.")
    name: str = strawberry.field(description="Tên đơn vị (its current name); unitAsOf's names lists the earlier ones.")
    kind: UnitKind = strawberry.field(description="Loại hình cơ quan (kind of agency).")
    registered_on: date = strawberry.field(description="The business date from which it exists (its registration's).")
    dissolved_on: date | None = strawberry.field(
        description="The business date it was dissolved (giải thể); null: it still exists.")
    last_inspected_on: date | None = strawberry.field(
        description="The business date of its latest conducted inspection; null: never inspected.")
    open_nonconformities: int = strawberry.field(description=(
        "How many of its nonconformities (điểm không phù hợp) await a corrective-action report: open or not "
        "accepted, of every inspection."))
    next_report_due_on: date | None = strawberry.field(description=(
        "The earliest due date of a corrective-action report it owes; null: none owed, or none dated yet (a "
        "dossier check's findings set no deadline)."))
    overdue: bool = strawberry.field(description=(
        "Quá hạn: whether nextReportDueOn is before today (the database server's date), so a report is late."))
    province: str | None = strawberry.field(description=(
        "The slug of the province (tenant) that registered it: yours, or for a unit that came with a province "
        "merged into yours (1 Jul 2025), that province's."))
    predecessor_ids: strawberry.Private[list[UUID]]
    successor_ids: strawberry.Private[list[UUID]]
    lineage_links: strawberry.Private[list[dict[str, Any]]]
    qms_host_id: strawberry.Private[UUID | None]
    qms_sharer_ids: strawberry.Private[list[UUID]]

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "unit_id", "version", "code", "name", "kind", "registered_on", "dissolved_on", "last_inspected_on",
        "open_nonconformities", "next_report_due_on", "overdue", "predecessor_ids", "successor_ids", "qms_host_id",
        "qms_sharer_ids", "tenant", "lineage")
    # What each field reads, by its GraphQL name (graphql/selected_columns.py); a relation reads every column,
    # so that the units a walk meets again (an inspection's unit) come from the page, as before
    COLUMNS_OF: ClassVar[dict[str, tuple[str, ...] | None]] = {
        **{to_camel_case(column): (column,) for column in COLUMNS}, "__typename": (), "id": ("unit_id",),
        "uuid": ("unit_id",), "qmsObligation": ("kind",), "province": ("tenant",),
        **dict.fromkeys(("inspections", "findings", "timeline", "predecessors", "successors", "sharesQmsOf",
                         "qmsSharedBy"))}

    # read straight from the columns of their names by from_row (graphql/read_plans.py), the uuid from ROW_ID
    ROW_ID: ClassVar[str] = "unit_id"
    ROW_FIELDS: ClassVar[frozenset[str]] = frozenset(COLUMNS[1:11])

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Unit:
        """The unit of ``row``: every column, or those the request's fields read (the others left None)."""
        get = row.get
        return cls(uuid=row["unit_id"], version=get("version"), code=get("code"), name=get("name"), kind=get("kind"),
                   registered_on=get("registered_on"), dissolved_on=get("dissolved_on"),
                   last_inspected_on=get("last_inspected_on"), open_nonconformities=get("open_nonconformities"),
                   next_report_due_on=get("next_report_due_on"), overdue=get("overdue"),
                   predecessor_ids=get("predecessor_ids") or [], successor_ids=get("successor_ids") or [],
                   qms_host_id=get("qms_host_id"), qms_sharer_ids=get("qms_sharer_ids") or [],
                   province=get("tenant"), lineage_links=get("lineage") or [])

    @classmethod
    def resolve_id(cls, root: Unit, *, info: Info) -> str:
        return str(root.uuid)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Unit]:
        """The units of these global ids' node parts; raises :class:`UnitNotFoundError` for one out of reach."""
        return await nodes_by_id(node_ids, lambda given: UnitNotFoundError(unit_id=given),
                                 lambda unit_id: unit_by_id(info, unit_id))

    @strawberry.field(description="Its inspections (cuộc kiểm tra), of every programme, in the order scheduled.",
                      metadata=costed_at(UNIT_INSPECTIONS))
    async def inspections(
        self, info: Info
    ) -> list[Annotated[Inspection, strawberry.lazy("isotrail.graphql.inspections")]]:
        rows = await info.context.reader.inspections_of(unit_id=self.uuid)
        return [inspections.Inspection.from_row(row) for row in rows]

    @strawberry.field(description="Its nonconformities (điểm không phù hợp), of every inspection, in the order raised.",
                      metadata=costed_at(UNIT_FINDINGS))
    async def findings(self, info: Info) -> list[Annotated[Finding, strawberry.lazy("isotrail.graphql.findings")]]:
        rows = await info.context.reader.findings_of(unit_id=self.uuid)
        return [findings.Finding.from_row(row) for row in rows]

    @strawberry.field(description="Dòng thời gian (timeline): its events and its inspections', in recorded order, "
                                  "a page of first after the cursor after (timeline(unitId)'s cursors).")
    @typed_errors
    async def timeline(self, info: Info, first: First = None, after: After = None) -> Connection[TimelineEntry]:
        page = await info.context.reader.timeline_of(self.uuid, first=first, after=after)
        return Connection.of(page, TimelineEntry.from_row)

    @strawberry.field(description=(
        "Áp dụng chung HTQLCL (shared quality management system, Circular 26/2014 Art. 6): the unit whose system "
        "it applies, as far as you may read; null: it applies its own (or you may not read the other)."))
    async def shares_qms_of(self, info: Info) -> Unit | None:
        if self.qms_host_id is None:
            return None
        return next(iter(await units_by_id(info, [self.qms_host_id])), None)

    @strawberry.field(description=(
        "The units that apply its quality management system (áp dụng chung HTQLCL, Circular 26/2014 Art. 6), in "
        "the order they began, as far as you may read."), metadata=costed_at(UNIT_LINEAGE))
    async def qms_shared_by(self, info: Info) -> list[Unit]:
        return await units_by_id(info, self.qms_sharer_ids)

    @strawberry.field(description="The units it was formed from (by a merger or a split), as far as you may read.",
                      metadata=costed_at(UNIT_LINEAGE))
    async def predecessors(self, info: Info) -> list[Unit]:
        return await units_by_id(info, self.predecessor_ids)

    @strawberry.field(description="The units it became (when dissolved into others), as far as you may read.",
                      metadata=costed_at(UNIT_LINEAGE))
    async def successors(self, info: Info) -> list[Unit]:
        return await units_by_id(info, self.successor_ids)

    @strawberry.field(description=(
        "Its lineage (sáp nhập, chia tách, giải thể), in the order recorded: each unit it came from or became, with "
        "the decision that ordered the link and the date it took effect."), metadata=costed_at(UNIT_LINEAGE))
    def lineage(self) -> list[UnitLineageLink]:
        return [UnitLineageLink.from_json(link) for link in self.lineage_links]


async def unit_by_id(info: Info, unit_id: UUID) -> Unit:
    """The unit, through the request's reader; raises its not-found error."""
    return Unit.from_row(await info.context.reader.unit(unit_id, Unit.COLUMNS))


async def units_by_id(info: Info, ids: list[UUID]) -> list[Unit]:
    """The units of ``ids`` the caller may read, in that order."""
    return [Unit.from_row(row) for row in await info.context.reader.units_by_id(ids, Unit.COLUMNS)]


@strawberry.type(description=(
    "One event of a unit's timeline (dòng thời gian): of the unit itself, of its inspections or of its place in "
    "programmes, with both its business date and its recorded time, and a Vietnamese sentence."))
class TimelineEntry:
    notification_id: int = strawberry.field(description=(
        "The event's position in the event log that stores it: the tenant's own, or a predecessor's for the history "
        "of a tenant merged into it. Each log numbers from 1, so in a successor's timeline a predecessor's entries "
        "(listed first, in the order of the merges) may share a number with its own; within one log it grows as "
        "events are recorded."))
    aggregate_id: UUID = strawberry.field(
        description="The uuid of the unit, programme or inspection the event belongs to.")
    aggregate_type: str = strawberry.field(description='Its kind: "Unit", "Programme" or "Inspection".')
    event_type: EventType = strawberry.field(  # type: ignore[valid-type]
        description="What happened: the kind of event (UNIT_REGISTERED, INSPECTION_MINUTES_SIGNED, …).")
    version: int = strawberry.field(description="The aggregate's version this event made.")
    actor_id: str = strawberry.field(description="Who recorded it: the subject of the token that issued the command.")
    role: Role = strawberry.field(description="The role it was recorded in (SYSTEM: the server's own).")
    occurred_on: date = strawberry.field(description="The business date on which it happened (the paper's date).")
    recorded_at: datetime = strawberry.field(
        description="When it was recorded (with a time zone); it may be long after occurredOn.")
    summary_vi: str = strawberry.field(description="The event in one Vietnamese sentence, as a timeline shows it.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TimelineEntry:
        return cls(event_type=kind_of(row["aggregate_type"], row["event_type"]),
                   notification_id=logged_id(row["notification_id"]), **{name: row[name] for name in (
                       "aggregate_id", "aggregate_type", "version", "actor_id", "role", "occurred_on", "recorded_at",
                       "summary_vi")})


async def units_page(reader: Any, columns: tuple[str, ...], joins: Mapping[str, tuple[str, ...]] | None,
                     json: Sequence[JsonValue] | None, *,
                     filter: UnitFilter | None = None,  # noqa: A002 - the field's argument
                     order_by: UnitOrder | None = UNITS_BY_NAME, first: int | None = None, after: str | None = None,
                     last: int | None = None, before: str | None = None) -> Page | JsonPage:
    """The page ``units`` answers (``columns`` of each unit, or with ``json`` each written by PostgreSQL; a unit
    has no relation read by a join), for its resolver and its plan alike."""
    return await reader.units(**unit_filters(filter), **sort(order_by, UNITS_BY_NAME), first=first, after=after,
                              last=last, before=before, columns=columns, json=json)


@strawberry.type
class UnitQueries:
    @strawberry.field(extensions=allowed(Action.READ_TENANT),
                      description="One unit by its uuid (error code unit_not_found: none in your reach).")
    @typed_errors
    async def unit(self, info: Info, id: UnitId) -> Unit | None:  # noqa: A002 - the argument clients expect
        return await unit_by_id(info, id)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Đơn vị (units) of your tenant with their current audit state, filtered and ordered (a unit "
        "representative: its own)."), metadata=page_read(units_page))
    @typed_errors
    async def units(self, info: Info, filter: Annotated[UnitFilter | None, FILTER] = None,  # noqa: A002 - GitHub's
                    order_by: Annotated[UnitOrder | None, ORDER_BY] = UNITS_BY_NAME, first: First = None,
                    after: After = None, last: Last = None, before: Before = None) -> Connection[Unit]:
        columns = columns_selected(info, Unit.COLUMNS_OF, Unit.COLUMNS)
        page = await units_page(info.context.reader, columns, None, None, filter=filter, order_by=order_by, first=first,
                                after=after, last=last, before=before)
        return Connection.of(page, Unit.from_row)

    @strawberry.field(extensions=allowed(Action.READ_TENANT), description=(
        "Every event of a unit, in recorded order (error code unit_not_found: none in your reach)."))
    @typed_errors
    async def timeline(self, info: Info, unit_id: UnitId,
                       filter: Annotated[TimelineFilter | None, FILTER] = None,  # noqa: A002 - GitHub's argument
                       first: First = None, after: After = None, last: Last = None,
                       before: Before = None) -> Connection[TimelineEntry]:
        page = await info.context.reader.timeline(unit_id=unit_id, **timeline_filters(filter), first=first,
                                                  after=after, last=last, before=before)
        return Connection.of(page, TimelineEntry.from_row)
