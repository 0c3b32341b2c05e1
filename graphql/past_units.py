"""A unit as it stood at some point of its history (``unitAsOf``), with every name it has had."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from isotrail.graphql.aggregate_fields import UnitFields
from isotrail.graphql.enums import UnitKind

if TYPE_CHECKING:
    from isotrail.domain.unit import Unit
    from isotrail.graphql.reading import Reader


@strawberry.type(description="One name a unit has had (tên gọi), and the business date it took it.")
class NameSince:
    name: str = strawberry.field(description="The name.")
    since: date = strawberry.field(description="The business date from which it held (registration or renaming).")


@strawberry.type(description=(
    "Đơn vị (unit) as it stood at one point of its history, rebuilt from the event store (unitAsOf); no node of "
    "the graph, so it has a uuid and no global id."))
class UnitState(UnitFields):
    uuid: UUID = strawberry.field(description="Its uuid, the one commands take and the live object's `uuid` shows.")
    version: int = strawberry.field(description="The version it stood at: its last event's.")
    recorded_at: datetime = strawberry.field(description="When the last event it folds in was recorded.")
    code: str = strawberry.field(description="Mã đơn vị (the unit's code).")
    name: str = strawberry.field(description="The name it carried then (its latest by then).")
    kind: UnitKind = strawberry.field(description="Loại hình cơ quan (kind of agency) then.")
    dissolved_on: date | None = strawberry.field(
        description="The business date it was dissolved (giải thể), if it was by then; null: it still existed.")
    all_names: strawberry.Private[list[tuple[str, date]]]

    @strawberry.field(description="Every name it had had by then, the first first, each with the date it was taken.")
    def names(self) -> list[NameSince]:
        """Every name with the date it was taken (built only when asked for: a long stream has many)."""
        return [NameSince(name=name, since=since) for name, since in self.all_names]

    @classmethod
    def of(cls, unit: Unit, reader: Reader) -> UnitState:
        return cls(uuid=unit.id, version=unit.version, recorded_at=unit.modified_on, code=unit.code, name=unit.name,
                   kind=unit.kind, registered_on=unit.registered_on, dissolved_on=unit.dissolved_on,
                   all_names=unit.names)
