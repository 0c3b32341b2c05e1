"""XLSX by openpyxl: a document whose body is a table to filter (the findings register, Phụ lục II) as a sheet —
its title and subtitle above, Vietnamese headers, the header row frozen and an autofilter over the rows, dates as
real dates shown dd/mm/yyyy, text in Times New Roman; a body with ``sheets`` (a province's Phụ lục II: its summary
and its agencies) makes one sheet each."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

FONT = "Times New Roman"
HEADER_ROW = 4  # title, subtitle, a blank line, then the headers
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render_xlsx(data: dict[str, Any], *, stamped: datetime | None = None) -> bytes:
    """The body's ``title``, ``subtitle``, ``columns`` (with ``widths`` in characters) and ``rows`` as one sheet,
    or each of its ``sheets`` so; ``stamped`` is the workbook's creation and modification time (the document's
    date: same facts, same file)."""
    body = data["body"]
    workbook = Workbook()
    for index, table in enumerate(body.get("sheets") or [body]):
        _sheet(workbook.active if index == 0 else workbook.create_sheet(), table)
    if stamped is not None:
        workbook.properties.created = workbook.properties.modified = stamped
    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:  # openpyxl's save would date it now
        ExcelWriter(workbook, archive).save()
    return out.getvalue()


def _sheet(sheet: Any, body: dict[str, Any]) -> None:
    sheet.title = body.get("sheet", "Sổ theo dõi")
    columns = body["columns"]
    sheet.cell(1, 1, body["title"]).font = Font(name=FONT, size=14, bold=True)
    sheet.cell(2, 1, body["subtitle"]).font = Font(name=FONT, size=12, italic=True)
    for index, (name, width) in enumerate(zip(columns, body["widths"], strict=True), start=1):
        cell = sheet.cell(HEADER_ROW, index, name)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.fill = PatternFill("solid", start_color="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, row in enumerate(body["rows"], start=1):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(HEADER_ROW + offset, index, value)
            cell.font = Font(name=FONT, size=12)
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str))
            if isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
    last = HEADER_ROW + len(body["rows"])
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
