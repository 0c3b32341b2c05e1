"""When a unit's corrective-action report falls due (Circular 26/2014, Art. 37): two calendar months after
the minutes are signed. A fix not accepted gets no new deadline: the law sets none; a later inspection
re-checks it."""

from __future__ import annotations

import calendar
from datetime import date

CORRECTIVE_ACTION_MONTHS = 2


def add_calendar_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Dec + 2 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def report_due_on(day: date) -> date:
    """The day a corrective-action report is due when the minutes are signed on ``day``."""
    return add_calendar_months(day, CORRECTIVE_ACTION_MONTHS)
