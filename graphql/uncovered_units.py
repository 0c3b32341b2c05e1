"""The units bound to apply a QMS that a programme's approval knowingly left out of its plan (Circular 26/2014
Art. 33, domain/plan_coverage.py), as a programme shows them now (the read model's ``uncovered_units``) and as it
stood (the aggregate, programmeAsOf); a unit representative sees its own unit's entry only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from isotrail.domain.plan_coverage import UncoveredUnit as UncoveredUnitValue
from isotrail.graphql import units

if TYPE_CHECKING:
    from isotrail.graphql.reading import Reader
    from isotrail.graphql.units import Unit

DESCRIPTION = (
    "Cơ quan bắt buộc không có trong kế hoạch: the units bound to apply a QMS on the plan's date (Decision 19/2014 "
    "Art. 2.1) that the approval knowingly left out of its scope, each with the approver's reason "
    "(approveProgramme's acknowledgedMissingUnits; Circular 26/2014 Art. 33), by name; empty: every one is covered. "
    "Null: a draft, or approved before the coverage was recorded. A unit representative sees its own unit's entry.")
MANDATORY_COUNT = (
    "Số cơ quan bắt buộc áp dụng HTQLCL: how many units of the register were bound to apply a QMS on the plan's "
    "date when it was approved — those its scope must cover (at least by dossier; an on-site inspection covers the "
    "dossier check too) and of which at least a third are inspected on site (Circular 26/2014 Art. 33). Null: a "
    "draft, or approved before the coverage was recorded.")


@strawberry.type(description=(
    "Cơ quan bắt buộc không có trong kế hoạch (a unit bound to apply a QMS that the plan's approval knowingly left "
    "out), as the approval recorded it."))
class UncoveredUnit:
    unit_id: UUID = strawberry.field(description="The unit's uuid.")
    name: str = strawberry.field(description="Tên đơn vị (its name on the plan's date).")
    reason: str = strawberry.field(description="Lý do (why the plan leaves it out, as the approver gave it).")

    @strawberry.field(description="The unit.")
    async def unit(self, info: Info) -> Annotated[Unit, strawberry.lazy("isotrail.graphql.units")]:
        return await units.unit_by_id(info, self.unit_id)

    @classmethod
    def of(cls, given: Mapping[str, Any] | UncoveredUnitValue) -> UncoveredUnit:
        """From a read-model row's entry (JSON) or the domain's value."""
        values = asdict(given) if isinstance(given, UncoveredUnitValue) else given
        return cls(unit_id=UUID(str(values["unit_id"])), name=values["name"], reason=values["reason"])


def visible(given: Iterable[Mapping[str, Any] | UncoveredUnitValue] | None,
            reader: Reader) -> list[UncoveredUnit] | None:
    """The entries the request's reader may see (None stays None: not recorded)."""
    return None if given is None else reader.scope(UncoveredUnit.of(entry) for entry in given)
