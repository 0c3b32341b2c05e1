"""Free text from users: NFC-normalised, trimmed, never empty."""

from __future__ import annotations

import re
import unicodedata

from isotrail.domain.errors import InvalidValueError

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]{0,63}")


def clean_text(value: str, field_name: str, *, max_length: int = 2000) -> str:
    """``value`` in NFC with surrounding blanks removed; raises if empty or too long."""
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise InvalidValueError(field_name=field_name, reason_vi="không được để trống",
                                reason_en="must not be empty")
    if len(text) > max_length:
        raise InvalidValueError(field_name=field_name,
                                reason_vi=f"dài quá {max_length} ký tự",
                                reason_en=f"longer than {max_length} characters")
    return text


def clean_optional_text(value: str | None, field_name: str, *, max_length: int = 2000) -> str | None:
    if value is None or not value.strip():
        return None
    return clean_text(value, field_name, max_length=max_length)


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
