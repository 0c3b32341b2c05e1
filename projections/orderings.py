"""The sorts each paged list offers (pages.py), one table per list: each a SQL expression with a tie-breaking
id, named for the API's ``orderBy`` (whose field enums graphql/orders.py makes from these tables), taken in
either direction."""

from __future__ import annotations

from dataclasses import dataclass, replace

from isotrail.domain.errors import IsotrailError


@dataclass(frozen=True)
class Ordering:
    """A sort: a non-null SQL expression, its type, the tie-breaking id column, and the direction."""

    expression: str
    sql_type: str
    id_column: str
    id_type: str = "uuid"
    descending: bool = False


UNIT_ORDERINGS = {
    "name": Ordering("name_sort", 'text COLLATE "C"', "unit_id"),
    "code": Ordering("code", "text", "unit_id"),
    "next_report_due_on": Ordering("coalesce(next_report_due_on, 'infinity'::date)", "date", "unit_id"),
}

PROGRAMME_ORDERINGS = {
    "year": Ordering("year", "int", "programme_id"),
    "plan_date": Ordering("plan_date", "date", "programme_id"),
    "code": Ordering("code", "text", "programme_id"),
}

FINDING_ORDERINGS = {
    "raised_on": Ordering("raised_on", "date", "nonconformity_id"),
    "report_due_on": Ordering("coalesce(report_due_on, 'infinity'::date)", "date", "nonconformity_id"),
    "clause": Ordering("item_code", "text", "nonconformity_id"),
}


class InvalidOrderingError(IsotrailError):
    code = "invalid_ordering"
    field = "orderBy"
    template_vi = "Không sắp xếp được theo «{order_by}»; chọn một trong: {allowed}."
    template_en = "Cannot order by '{order_by}'; choose one of: {allowed}."


def ordering(orderings: dict[str, Ordering], order_by: str, descending: bool = False) -> Ordering:
    """The named ordering in the direction asked, or a typed error that lists the allowed names."""
    try:
        chosen = orderings[order_by]
    except KeyError:
        raise InvalidOrderingError(order_by=order_by, allowed=", ".join(orderings)) from None
    return chosen if chosen.descending == descending else replace(chosen, descending=descending)
