"""A document's body as blocks every renderer lays out alike (services/documents/templates: blocks.xml for DOCX,
van_ban.typ for PDF): headings, paragraphs, list items and tables — so the prose and the figures are said once,
and a DOCX and a PDF of the same document never disagree."""

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


def item(text: str) -> dict[str, Any]:
    """A line of a list ("- …")."""
    return {"type": "item", "text": f"- {text}"}


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> dict[str, Any]:
    """A table whose heading row repeats on every page; every cell is text."""
    return {"type": "table",
            "columns": [{"title": c.title, "width": c.width, "align": c.align} for c in columns],
            "rows": [[str(cell) for cell in row] for row in rows]}
