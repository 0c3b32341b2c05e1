"""A document's charts as pictures for the DOCX: each chart block (domain/documents/blocks.py's bar_chart) drawn
by Typst from templates/chart.typ — the same bar-chart function the PDF draws inline (templates/charts.typ) — as a
PNG in the shipped fonts, embedded by docxtpl. No plotting library and no system dependency: the wheel that makes
the PDFs makes the pictures."""

from __future__ import annotations

import io
import json
from typing import Any

import typst
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from isotrail.services.documents.pdf import TEMPLATES, typst_fonts

PPI = 200  # sharp when printed; a chart of ten bars is ~60 kB
WIDTH = Mm(155)  # within the 165 mm between the decree's margins


def chart_png(chart: dict[str, Any]) -> bytes:
    """The chart alone, as a PNG 16 cm wide and as tall as its bars."""
    compiler = typst.Compiler(str(TEMPLATES / "chart.typ"), root=str(TEMPLATES), font_paths=typst_fonts())
    return compiler.compile(format="png", ppi=PPI,
                            sys_inputs={"data": json.dumps(chart, ensure_ascii=False, default=str)})


def with_pictures(template: DocxTemplate, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each chart block given its ``image`` (an InlineImage of ``template``); the data of a document
    without charts is returned as it is."""
    blocks = (data.get("body") or {}).get("blocks")
    if not blocks or not any(block["type"] == "chart" for block in blocks):
        return data
    pictured = [{**block, "image": InlineImage(template, io.BytesIO(chart_png(block)), width=WIDTH)}
                if block["type"] == "chart" else block for block in blocks]
    return {**data, "body": {**data["body"], "blocks": pictured}}
