"""Keys for ordering and finding Vietnamese names: dictionary order for ``COLLATE "C"`` columns, and search
without diacritics ("ho tu" finds "Hòa Tú").

The read models key every name they write, so each key is made per character from a table filled on first
sight, by C loops rather than a Python loop per character.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}  # huyền hỏi ngã sắc nặng


class _PerCharacter(dict[str, str]):
    """A character → string table filled on first sight, so that keys of long texts are made by C loops
    (``"".join(map(table.__getitem__, text))``): the read models key every name they write."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, char: str) -> str:
        value = self[char] = self.make(char)
        return value

    def apply(self, text: str) -> str:
        return "".join(map(self.__getitem__, text))


def _unmarked(char: str) -> str:
    """The character without its diacritics (đ becomes d); a lone combining mark becomes nothing."""
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


_UNMARKED = _PerCharacter(_unmarked)


def search_key(text: str) -> str:
    """Lower-case text without diacritics, so that "ho tu" finds "Hòa Tú" (đ becomes d)."""
    return " ".join(_UNMARKED.apply(unicodedata.normalize("NFC", text)).casefold().split())


def _letter_key(char: str) -> tuple[str, str]:
    """(primary, tone) of one lower-case character: its rank in the alphabet, and its tone mark."""
    base, *marks = unicodedata.normalize("NFD", char)
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    rank = _ALPHABET.find(letter) if len(letter) == 1 else -1
    if rank < 0:
        return char, ""
    return chr(0x100 + rank), next((_TONES[m] for m in marks if m in _TONES), "0")


def vietnamese_sort_key(text: str) -> str:
    """A key whose code-point order (``COLLATE "C"``) is Vietnamese dictionary order.

    Letters sort by the Vietnamese alphabet (a ă â b c d đ e ê …), case-insensitively; tones
    (none, huyền, hỏi, ngã, sắc, nặng) only break ties between otherwise equal words.
    """
    folded = unicodedata.normalize("NFC", text).casefold()
    return _PRIMARY.apply(folded) + "\x01" + _TONE.apply(folded)


_PRIMARY = _PerCharacter(lambda char: _letter_key(char)[0])
_TONE = _PerCharacter(lambda char: _letter_key(char)[1])
