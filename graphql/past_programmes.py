"""A programme as it stood at some point of its history (``programmeAsOf``), its scope as far as the request's
reader may see it: a unit representative's own unit only (graphql/reading.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from isotrail.graphql.aggregate_fields import ProgrammeFields, ScopeEntryFields

if TYPE_CHECKING:
    from isotrail.domain.programme import Programme
    from isotrail.graphql.reading import Reader


@strawberry.type(description="Phạm vi (scope entry): a unit in a programme's plan as it stood then.")
class ScopeEntryState(ScopeEntryFields):
    unit_id: UUID
    form: str
    joint_team: str | None


@strawberry.type(description="Kế hoạch kiểm tra (programme) as it stood at the point asked for "
                             "(programmeAsOf), rebuilt from its events.")
class ProgrammeState(ProgrammeFields):
    uuid: UUID
    version: int
    recorded_at: datetime
    code: str
    year: int
    title: str
    plan_number: str
    plan_date: date
    status: str
    scope: list[ScopeEntryState]
    starts_on: date | None
    ends_on: date | None
    approved_on: date | None
    reported_on: date | None

    @classmethod
    def of(cls, programme: Programme, reader: Reader) -> ProgrammeState:
        """Its scope as far as the reader may see it (a unit representative: its own unit only)."""
        return cls(
            uuid=programme.id, version=programme.version, recorded_at=programme.modified_on, code=programme.code,
            year=programme.year, title=programme.title, plan_number=programme.plan_number,
            plan_date=programme.plan_date, standard=programme.standard,
            catalogue_version=programme.catalogue_version, status=programme.status.value,
            scope=[ScopeEntryState(unit_id=entry.unit_id, form=entry.form.value, joint_team=entry.joint_team)
                   for entry in reader.scope(programme.scope.values())],
            starts_on=programme.starts_on, ends_on=programme.ends_on, approved_on=programme.approved_on,
            reported_on=programme.reported_on)
