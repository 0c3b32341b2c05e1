"""The characters no text of ours may hold: read models, documents and screens must hold and show every
text as it is. Checked in every free text of a command, and in the API's filter and search arguments.

Refused: control characters (C0, DEL, C1; tab and line breaks only in multi-line fields), lone
surrogates (not Unicode text: nothing can encode them, PostgreSQL refuses them as it refuses NUL),
noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+xFFFE and U+xFFFF: Unicode
keeps them for a program's internal use, never for interchange), and bidirectional controls, which make
text display in another order than it is stored (a name that reads "Sở Y tế" on screen but sorts and
searches as something else).
"""

from __future__ import annotations

import re

from isotrail.domain.input_errors import InvalidValueError

_SURROGATES = r"\ud800-\udfff"
_BIDI_CONTROLS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane + 0xfffe)}{chr(plane + 0xffff)}"
                                              for plane in range(0, 0x110000, 0x10000))
_LINE_BREAKS = "\n\r\u2028\u2029"
# every character refused on one line, and in a multi-line field (where tab and line breaks are text)
_UNSAFE = re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{_SURROGATES}{_NONCHARACTERS}{_BIDI_CONTROLS}]")
_UNSAFE_MULTILINE = re.compile(
    rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_SURROGATES}{_NONCHARACTERS}{_BIDI_CONTROLS}]")
_BIDI = re.compile(rf"[{_BIDI_CONTROLS}]")
_NONCHARACTER = re.compile(rf"[{_NONCHARACTERS}]")


def _refusal(char: str) -> tuple[str, str]:
    """Why ``char`` cannot be in a text, in Vietnamese and English."""
    point = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return (f"chứa nửa cặp thay thế (surrogate) {point} đứng một mình, không phải văn bản Unicode hợp lệ",
                f"contains a lone surrogate {point}, which is not valid Unicode text")
    if _BIDI.match(char):
        return (f"chứa ký tự điều khiển hướng chữ {point}, làm văn bản hiển thị khác với nội dung thật",
                f"contains the bidirectional control {point}, which makes text display unlike what it is")
    if _NONCHARACTER.match(char):
        return (f"chứa ký tự {point}, một mã không phải ký tự (noncharacter) không dùng để trao đổi văn bản",
                f"contains {point}, a noncharacter, which is not for interchange")
    if char in _LINE_BREAKS:
        return f"phải nằm trên một dòng (có ký tự xuống dòng {point})", f"must be one line (has the line break {point})"
    return f"chứa ký tự điều khiển {point}", f"contains the control character {point}"


def check_characters(value: str, field_name: str, *, multiline: bool = False) -> None:
    """Raises :class:`InvalidValueError` naming ``field_name`` when ``value`` holds a character no text of
    ours may hold (see the module's docstring); also used for the API's filter and search arguments."""
    unsafe = (_UNSAFE_MULTILINE if multiline else _UNSAFE).search(value)
    if unsafe is not None:
        reason_vi, reason_en = _refusal(unsafe.group())
        raise InvalidValueError(field_name=field_name, reason_vi=reason_vi, reason_en=reason_en)
