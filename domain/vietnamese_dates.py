"""Dates as Vietnamese papers write them (Decree 30/2020/NĐ-CP, Phụ lục I): "ngày 05 tháng 3 năm 2020".

The decree puts a 0 before a day below 10 and before the months 1 and 2 — so that no one can add a digit to
"ngày 5 tháng 1" later — and none before the months 3 to 12. One function says it, for every document.
"""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """"ngày 05 tháng 3 năm 2020", "ngày 15 tháng 01 năm 2021"."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)  # noqa: PLR2004 - the decree's months 1 and 2
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: date) -> str:
    """The place-and-date line under the tiêu ngữ: "Sóc Trăng, ngày 05 tháng 3 năm 2020"."""
    return f"{place}, {long_date(day)}"


def short_date(day: date) -> str:
    """dd/mm/yyyy, as tables and messages give a date: "05/03/2020"."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
