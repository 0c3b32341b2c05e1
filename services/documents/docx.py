"""DOCX by docxtpl: a Word template with Jinja tags (templates/van_ban.docx by default) rendered with a document's
data, its frame and blocks laid out by the shared partials in templates/docx/ that the template includes, its
charts embedded as the pictures charts.py draws.
Values are escaped for XML (autoescape); a template's own error is raised as docxtpl or Jinja gives it.

A province's template runs in :class:`TemplateEnvironment`: Jinja's immutable sandbox, where moreover only plain data
(and Jinja's own loop helpers) has readable attributes. A chart's picture is a docxtpl ``InlineImage`` whose ``tpl``
is the whole template object (``save`` writes any file the server may write): a template may print it, never
reach into it."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from isotrail.services.documents.charts import with_pictures

TEMPLATES = Path(__file__).parent / "templates"
PARTIALS = TEMPLATES / "docx"
PLAIN = (str, int, float, bool, type(None), dict, list, tuple, date, datetime, Decimal)  # what documents' data holds
JINJA_MODULES = ("jinja2.", "markupsafe")  # loop, namespace, cycler, joiner, Markup


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with attributes readable only on plain data and Jinja's own helpers."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        plain = isinstance(obj, PLAIN) or type(obj).__module__.startswith(JINJA_MODULES)
        return plain and super().is_safe_attribute(obj, attr, value)



def _environment(*, sandboxed: bool = False) -> Environment:
    """Jinja for the repo's templates; ``sandboxed`` for a province's uploaded ones: Jinja's immutable sandbox
    (no attribute of Python's internals, no method changing a value, no attribute of any object but plain
    data), the partials still the only files it may include."""
    kind = TemplateEnvironment if sandboxed else Environment
    return kind(loader=FileSystemLoader(PARTIALS), autoescape=True, undefined=StrictUndefined,
                keep_trailing_newline=False)


def render_docx(template: Path | bytes, data: dict[str, Any], *, sandboxed: bool = False) -> bytes:
    """``template`` (a path, or a template's bytes) rendered with ``data``; the partials come from
    templates/docx/. A province's template is rendered ``sandboxed``."""
    source = io.BytesIO(template) if isinstance(template, bytes) else template
    document = DocxTemplate(source)
    document.render(with_pictures(document, data), jinja_env=_environment(sandboxed=sandboxed), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
