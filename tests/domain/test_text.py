"""Search and sort keys of Vietnamese text: diacritics-blind search, dictionary order."""

from __future__ import annotations

import random
import unicodedata

import pytest

from isotrail.domain.text import search_key, vietnamese_sort_key


@pytest.mark.parametrize(("text", "key"), [
    ("Hòa Tú", "hoa tu"),
    ("  Sở   Khoa học và Công nghệ ", "so khoa hoc va cong nghe"),
    ("ĐẠI NGÃI", "dai ngai"),
    ("Ủy ban nhân dân xã Đại Hải", "uy ban nhan dan xa dai hai"),
    ("Straße", "strasse"),
])
def test_the_search_key_drops_diacritics_and_case(text: str, key: str) -> None:
    assert search_key(text) == key
    assert search_key(unicodedata.normalize("NFD", text)) == key  # whatever the input's normal form


def test_the_sort_key_orders_words_as_a_vietnamese_dictionary_does() -> None:
    dictionary_order = ["an", "ăn", "ân", "bà", "Bình", "cá", "chợ", "dân", "Đà Nẵng", "đi", "em", "êm",
                        "ma", "mà", "mả", "mã", "má", "mạ", "o", "ô", "ơ", "u", "ư", "xã", "ý"]
    shuffled = random.Random(7).sample(dictionary_order, len(dictionary_order))  # noqa: S311 - a fixed test order
    assert sorted(shuffled, key=vietnamese_sort_key) == dictionary_order
    assert vietnamese_sort_key("Đà Nẵng") == vietnamese_sort_key(unicodedata.normalize("NFD", "đà nẵng"))
