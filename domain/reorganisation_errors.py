"""Errors of a reorganisation decision's list (issue 17): the list is refused as a whole, each faulty row's errors
named by their path in it (``rows[3].oldCode``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from isotrail.domain.errors import DomainError, IsotrailError


def at_row(error: IsotrailError, row: int, field: str) -> IsotrailError:
    """``error`` placed at the field ``field`` (camel-cased, as the input names it) of row ``row`` (from 0)."""
    error.path = ("rows", str(row), field)  # type: ignore[attr-defined]
    error.row = row  # type: ignore[attr-defined]
    return error


class ReorganisationRowConflictError(DomainError):
    """Two rows of a reorganisation list say different things of one unit (one dissolves it without a successor
    while another names one, two name a new unit differently, a row is repeated)."""

    code = "reorganisation_row_conflict"
    template_vi = "Dòng {row_number} mâu thuẫn với dòng {other_number}: {reason_vi}."
    template_en = "Row {row_number} contradicts row {other_number}: {reason_en}."


class ReorganisationRejectedError(DomainError):
    """A reorganisation list with faulty rows is refused as a whole: nothing of it is stored; each faulty row's
    errors follow this one, each with its path in the list."""

    code = "reorganisation_rejected"
    field = "rows"
    template_vi = "Danh sách sắp xếp đơn vị có {errors} lỗi ở {rows} dòng; không dòng nào được ghi nhận."
    template_en = "The reorganisation list has {errors} errors in {rows} rows; none of it was recorded."

    def __init__(self, row_errors: Sequence[IsotrailError] = (), **details: Any) -> None:
        self.row_errors = list(row_errors)
        details.setdefault("errors", len(self.row_errors))
        details.setdefault("rows", len({getattr(error, "row", None) for error in self.row_errors}))
        super().__init__(**details)
