"""A province's own template, checked before it is accepted: a tenant admin's upload replaces the repo's template
of one document in one format only once it is known to render. Two formats are taken: a DOCX document's Word file
(as the repo ships templates/van_ban.docx, with its Jinja tags and the shared partials), and a PDF document's Typst
source (as the repo ships templates/van_ban.typ); an XLSX is laid out by code.

An upload is hostile until shown otherwise, and each check is cheap before the next costs more:
- its base64 must decode, and the file be at most :data:`MAX_TEMPLATE_BYTES`;
- it must be a safe Word file or Typst text (template_files.py: zip bombs, entities, control characters);
- rendered with sample data (services/documents/samples.py) — a Word file in Jinja's sandbox (no attribute of
  Python's internals, no method changing a value), Typst source confined to templates/ with no package to fetch —
  in a process of its own (template_check.py), without the server's environment (its secrets), that may use at
  most :data:`CHECK_MEMORY_BYTES` and :data:`CHECK_SECONDS`: a template that loops for ever or eats memory is
  refused, and the server's own threads never run it first.
A refusal is :class:`TemplateRejectedError`, saying the template engine's own message (Jinja's, docxtpl's or
Typst's); nothing is recorded, so the previous version stays in use. Documents are later rendered from an accepted
template in the same kind of process (sandbox.py), with a deadline, since real records are not the sample."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass

from isotrail.domain.documents.document import DocumentKind
from isotrail.services.documents.rendering import FORMATS, DocumentFormat
from isotrail.services.documents.sandbox_worker import plain_environment
from isotrail.services.documents.template_files import safe_word_file, typst_source
from isotrail.services.documents.upload_errors import TemplateFormatError, TemplateRejectedError, rejected

__all__ = ["AcceptedTemplate", "TemplateFormatError", "TemplateRejectedError", "accept"]

MAX_TEMPLATE_BYTES = 512 * 1024  # a letterhead's Word file with a logo; base64 ≈ 700 K characters < a request's 1 MB
CHECK_SECONDS = 20.0
CHECK_MEMORY_BYTES = 1024 * 1024 * 1024
TEMPLATE_FORMATS = (DocumentFormat.DOCX, DocumentFormat.PDF)
FILE_CHECKS = {DocumentFormat.DOCX: safe_word_file, DocumentFormat.PDF: typst_source}


@dataclass(frozen=True)
class AcceptedTemplate:
    """A file that passed every check: its bytes, their sha256 and size."""

    content: bytes
    sha256: str
    byte_size: int


def accept(kind: DocumentKind, fmt: DocumentFormat, content_base64: str) -> AcceptedTemplate:
    """The upload, if it is a template of ``kind`` as ``fmt`` that renders; raises :class:`TemplateFormatError`
    or :class:`TemplateRejectedError`."""
    if fmt not in TEMPLATE_FORMATS or fmt not in FORMATS[kind]:
        raise TemplateFormatError(format=fmt.value.upper())
    if len(content_base64) > (MAX_TEMPLATE_BYTES + 2) // 3 * 4 + 4:
        raise rejected(f"tệp lớn hơn {MAX_TEMPLATE_BYTES // 1024} KB", f"larger than {MAX_TEMPLATE_BYTES} bytes")
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise rejected("nội dung không phải base64", "the content is not base64") from None
    if len(content) > MAX_TEMPLATE_BYTES:
        raise rejected(f"tệp lớn hơn {MAX_TEMPLATE_BYTES // 1024} KB", f"larger than {MAX_TEMPLATE_BYTES} bytes")
    FILE_CHECKS[fmt](content)
    _renders(kind, fmt, content)
    return AcceptedTemplate(content, hashlib.sha256(content).hexdigest(), len(content))


def _renders(kind: DocumentKind, fmt: DocumentFormat, content: bytes) -> None:
    """Render the sample of ``kind`` with the template in a process of its own, bounded in memory and time."""
    command = [sys.executable, "-m", "isotrail.services.documents.template_check", kind.value, fmt.value,
               str(CHECK_MEMORY_BYTES)]  # the process caps itself: no preexec_fn, unsafe in a threaded server
    try:
        done = subprocess.run(command, input=content, capture_output=True, timeout=CHECK_SECONDS,  # noqa: S603
                              env=plain_environment(os.environ), check=False)
    except subprocess.TimeoutExpired:
        raise rejected(f"dựng thử mất quá {CHECK_SECONDS:g} giây",
                       f"rendering the sample took over {CHECK_SECONDS:g} seconds") from None
    try:
        answer = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = {"error": f"the check stopped (exit {done.returncode}; out of memory?)"}
    if answer.get("error"):
        raise rejected(f"dựng thử với dữ liệu mẫu thất bại: {answer['error']}",
                       f"rendering the sample failed: {answer['error']}")
