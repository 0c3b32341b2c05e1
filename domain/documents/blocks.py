"""A document's body as blocks every renderer lays out alike (services/documents/templates: blocks.xml for DOCX,
van_ban.typ for PDF): headings, paragraphs, centred lines, list items, tables and bar charts — so the prose and
the figures are said once, and a DOCX and a PDF of the same document never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Column:
    """A table's column: its heading, its share of the text width (in %) and how its cells align."""

    title: str
    width: int
    align: Align = "left"


def heading(text: str) -> dict[str, Any]:
    """A section heading ("I. MỤC ĐÍCH, YÊU CẦU"), bold."""
    return {"type": "heading", "text": text}


def paragraph(text: str) -> dict[str, Any]:
    """A paragraph of the body: justified, its first line indented."""
    return {"type": "paragraph", "text": text}


def centered(text: str, *, bold: bool = True) -> dict[str, Any]:
    """A line centred on the page: a decision's "QUYẾT ĐỊNH:", a letter's "Kính gửi: …"."""
    return {"type": "centered", "text": text, "bold": bold}


def item(text: str) -> dict[str, Any]:
    """A line of a list ("- …")."""
    return {"type": "item", "text": f"- {text}"}


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> dict[str, Any]:
    """A table whose heading row repeats on every page; every cell is text."""
    return {"type": "table",
            "columns": [{"title": c.title, "width": c.width, "align": c.align} for c in columns],
            "rows": [[str(cell) for cell in row] for row in rows]}


def bar_chart(title: str, bars: Sequence[tuple[str, int]], unit: str) -> dict[str, Any]:
    """A horizontal bar chart: ``bars`` as (label, value), each bar as long as its share of the largest value,
    ``unit`` naming what the values count ("cơ quan"). The PDF draws it with Typst; the DOCX embeds the same
    drawing as a picture (services/documents/charts.py), so both show one chart."""
    return {"type": "chart", "title": title, "unit": unit,
            "bars": [{"label": label, "value": int(value)} for label, value in bars],
            "max": max((int(value) for _, value in bars), default=0)}
