"""The year a programme belongs to: a plausible one, and the one its plan is dated in (when it is drafted
and when its header is corrected). A plan for year N may be issued in year N or, ahead of the year it
plans, in year N−1 (provinces often issue next year's plan in December)."""

from __future__ import annotations

from datetime import date

from isotrail.domain.input_errors import InvalidValueError

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a programme may plausibly belong to


def require_plausible_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValueError(field_name="year", reason_vi="năm không hợp lệ", reason_en="not a plausible year")


def require_plan_date_in_year(plan_date: date, year: int) -> None:
    """The plan is dated in its own year or the one before it."""
    if plan_date.year not in (year - 1, year):
        raise InvalidValueError(field_name="plan_date", reason_vi="không thuộc năm của kế hoạch hoặc năm trước đó",
                                reason_en="neither in the programme's year nor the year before")
