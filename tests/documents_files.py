"""Files to upload as a province's template: Word files made from the repo's van_ban.docx (its body changed, or a
file made to be hostile: a zip bomb, an XML entity), and Typst sources made from the repo's van_ban.typ."""

from __future__ import annotations

import base64
import io
import zipfile

from isotrail.services.documents.default_templates import TEMPLATE
from isotrail.services.documents.pdf import TEMPLATES

LETTERHEAD = "MẪU RIÊNG CỦA TỈNH THỬ NGHIỆM"


def with_body(change: str = "", *, before: str = '{%p include "frame_top.xml" %}') -> bytes:
    """The repo's template with ``change`` (WordprocessingML text) put where ``before`` is, before it."""
    return rewritten({"word/document.xml": lambda xml: xml.replace(
        f"<w:p><w:r><w:t>{before}</w:t></w:r></w:p>", change + f"<w:p><w:r><w:t>{before}</w:t></w:r></w:p>", 1)})


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def rewritten(changes: dict[str, object], extra: dict[str, bytes] | None = None) -> bytes:
    """The repo's template with some parts' text changed (a function of the part's text) and ``extra`` parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(TEMPLATE.read_bytes())) as given, zipfile.ZipFile(out, "w",
                                                                                      zipfile.ZIP_DEFLATED) as made:
        for entry in given.infolist():
            data = given.read(entry)
            if entry.filename in changes:
                data = changes[entry.filename](data.decode()).encode()  # type: ignore[operator]
            made.writestr(entry.filename, data)
        for name, data in (extra or {}).items():
            made.writestr(name, data)
    return out.getvalue()


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def typst_letterhead(text: str = LETTERHEAD) -> bytes:
    """The repo's van_ban.typ with a line of ``text`` under the header, as a province would change its letterhead."""
    source = (TEMPLATES / "van_ban.typ").read_text(encoding="utf-8")
    line = f'  align(center, text(weight: "bold", "{text}"))\n'
    changed = source.replace("  header(frame)\n", "  header(frame)\n" + line, 1)
    assert changed != source
    return changed.encode()
