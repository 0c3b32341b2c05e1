"""PDF by Typst (the ``typst`` wheel: no system library, no LibreOffice), from templates/<template>.typ and the
shared Decree 30 layout templates/van_ban.typ, set only in the fonts shipped in fonts/ — never the machine's — so
that every glyph of Vietnamese text is a real one on any machine."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import typst

TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(__file__).parent / "fonts"


@cache
def typst_fonts() -> typst.Fonts:
    """The shipped fonts alone (no system ones, none embedded in Typst): loaded once per process."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)])


def render_pdf(template: str, data: dict[str, Any], *, stamped: datetime | None = None) -> bytes:
    """``templates/<template>.typ`` rendered with ``data`` (JSON, read by the template as ``sys.inputs.data``);
    ``stamped`` is the PDF's creation time (the document's own date, so that the same facts give the same file)."""
    compiler = typst.Compiler(str(TEMPLATES / f"{template}.typ"), root=str(TEMPLATES), font_paths=typst_fonts())
    return compiler.compile(format="pdf", sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
                            timestamp=stamped or datetime(2000, 1, 1, tzinfo=UTC))
