"""A province's own template, checked before it is accepted: a tenant admin's upload replaces the repo's template
of one document in one format only once it is known to render. Only DOCX templates are taken (the Word file the
repo ships as templates/van_ban.docx, with its Jinja tags and the shared partials); a PDF follows the repo's
Typst layout and an XLSX is laid out by code.

An upload is hostile until shown otherwise, and each check is cheap before the next costs more:
- its base64 must decode, and the file be at most :data:`MAX_TEMPLATE_BYTES`;
- as a zip, at most :data:`MAX_ENTRIES` entries, :data:`MAX_UNZIPPED_BYTES` unpacked in all (a zip bomb is
  refused from its directory, before anything is inflated), no entry more than :data:`MAX_RATIO` times its
  packed size, no name leaving the archive; a Word document's parts all present;
- no XML part declares a DOCTYPE or an entity (billion laughs, external entities);
- rendered with sample data (services/documents/samples.py) in Jinja's sandbox (no attribute of Python's
  internals, no method changing a value), in a process of its own (template_check.py) that may use at most
  :data:`CHECK_MEMORY_BYTES` and :data:`CHECK_SECONDS`: a template that loops for ever or eats memory is
  refused, and the server's own threads never run it first.
A refusal is :class:`TemplateRejectedError`, saying the template engine's own message; nothing is recorded, so
the previous version stays in use."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import resource
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from isotrail.domain.documents.document import DocumentKind
from isotrail.domain.errors import IsotrailError
from isotrail.services.documents.rendering import FORMATS, DocumentFormat

MAX_TEMPLATE_BYTES = 512 * 1024  # a letterhead's Word file with a logo; base64 ≈ 700 K characters < a request's 1 MB
MAX_ENTRIES = 300
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_RATIO = 200
CHECK_SECONDS = 20.0
CHECK_MEMORY_BYTES = 1024 * 1024 * 1024
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
TEMPLATE_FORMATS = (DocumentFormat.DOCX,)


class TemplateRejectedError(IsotrailError):
    """An uploaded template was refused: it is not a safe Word file, or it does not render (the engine says why)."""

    code = "template_rejected"
    field = "content_base64"  # the command's field (a mutation's userErrors give its path in the input)
    template_vi = "Mẫu văn bản không được chấp nhận: {reason_vi}. Mẫu đang dùng vẫn giữ nguyên."
    template_en = "The template was refused: {reason_en}. The template in use stays."


class TemplateFormatError(IsotrailError):
    """A template was uploaded for a format a province may not replace."""

    code = "template_format_unsupported"
    field = "format"
    template_vi = "Chỉ thay được mẫu văn bản Word (DOCX) của loại văn bản được lập ở định dạng này."
    template_en = "Only the Word (DOCX) template of a document printed as DOCX can be replaced ({format} asked)."


@dataclass(frozen=True)
class AcceptedTemplate:
    """A file that passed every check: its bytes, their sha256 and size."""

    content: bytes
    sha256: str
    byte_size: int


def _rejected(reason_vi: str, reason_en: str) -> TemplateRejectedError:
    return TemplateRejectedError(reason_vi=reason_vi, reason_en=reason_en)


def accept(kind: DocumentKind, fmt: DocumentFormat, content_base64: str) -> AcceptedTemplate:
    """The upload, if it is a template of ``kind`` as ``fmt`` that renders; raises :class:`TemplateFormatError`
    or :class:`TemplateRejectedError`."""
    if fmt not in TEMPLATE_FORMATS or fmt not in FORMATS[kind]:
        raise TemplateFormatError(format=fmt.value.upper())
    if len(content_base64) > (MAX_TEMPLATE_BYTES + 2) // 3 * 4 + 4:
        raise _rejected(f"tệp lớn hơn {MAX_TEMPLATE_BYTES // 1024} KB", f"larger than {MAX_TEMPLATE_BYTES} bytes")
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise _rejected("nội dung không phải base64", "the content is not base64") from None
    if len(content) > MAX_TEMPLATE_BYTES:
        raise _rejected(f"tệp lớn hơn {MAX_TEMPLATE_BYTES // 1024} KB", f"larger than {MAX_TEMPLATE_BYTES} bytes")
    _safe_word_file(content)
    _renders(kind, fmt, content)
    return AcceptedTemplate(content, hashlib.sha256(content).hexdigest(), len(content))


def _safe_word_file(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError):
        raise _rejected("không phải tệp Word (DOCX)", "not a Word (DOCX) file") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise _rejected(f"tệp nén có hơn {MAX_ENTRIES} phần", f"more than {MAX_ENTRIES} entries")
        if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
            raise _rejected("tệp nén bung ra quá lớn", f"more than {MAX_UNZIPPED_BYTES} bytes unpacked")
        for entry in entries:
            path = PurePosixPath(entry.filename)
            if path.is_absolute() or ".." in path.parts or "\\" in entry.filename:
                raise _rejected("tên phần trong tệp nén không hợp lệ", f"entry name {entry.filename!r}")
            if entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                raise _rejected("tệp nén có phần bung ra bất thường", f"entry {entry.filename!r} inflates too much")
        names = {entry.filename for entry in entries}
        if any(part not in names for part in REQUIRED_PARTS):
            raise _rejected("không phải tệp Word (DOCX)", "not a Word (DOCX) file: parts are missing")
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                head = archive.read(entry)
                if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                    raise _rejected("tệp XML khai báo DOCTYPE/ENTITY", f"{entry.filename} declares a DOCTYPE or entity")


def _limits() -> None:  # pragma: no cover - runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (CHECK_MEMORY_BYTES, CHECK_MEMORY_BYTES))


def _renders(kind: DocumentKind, fmt: DocumentFormat, content: bytes) -> None:
    """Render the sample of ``kind`` with the template in a process of its own, bounded in memory and time."""
    command = [sys.executable, "-m", "isotrail.services.documents.template_check", kind.value, fmt.value]
    try:
        done = subprocess.run(command, input=content, capture_output=True, timeout=CHECK_SECONDS,  # noqa: S603
                              preexec_fn=_limits, check=False)
    except subprocess.TimeoutExpired:
        raise _rejected(f"dựng thử mất quá {CHECK_SECONDS:g} giây",
                        f"rendering the sample took over {CHECK_SECONDS:g} seconds") from None
    try:
        answer = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = {"error": f"the check stopped (exit {done.returncode}; out of memory?)"}
    if answer.get("error"):
        raise _rejected(f"dựng thử với dữ liệu mẫu thất bại: {answer['error']}",
                        f"rendering the sample failed: {answer['error']}")
