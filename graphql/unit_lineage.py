"""A unit's lineage as the read model holds it (projections/audit_units.py): each unit it came from or became, with
the decision that ordered the link (số/ký hiệu, date signed) and the date it took effect (issue 17)."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.graphql import units
from isotrail.graphql.enums import named_enum

if TYPE_CHECKING:
    from isotrail.graphql.units import Unit

LineageDirection: type[Enum] = named_enum("LineageDirection", "Which way a lineage link points.", {
    "predecessor": "Đơn vị tiền thân: a unit it was formed from, or whose duties it took over (sáp nhập, chia tách).",
    "successor": "Đơn vị kế thừa: a unit it became, or that took over its duties when it was dissolved.",
})


@strawberry.type(description=(
    "One link of a unit's lineage (sáp nhập, chia tách, giải thể): the unit at its other end, the decision that "
    "ordered it and the date it took effect. Links are events on the units involved; nothing earlier is rewritten."))
class UnitLineageLink:
    direction: LineageDirection = strawberry.field(  # type: ignore[valid-type]
        description="PREDECESSOR: the other unit came before this one; SUCCESSOR: after it.")
    unit_uuid: UUID = strawberry.field(description="The other unit's uuid, even when you may not read it.")
    decision_number: str | None = strawberry.field(
        description="Số/ký hiệu of the decision that ordered it; null: recorded without one (before issue 17).")
    decision_signed_on: date | None = strawberry.field(description="The date that decision was signed.")
    effective_on: date = strawberry.field(description="The business date from which the link holds.")

    @classmethod
    def from_json(cls, link: dict[str, Any]) -> UnitLineageLink:
        signed = link.get("decision_signed_on")
        return cls(direction=LineageDirection(link["direction"]), unit_uuid=UUID(link["unit_id"]),
                   decision_number=link.get("decision_number"),
                   decision_signed_on=date.fromisoformat(signed) if signed else None,
                   effective_on=date.fromisoformat(link["effective_on"]))

    @strawberry.field(description=(
        "The other unit (with its province: a unit that came with a merged province names that province), as far "
        "as you may read it; null otherwise."))
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")] | None:
        return next(iter(await units.units_by_id(info, [self.unit_uuid])), None)
