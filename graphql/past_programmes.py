"""A programme as it stood at some point of its history (``programmeAsOf``), its scope as far as the request's
reader may see it: a unit representative's own unit only (graphql/reading.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from isotrail.graphql.aggregate_fields import ProgrammeFields, ScopeEntryFields
from isotrail.graphql.enums import InspectionForm, ProgrammeStatus
from isotrail.graphql.team_members import TeamMember
from isotrail.graphql.uncovered_units import DESCRIPTION, MANDATORY_COUNT, UncoveredUnit, visible

if TYPE_CHECKING:
    from isotrail.domain.programme import Programme
    from isotrail.graphql.reading import Reader


@strawberry.type(description="A unit in a programme's plan (Mẫu 19) as it stood then: how it was to be inspected.")
class ScopeEntryState(ScopeEntryFields):
    unit_id: UUID = strawberry.field(description="The unit's uuid.")
    form: InspectionForm = strawberry.field(description="Hình thức kiểm tra (on site or by dossier).")
    joint_team: str | None = strawberry.field(
        description="Đoàn kiểm tra lồng ghép (the team it was inspected jointly with); null: none.")


@strawberry.type(description=(
    "Kế hoạch kiểm tra (inspection plan) as it stood at one point of its history, rebuilt from the event store "
    "(programmeAsOf); no node of the graph, so it has a uuid and no global id."))
class ProgrammeState(ProgrammeFields):
    uuid: UUID = strawberry.field(description="Its uuid, the one commands take and the live object's `uuid` shows.")
    version: int = strawberry.field(description="The version it stood at: its last event's.")
    recorded_at: datetime = strawberry.field(description="When the last event it folds in was recorded.")
    code: str = strawberry.field(description="The programme's code.")
    year: int = strawberry.field(description="Năm kiểm tra (the year the plan covers).")
    title: str = strawberry.field(description="Trích yếu (the plan's title) then, corrections made by then included.")
    plan_number: str = strawberry.field(description="Số/ký hiệu of the plan then.")
    plan_date: date = strawberry.field(description="Ngày ban hành (the plan's date) then.")
    status: ProgrammeStatus = strawberry.field(description="Trạng thái (its stage) then.")
    scope: list[ScopeEntryState] = strawberry.field(
        description="Phạm vi (the units in its plan) then, in the order added; a unit representative sees its own.")
    starts_on: date | None = strawberry.field(
        description="The first day of its inspection period then; null: not set by then.")
    ends_on: date | None = strawberry.field(
        description="The last day of its inspection period then; null: not set by then.")
    approved_on: date | None = strawberry.field(
        description="The business date it was approved, if it was by then; null: a draft then.")
    reported_on: date | None = strawberry.field(
        description="The business date its results were reported, if they were by then; null: not by then.")
    team: list[TeamMember] = strawberry.field(
        description="Đoàn kiểm tra (the inspection team) then, in the order assigned, with Art. 40's qualifications.")
    budget_vnd: int | None = strawberry.field(description="Kinh phí (the plan's budget) then, in đồng; null: none "
                                                           "stated by then.")
    budget_source: str | None = strawberry.field(description="Nguồn kinh phí (its budget's source) then; null: "
                                                             "not stated by then.")
    partner_unit: str | None = strawberry.field(description="Đơn vị phối hợp (its partner unit) then; null: none "
                                                            "by then.")
    mandatory_count: int | None = strawberry.field(description=MANDATORY_COUNT)
    uncovered_units: list[UncoveredUnit] | None = strawberry.field(description=DESCRIPTION)

    @classmethod
    def of(cls, programme: Programme, reader: Reader) -> ProgrammeState:
        """Its scope as far as the reader may see it (a unit representative: its own unit only)."""
        return cls(
            uuid=programme.id, version=programme.version, recorded_at=programme.modified_on, code=programme.code,
            year=programme.year, title=programme.title, plan_number=programme.plan_number,
            plan_date=programme.plan_date, standard=programme.standard,
            catalogue_version=programme.catalogue_version, status=programme.status,
            scope=[ScopeEntryState(unit_id=entry.unit_id, form=entry.form, joint_team=entry.joint_team)
                   for entry in reader.scope(programme.scope.values())],
            starts_on=programme.starts_on, ends_on=programme.ends_on, approved_on=programme.approved_on,
            reported_on=programme.reported_on, team=[TeamMember.of(member) for member in programme.team],
            budget_vnd=programme.budget_vnd, budget_source=programme.budget_source,
            partner_unit=programme.partner_unit, mandatory_count=programme.mandatory_count,
            uncovered_units=visible(programme.uncovered_units, reader))
