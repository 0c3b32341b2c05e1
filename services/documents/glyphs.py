"""What a PDF can print: the characters every shipped face (fonts/) maps to a glyph. Typst is given those faces
alone (pdf.py), so a character none holds — Chinese, an emoji, a check mark typed into a finding — would be left
out of the page without a word, a blank in a signed paper. :func:`unprintable` finds such characters in a
document's data before it is rendered as PDF (rendering.py, sandbox.py refuse it then)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from fontTools.ttLib import TTFont

from isotrail.services.documents.pdf import FONTS

INVISIBLE = ("Cc", "Cf", "Zl", "Zp")  # controls and format characters (soft hyphen, joiners): nothing to draw


@cache
def printable() -> frozenset[int]:
    """The code points every shipped face (regular, bold, italic, bold italic) has a glyph for."""
    faces = [set(TTFont(path).getBestCmap()) for path in sorted(FONTS.glob("*.ttf"))]
    return frozenset(set.intersection(*faces))


def unprintable(data: Any) -> list[str]:
    """The characters of ``data``'s texts no shipped face prints, each once, in the order they first appear
    (spaces and invisible characters are not drawn, so never missing)."""
    drawable, missing = printable(), dict[str, None]()
    for text in _texts(data):
        for char in text:
            if ord(char) not in drawable and not char.isspace() and unicodedata.category(char) not in INVISIBLE:
                missing[char] = None
    return list(missing)


def _texts(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _texts(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _texts(value)
