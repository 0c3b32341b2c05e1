"""``python -m isotrail.services.documents.template_check KIND FORMAT < template``: render the sample of a kind of
document with an uploaded template, in a process of its own (services/documents/templates.py runs it, bounded in
memory and time), and print one JSON line: ``{"ok": true}`` or ``{"error": "<the engine's own message>"}``."""

from __future__ import annotations

import io
import json
import sys

from docx import Document as WordDocument

from isotrail.domain.documents.document import DocumentKind
from isotrail.services.documents.rendering import DocumentFormat, TenantTemplate, render
from isotrail.services.documents.samples import sample


def check(kind: DocumentKind, fmt: DocumentFormat, content: bytes) -> str | None:
    """None if ``content`` renders the sample into a Word file that opens; else the error's own message."""
    try:
        rendered = render(sample(kind), fmt, TenantTemplate(content, "tenant-check"))
        WordDocument(io.BytesIO(rendered.content))
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:500]
    return None


def main() -> None:
    error = check(DocumentKind(sys.argv[1]), DocumentFormat(sys.argv[2]), sys.stdin.buffer.read())
    print(json.dumps({"error": error} if error else {"ok": True}, ensure_ascii=False))


if __name__ == "__main__":
    main()
