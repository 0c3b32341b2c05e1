"""``python -m isotrail.services.documents.template_check KIND FORMAT MEMORY_BYTES < template``: render the sample of
a kind of document with an uploaded template, in a process of its own (services/documents/templates.py runs it,
bounded in time, with the server's environment left out), and print one JSON line: ``{"ok": true}`` or
``{"error": "<the engine's own message>"}``. It confines itself first, as the rendering processes do
(sandbox_worker.py): its address space capped at MEMORY_BYTES before it imports a renderer, no network."""

from __future__ import annotations

import io
import json
import sys
from typing import TYPE_CHECKING

from isotrail.services.documents.sandbox_worker import confine, engine_message

if TYPE_CHECKING:
    from isotrail.domain.documents.document import DocumentKind
    from isotrail.services.documents.rendering import DocumentFormat, RenderedDocument


def _opens(rendered: RenderedDocument) -> None:
    """Raise unless the file opens as what it claims to be."""
    from isotrail.services.documents.rendering import DocumentFormat  # noqa: PLC0415 - after the cap (main)

    if rendered.format is DocumentFormat.PDF:
        if not rendered.content.startswith(b"%PDF-"):
            raise ValueError("the template did not make a PDF")
        return
    from docx import Document as WordDocument  # noqa: PLC0415 - python-docx only for a Word template

    WordDocument(io.BytesIO(rendered.content))


def check(kind: DocumentKind, fmt: DocumentFormat, content: bytes) -> str | None:
    """None if ``content`` renders the sample into a file that opens; else the error's own message."""
    from isotrail.services.documents.rendering import TenantTemplate, render  # noqa: PLC0415 - after the cap
    from isotrail.services.documents.samples import sample  # noqa: PLC0415

    try:
        _opens(render(sample(kind), fmt, TenantTemplate(content, "tenant-check")))
    except Exception as error:
        return engine_message(error)
    return None


def main() -> None:
    confine(int(sys.argv[3]))
    from isotrail.domain.documents.document import DocumentKind  # noqa: PLC0415 - after the cap
    from isotrail.services.documents.rendering import DocumentFormat  # noqa: PLC0415

    error = check(DocumentKind(sys.argv[1]), DocumentFormat(sys.argv[2]), sys.stdin.buffer.read())
    print(json.dumps({"error": error} if error else {"ok": True}, ensure_ascii=False))


if __name__ == "__main__":
    main()
