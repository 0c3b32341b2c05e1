"""A unit as it stood at some point of its history (``unitAsOf``), with every name it has had."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from isotrail.graphql.aggregate_fields import UnitFields

if TYPE_CHECKING:
    from isotrail.domain.unit import Unit
    from isotrail.graphql.reading import Reader


@strawberry.type
class NameSince:
    name: str
    since: date


@strawberry.type(description="Đơn vị (unit) as it stood at the point asked for (unitAsOf), rebuilt from "
                             "its events.")
class UnitState(UnitFields):
    uuid: UUID
    version: int
    recorded_at: datetime
    code: str
    name: str
    kind: str
    dissolved_on: date | None
    all_names: strawberry.Private[list[tuple[str, date]]]

    @strawberry.field
    def names(self) -> list[NameSince]:
        """Every name with the date it was taken (built only when asked for: a long stream has many)."""
        return [NameSince(name=name, since=since) for name, since in self.all_names]

    @classmethod
    def of(cls, unit: Unit, reader: Reader) -> UnitState:
        return cls(uuid=unit.id, version=unit.version, recorded_at=unit.modified_on, code=unit.code, name=unit.name,
                   kind=unit.kind.value, registered_on=unit.registered_on, dissolved_on=unit.dissolved_on,
                   all_names=unit.names)
