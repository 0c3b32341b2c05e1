"""The sorts a paged list offers (pages.py): each a SQL expression with a tie-breaking id, named for the
API's ``orderBy``, taken in either direction."""

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
