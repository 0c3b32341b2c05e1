"""``orderBy`` as GitHub's API takes it: an input object of a field (an enum generated from the list's
orderings, projections/orderings.py) and a direction (``OrderDirection``), sorted in SQL with keyset
cursors; a cursor made under one ordering or direction is refused under another (``invalid_cursor``)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from isotrail.graphql.enums import named_enum
from isotrail.projections.orderings import FINDING_ORDERINGS, PROGRAMME_ORDERINGS, UNIT_ORDERINGS


@strawberry.enum(description="Chiều sắp xếp (the direction a list is sorted in).")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("asc", description="Tăng dần (ascending): the smallest, earliest or A first.")
    DESC = strawberry.enum_value("desc", description="Giảm dần (descending): the largest, latest or Z first.")


def _fields(name: str, what: str, orderings: dict[str, Any], descriptions: dict[str, str]) -> type[Enum]:
    if set(orderings) != set(descriptions):
        raise TypeError(f"{name}: describe exactly the orderings {sorted(orderings)}")
    return named_enum(name, f"What {what} may be sorted by (sắp xếp theo).", descriptions)


UnitOrderField = _fields("UnitOrderField", "units", UNIT_ORDERINGS, {
    "name": "Tên đơn vị (the unit's name), in Vietnamese alphabetical order.",
    "code": "Mã đơn vị (the unit's code).",
    "next_report_due_on": "Hạn gửi báo cáo khắc phục gần nhất (the next report due); units with none last when "
                          "ascending.",
})
ProgrammeOrderField = _fields("ProgrammeOrderField", "programmes", PROGRAMME_ORDERINGS, {
    "year": "Năm kế hoạch (the programme's year).",
    "plan_date": "Ngày ban hành kế hoạch (the plan's date).",
    "code": "Mã kế hoạch (the programme's code).",
})
FindingOrderField = _fields("FindingOrderField", "nonconformities", FINDING_ORDERINGS, {
    "raised_on": "Ngày ghi nhận (the day it was raised).",
    "report_due_on": "Hạn gửi báo cáo khắc phục (the report's due date); those with none last when ascending.",
    "clause": "Mục kiểm tra (the check item's code).",
})


@strawberry.input(description="Cách sắp xếp đơn vị (how units are sorted).")
class UnitOrder:
    field: UnitOrderField = strawberry.field(description="What to sort by.")  # type: ignore[valid-type]
    direction: OrderDirection = strawberry.field(description="Ascending or descending.")


@strawberry.input(description="Cách sắp xếp kế hoạch (how programmes are sorted).")
class ProgrammeOrder:
    field: ProgrammeOrderField = strawberry.field(description="What to sort by.")  # type: ignore[valid-type]
    direction: OrderDirection = strawberry.field(description="Ascending or descending.")


@strawberry.input(description="Cách sắp xếp điểm không phù hợp (how nonconformities are sorted).")
class FindingOrder:
    field: FindingOrderField = strawberry.field(description="What to sort by.")  # type: ignore[valid-type]
    direction: OrderDirection = strawberry.field(description="Ascending or descending.")


ORDER_BY = strawberry.argument(description="How the list is sorted: by what, in which direction.")
UNITS_BY_NAME = UnitOrder(field=UnitOrderField.NAME, direction=OrderDirection.ASC)  # type: ignore[attr-defined]
PROGRAMMES_LATEST_FIRST = ProgrammeOrder(field=ProgrammeOrderField.YEAR,  # type: ignore[attr-defined]
                                         direction=OrderDirection.DESC)
FINDINGS_AS_RAISED = FindingOrder(field=FindingOrderField.RAISED_ON,  # type: ignore[attr-defined]
                                  direction=OrderDirection.ASC)


def sort(order: UnitOrder | ProgrammeOrder | FindingOrder | None, default: Any) -> dict[str, Any]:
    """The ``*_queries`` arguments of ``order`` (null: ``default``): the ordering's name and its direction."""
    chosen = order or default
    return {"order_by": chosen.field.value, "descending": chosen.direction is OrderDirection.DESC}
