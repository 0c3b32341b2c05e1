"""Is an uploaded file a template at all? The cheap checks before one is rendered (services/documents/templates.py),
each refusing with :class:`TemplateRejectedError` before the next costs more.

A Word file (DOCX): as a zip, at most :data:`MAX_ENTRIES` entries, :data:`MAX_UNZIPPED_BYTES` unpacked in all (a zip
bomb is refused from its directory, before anything is inflated), no entry more than :data:`MAX_RATIO` times its
packed size, no name leaving the archive; a Word document's parts all present; no part that is XML — whatever its
name or encoding (UTF-16 too) — declaring a DOCTYPE or an entity (billion laughs, external entities); no
relationship but a hyperlink pointing outside the file (``TargetMode="External"``: a remote template, a linked
picture or object, which every Word opening a printed document would fetch); no field that fetches or runs
something (word_fields.py: DDEAUTO, INCLUDEPICTURE, …); no active content (macros, embedded OLE objects, ActiveX).

Typst source (a PDF's template): UTF-8 text without NUL or other control characters but tab and line breaks."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from lxml import etree

from isotrail.services.documents.upload_errors import rejected
from isotrail.services.documents.word_fields import fetching_fields

MAX_ENTRIES = 300
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_RATIO = 200
ACTIVE_PARTS = ("word/vbaproject", "word/vbadata", "word/embeddings/", "word/activex/")  # macros, OLE, ActiveX
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
SAFE_XML = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)  # reads a DTD, never follows it
EXTERNAL_ALLOWED = ("/hyperlink",)  # the relationship types that may point outside the file
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # every C0 control and DEL but tab and line breaks


def safe_word_file(content: bytes) -> None:
    """Refuse ``content`` unless it is a zip shaped like a Word document, safe to inflate and to parse."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError):
        raise rejected("không phải tệp Word (DOCX)", "not a Word (DOCX) file") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise rejected(f"tệp nén có hơn {MAX_ENTRIES} phần", f"more than {MAX_ENTRIES} entries")
        if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
            raise rejected("tệp nén bung ra quá lớn", f"more than {MAX_UNZIPPED_BYTES} bytes unpacked")
        for entry in entries:
            path = PurePosixPath(entry.filename)
            if path.is_absolute() or ".." in path.parts or "\\" in entry.filename:
                raise rejected("tên phần trong tệp nén không hợp lệ", f"entry name {entry.filename!r}")
            if entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                raise rejected("tệp nén có phần bung ra bất thường", f"entry {entry.filename!r} inflates too much")
        for entry in entries:
            if entry.filename.lower().startswith(ACTIVE_PARTS):
                raise rejected("tệp Word chứa macro, đối tượng nhúng hoặc ActiveX",
                               f"{entry.filename}: macros, embedded objects and ActiveX have no place in a template")
        names = {entry.filename for entry in entries}
        if any(part not in names for part in REQUIRED_PARTS):
            raise rejected("không phải tệp Word (DOCX)", "not a Word (DOCX) file: parts are missing")
        if b"macroenabled" in archive.read("[Content_Types].xml").lower():
            raise rejected("tệp Word có macro", "a macro-enabled document (its content types say so)")
        for entry in entries:
            _plain_xml(entry.filename, archive.read(entry))
    fields = fetching_fields(content)
    if fields:
        raise rejected(f"tệp Word có trường lấy dữ liệu hoặc chạy lệnh bên ngoài ({', '.join(fields)})",
                       f"a field that fetches or runs something outside the file ({', '.join(fields)})")


def _plain_xml(name: str, data: bytes) -> None:
    """Refuse the part ``name`` if it declares a DTD (in bytes as written, or once its NULs of UTF-16/32 are
    dropped, or as the XML parser reads it in any encoding), or if it is a part's relationships pointing outside
    the file other than by a hyperlink."""
    if any(b"<!DOCTYPE" in text or b"<!ENTITY" in text for text in (data.upper(), data.replace(b"\0", b"").upper())):
        raise rejected("tệp XML khai báo DOCTYPE/ENTITY", f"{name} declares a DOCTYPE or entity")
    try:
        tree = etree.fromstring(data, SAFE_XML)
    except (etree.XMLSyntaxError, ValueError):  # not XML (a picture, say)
        return
    if tree.getroottree().docinfo.doctype:
        raise rejected("tệp XML khai báo DOCTYPE/ENTITY", f"{name} declares a DOCTYPE or entity")
    if name.endswith(".rels"):
        for relationship in tree.iter("{*}Relationship"):
            kind = relationship.get("Type", "")
            if relationship.get("TargetMode") == "External" and not kind.endswith(EXTERNAL_ALLOWED):
                raise rejected("tệp Word tham chiếu tài nguyên bên ngoài",
                               f"{name}: an External relationship of type {kind.rsplit('/', 1)[-1]!r}")


def typst_source(content: bytes) -> None:
    """Refuse ``content`` unless it is UTF-8 text (Typst's source), without control characters."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise rejected("không phải văn bản Typst (UTF-8)", f"not Typst source (UTF-8): {error}") from None
    bad = CONTROLS.search(text)
    if bad is not None:
        raise rejected("mã nguồn Typst chứa ký tự điều khiển", f"Typst source holds control character {bad[0]!r}")
