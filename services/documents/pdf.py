"""PDF by Typst (the ``typst`` wheel: no system library, no LibreOffice), from templates/<template>.typ and the
shared Decree 30 layout templates/van_ban.typ, set only in the fonts shipped in fonts/ — never the machine's — so
that every glyph of Vietnamese text is a real one on any machine.

A province's own Typst template (:func:`render_tenant_pdf`) is compiled from its bytes with templates/ as its root:
it may import the repo's charts.typ or van_ban.typ, and Typst refuses any path leaving the root (``..``; an absolute
path is the root's). Its packages come only from an empty folder — neither the machine's package cache nor a
download (the sandboxed process it runs in also has no route to the network: services/documents/sandbox_worker.py)."""

from __future__ import annotations

import json
import tempfile
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


@cache
def no_packages() -> str:
    """An empty folder of this process's own, given to Typst as both its local and its cached packages."""
    return tempfile.mkdtemp(prefix="isotrail-typst-packages-")


def render_tenant_pdf(source: bytes, data: dict[str, Any], *, stamped: datetime | None = None) -> bytes:
    """A province's Typst ``source`` rendered with ``data`` (as :func:`render_pdf`), confined to templates/."""
    compiler = typst.Compiler(source, root=str(TEMPLATES), font_paths=typst_fonts(), package_path=no_packages(),
                              package_cache_path=no_packages())
    return compiler.compile(format="pdf", sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
                            timestamp=stamped or datetime(2000, 1, 1, tzinfo=UTC))
