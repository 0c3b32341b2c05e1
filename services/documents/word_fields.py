"""Fields in a Word file that reach outside it when the document is opened: DDE/DDEAUTO run a command, and
INCLUDE/INCLUDEPICTURE/INCLUDETEXT/IMPORT/LINK/DATABASE read a file or URL (a UNC path hands the reader's Windows
credentials to whoever serves it). A province's template must hold none (template_files.py refuses the upload),
and neither may a file rendered from it, since its Jinja can write WordprocessingML (sandbox.py refuses the file).
A field's instruction is read as Word reads it: a ``w:fldSimple``'s ``w:instr``, or the ``w:instrText`` runs
between a ``w:fldChar`` begin and its end, however many runs it is split into; its first word names it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FETCHING = frozenset({"DDE", "DDEAUTO", "INCLUDE", "INCLUDEPICTURE", "INCLUDETEXT", "IMPORT", "LINK", "DATABASE"})
PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)


def fetching_fields(content: bytes) -> list[str]:
    """The names of the fields of the Word file ``content`` that fetch or run something, each once, in order."""
    found: dict[str, None] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                try:
                    tree = etree.fromstring(archive.read(name), PARSER)
                except (etree.XMLSyntaxError, ValueError):
                    continue  # not XML: no field
                for instruction in _instructions(tree):
                    words = instruction.split()
                    if words and words[0].upper() in FETCHING:
                        found[words[0].upper()] = None
    return list(found)


def _instructions(tree: etree._Element) -> Iterator[str]:
    """Every field instruction of a part, inner fields before the fields holding them."""
    open_fields: list[list[str]] = []
    for element in tree.iter(f"{W}fldSimple", f"{W}fldChar", f"{W}instrText"):
        if element.tag == f"{W}fldSimple":
            yield element.get(f"{W}instr", "")
        elif element.tag == f"{W}instrText":
            if open_fields:
                open_fields[-1].append(element.text or "")
            else:
                yield element.text or ""
        elif element.get(f"{W}fldCharType") == "begin":
            open_fields.append([])
        elif element.get(f"{W}fldCharType") == "end" and open_fields:
            yield "".join(open_fields.pop())
    for unclosed in open_fields:
        yield "".join(unclosed)
