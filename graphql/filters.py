"""What the paged lists take as ``filter``: one input object each (``UnitFilter``, ``ProgrammeFilter``,
``FindingFilter``, ``TimelineFilter``), every field given narrowing the list, applied in SQL
(projections/*_queries.py). Texts in them are checked as every argument's are (arguments.py, naming
``filter.search``); a list holds at most :data:`MAX_FILTER_VALUES` values (``too_many_values``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

import strawberry

from isotrail.domain.errors import IsotrailError
from isotrail.graphql.enums import NonconformityStatus, ProgrammeStatus, UnitKind
from isotrail.graphql.event_types import EventType

MAX_FILTER_VALUES = 50  # more than any enum has members: a longer list is not a client's filter
ARGUMENT = "filter"
ANY_STAGE, ANY_KIND = "At one of these stages (none given: any).", "Of one of these kinds (none given: any)."
FILTER = strawberry.argument(description="Which to list: every field given narrows the list (null: all).")


class TooManyValuesError(IsotrailError):
    code = "too_many_values"
    field_details = ("where",)
    template_vi = "Tối đa {maximum} giá trị trong {where}; đã nhận {given}."
    template_en = "At most {maximum} values in {where}; got {given}."

    @property
    def field(self) -> str:  # type: ignore[override]  # the list at fault is named per error
        return self.where


@strawberry.input(description="Lọc đơn vị (which units to list): every field given narrows the list.")
class UnitFilter:
    search: str | None = strawberry.field(default=None, description=(
        "Words of the name, case and Vietnamese diacritics ignored (\"so y te\" finds «Sở Y tế»)."))
    kind: list[UnitKind] | None = strawberry.field(default=None, description=ANY_KIND)
    overdue: bool | None = strawberry.field(default=None, description=(
        "Whether a corrective-action report is overdue (quá hạn)."))


@strawberry.input(description="Lọc kế hoạch (which programmes to list): every field given narrows the list.")
class ProgrammeFilter:
    year: int | None = strawberry.field(default=None, description="Of this year.")
    status: list[ProgrammeStatus] | None = strawberry.field(default=None, description=ANY_STAGE)


@strawberry.input(description=(
    "Lọc điểm không phù hợp (which nonconformities to list): every field given narrows the list."))
class FindingFilter:
    programme_id: UUID | None = strawberry.field(default=None, description=(
        "Of this programme (programme_not_found: none in your tenant)."))
    unit_id: UUID | None = strawberry.field(default=None, description=(
        "Of this unit (unit_not_found: none in your reach)."))
    status: list[NonconformityStatus] | None = strawberry.field(default=None, description=ANY_STAGE)
    clause: str | None = strawberry.field(default=None, description=(
        "Of this check item (\"6.2\") or top-level clause (\"6\")."))
    overdue_on: date | None = strawberry.field(default=None, description=(
        "Awaiting a report whose deadline had passed by this day (quá hạn)."))
    raised_from: date | None = strawberry.field(default=None, description="Raised on or after this day.")
    raised_to: date | None = strawberry.field(default=None, description="Raised on or before this day.")


@strawberry.input(description="Lọc dòng thời gian (which events of a unit to list): every field given narrows it.")
class TimelineFilter:
    occurred_from: date | None = strawberry.field(default=None, description=(
        "Whose business date (the paper's date) is on or after this day."))
    occurred_to: date | None = strawberry.field(default=None, description=(
        "Whose business date is on or before this day."))
    event_types: list[EventType] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description=ANY_KIND)


def values(given: Sequence[Any] | None, name: str) -> list[str] | None:
    """The enum values of a filter's list ``name`` as stored (None or empty: no filter); refuses a long one."""
    if not given:
        return None
    if len(given) > MAX_FILTER_VALUES:
        raise TooManyValuesError(maximum=MAX_FILTER_VALUES, where=f"{ARGUMENT}.{name}", given=len(given))
    return [member.value for member in given]


def unit_filters(given: UnitFilter | None) -> dict[str, Any]:
    given = given or UnitFilter()
    return {"search": given.search, "kinds": values(given.kind, "kind"), "overdue": given.overdue}


def programme_filters(given: ProgrammeFilter | None) -> dict[str, Any]:
    given = given or ProgrammeFilter()
    return {"year": given.year, "statuses": values(given.status, "status")}


def finding_filters(given: FindingFilter | None) -> dict[str, Any]:
    given = given or FindingFilter()
    return {"programme_id": given.programme_id, "unit_id": given.unit_id,
            "statuses": values(given.status, "status"), "clause": given.clause, "overdue_on": given.overdue_on,
            "raised_from": given.raised_from, "raised_to": given.raised_to}


def timeline_filters(given: TimelineFilter | None) -> dict[str, Any]:
    given = given or TimelineFilter()
    return {"occurred_from": given.occurred_from, "occurred_to": given.occurred_to,
            "event_kinds": values(given.event_types, "eventTypes")}
