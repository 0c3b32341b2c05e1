"""``python -m isotrail.services.documents.template_check KIND FORMAT < template``: render the sample of a kind of
document with an uploaded template, in a process of its own (services/documents/templates.py runs it, bounded in
memory and time; it cuts itself off from the network first, as the rendering processes do), and print one JSON
line: ``{"ok": true}`` or ``{"error": "<the engine's own message>"}``."""

from __future__ import annotations

import io
import json
import sys

from isotrail.domain.documents.document import DocumentKind
from isotrail.services.documents.rendering import DocumentFormat, RenderedDocument, TenantTemplate, render
from isotrail.services.documents.samples import sample
from isotrail.services.documents.sandbox_worker import cut_off_network, engine_message


def _opens(rendered: RenderedDocument) -> None:
    """Raise unless the file opens as what it claims to be."""
    if rendered.format is DocumentFormat.PDF:
        if not rendered.content.startswith(b"%PDF-"):
            raise ValueError("the template did not make a PDF")
        return
    from docx import Document as WordDocument  # noqa: PLC0415 - python-docx only for a Word template

    WordDocument(io.BytesIO(rendered.content))


def check(kind: DocumentKind, fmt: DocumentFormat, content: bytes) -> str | None:
    """None if ``content`` renders the sample into a file that opens; else the error's own message."""
    try:
        _opens(render(sample(kind), fmt, TenantTemplate(content, "tenant-check")))
    except Exception as error:
        return engine_message(error)
    return None


def main() -> None:
    cut_off_network()
    error = check(DocumentKind(sys.argv[1]), DocumentFormat(sys.argv[2]), sys.stdin.buffer.read())
    print(json.dumps({"error": error} if error else {"ok": True}, ensure_ascii=False))


if __name__ == "__main__":
    main()
