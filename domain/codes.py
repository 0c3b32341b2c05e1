"""Natural-key codes (a unit's or a programme's code, a catalogue version, a check item's code): what
identities and catalogue look-ups are built from, so plain ASCII with no spaces, never free text."""

from __future__ import annotations

import re

from isotrail.domain.input_errors import InvalidValueError

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]{0,63}")


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
