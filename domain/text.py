"""Free text from users: NFC-normalised, trimmed, never empty, no longer than its field allows, and only
characters that :mod:`~isotrail.domain.refused_characters` lets through.

A text shows something only if it holds a letter, number, punctuation mark or symbol that is not
default-ignorable (Unicode's Default_Ignorable_Code_Point: zero-width characters, soft hyphens, Hangul
and Khmer fillers, variation selectors, tags…); one made only of spaces, default-ignorables or combining
marks without a base is as empty as "". Combining marks after a base letter (Vietnamese in NFD: "e" +
U+0302 + U+0301) are text like any other.
"""

from __future__ import annotations

import re
import unicodedata

from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.refused_characters import check_characters

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt, 15.1; unicodedata does not expose it)
_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]")
_BLANK_SYMBOLS = frozenset("\u2800")  # the braille blank: a symbol that shows nothing


def _visible(char: str) -> bool:
    """A letter, number, punctuation mark or symbol that shows (not default-ignorable, not a blank)."""
    return (unicodedata.category(char)[0] in "LNPS" and _DEFAULT_IGNORABLE.match(char) is None
            and char not in _BLANK_SYMBOLS)


def clean_text(value: str, field_name: str, *, max_length: int = 2000, multiline: bool = False) -> str:
    """``value`` in NFC with surrounding blanks removed; raises if it holds a refused character, shows
    nothing, or is too long. ``multiline`` fields (descriptions, notes, reasons, summaries) may hold tabs
    and line breaks."""
    text = value.strip()
    check_characters(text, field_name, multiline=multiline)  # before NFC: a lone surrogate is no text to normalise
    text = unicodedata.normalize("NFC", text)
    if not text:
        raise InvalidValueError(field_name=field_name, reason_vi="không được để trống",
                                reason_en="must not be empty")
    if not any(map(_visible, text)):
        raise InvalidValueError(field_name=field_name,
                                reason_vi="chỉ gồm ký tự không nhìn thấy (khoảng trắng, ký tự độ rộng 0, "
                                          "dấu kết hợp không có chữ cái…)",
                                reason_en="has only invisible characters (spaces, zero-width characters, "
                                          "combining marks without a letter…)")
    if len(text) > max_length:
        raise InvalidValueError(field_name=field_name,
                                reason_vi=f"dài quá {max_length} ký tự",
                                reason_en=f"longer than {max_length} characters")
    return text


def clean_optional_text(value: str | None, field_name: str, *, max_length: int = 2000,
                        multiline: bool = False) -> str | None:
    """None for nothing or blanks; otherwise as :func:`clean_text`."""
    if value is None or not value.strip():
        return None
    return clean_text(value, field_name, max_length=max_length, multiline=multiline)
