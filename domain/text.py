"""Free text from users: NFC-normalised, trimmed, never empty, and only characters that read models,
documents and screens can hold and show as they are.

Refused: control characters (C0, DEL, C1; tab and line breaks only in multi-line fields), lone
surrogates (not Unicode text: nothing can encode them, PostgreSQL refuses them as it refuses NUL),
noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+xFFFE and U+xFFFF: Unicode
keeps them for a program's internal use, never for interchange), and bidirectional controls, which make
text display in another order than it is stored (a name that reads "Sở Y tế" on screen but sorts and
searches as something else). A text shows something only if it holds a letter, number, punctuation
mark or symbol that is not default-ignorable (Unicode's Default_Ignorable_Code_Point: zero-width
characters, soft hyphens, Hangul and Khmer fillers, variation selectors, tags…); one made only of
spaces, default-ignorables or combining marks without a base is as empty as "". Combining marks after a
base letter (Vietnamese in NFD: "e" + U+0302 + U+0301) are text like any other.
"""

from __future__ import annotations

import re
import unicodedata

from isotrail.domain.input_errors import InvalidValueError

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]{0,63}")

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
# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt, 15.1; unicodedata does not expose it)
_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]")
_BLANK_SYMBOLS = frozenset("\u2800")  # the braille blank: a symbol that shows nothing


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


def clean_code(value: str, field_name: str) -> str:
    """A natural-key code: letters, digits and ``. _ / + -``, at most 64 characters."""
    code = value.strip()
    if not _CODE.fullmatch(code):
        raise InvalidValueError(
            field_name=field_name,
            reason_vi="chỉ gồm chữ, số và các ký tự . _ / + - (tối đa 64 ký tự)",
            reason_en="only letters, digits and . _ / + - (at most 64 characters)",
        )
    return code
