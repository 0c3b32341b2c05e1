"""DOCX and XLSX files are zip archives, which the libraries write with the time of writing in every entry: the
same facts rendered a second later would be another file, with another sha256, and a signed link (which names
the sha256) could never be served again. :func:`reproducible` dates every entry with the document's own date."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

EARLIEST = datetime(1980, 1, 1)  # a zip entry's date cannot be earlier


def reproducible(content: bytes, stamped: datetime) -> bytes:
    """The zip ``content`` with every entry dated ``stamped`` (names, order, bytes and compression kept)."""
    when = max(stamped.replace(tzinfo=None), EARLIEST).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as given, zipfile.ZipFile(out, "w") as written:
        for entry in given.infolist():
            dated = zipfile.ZipInfo(entry.filename, date_time=when)
            dated.compress_type, dated.external_attr = entry.compress_type, entry.external_attr
            written.writestr(dated, given.read(entry))
    return out.getvalue()
