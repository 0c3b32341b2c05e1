"""Free text at the command boundary (what is refused, naming the field), and the search and sort keys of
Vietnamese text: diacritics-blind search, dictionary order."""

from __future__ import annotations

import random
import unicodedata

import pytest

from isotrail.domain.collation import search_key, vietnamese_sort_key
from isotrail.domain.input_errors import InvalidValueError
from isotrail.domain.refused_characters import check_characters
from isotrail.domain.text import clean_optional_text, clean_text


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


# What free text may hold ------------------------------------------------------------------------------


INVISIBLE = "has only invisible characters (spaces, zero-width characters, combining marks without a letter…)"


@pytest.mark.parametrize(("value", "reason_en"), [
    ("Sở\x00Y tế", "contains the control character U+0000"),
    ("\x00", "contains the control character U+0000"),
    ("Sở\x1bY tế", "contains the control character U+001B"),
    ("Sở\x7fY tế", "contains the control character U+007F"),
    ("Sở\x85Y tế", "contains the control character U+0085"),  # C1
    ("Sở\x9bY tế", "contains the control character U+009B"),
    ("Sở\tY tế", "contains the control character U+0009"),  # no tab on one line
    ("Sở\nY tế", "must be one line (has the line break U+000A)"),
    ("Sở\r\nY tế", "must be one line (has the line break U+000D)"),
    ("Sở\u2028Y tế", "must be one line (has the line break U+2028)"),
    ("Sở\ud800Y tế", "contains a lone surrogate U+D800, which is not valid Unicode text"),
    ("\udfff", "contains a lone surrogate U+DFFF, which is not valid Unicode text"),
    ("Sở \u202eế t Y", "contains the bidirectional control U+202E, which makes text display unlike what it is"),
    ("\u202aSở", "contains the bidirectional control U+202A, which makes text display unlike what it is"),
    ("Sở\u2066Y\u2069", "contains the bidirectional control U+2066, which makes text display unlike what it is"),
    ("Sở\u200fY", "contains the bidirectional control U+200F, which makes text display unlike what it is"),
    ("Sở\u061cY", "contains the bidirectional control U+061C, which makes text display unlike what it is"),
    ("\u200b", INVISIBLE),
    ("\u200b\u200c\u200d\u2060\ufeff\u00ad \u3164\u2800\ufe0f",
     INVISIBLE),
    *[(invisible, INVISIBLE) for invisible in (  # default-ignorable, each alone
        "\u17b4", "\u17b5", "\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u180b", "\u180e", "\u180f",
        "\ufe00", "\ufe0f", "\U000e0100", "\U000e01ef", "\u2060", "\u2064", "\u206a", "\u206f", "\U000e0041",
        "\u17b4\u17b5 \u180e")],
    ("\u0301", INVISIBLE),  # a combining mark without a base
    ("\u0301\u0323\u0302 \u20dd", INVISIBLE),
    ("\u17b4\u0301", INVISIBLE),
    ("a\uffffb", "contains U+FFFF, a noncharacter, which is not for interchange"),
    ("Sở\ufffeY", "contains U+FFFE, a noncharacter, which is not for interchange"),
    ("\ufdd0", "contains U+FDD0, a noncharacter, which is not for interchange"),
    ("Sở\ufdefY", "contains U+FDEF, a noncharacter, which is not for interchange"),
    ("Sở\U0001fffeY", "contains U+1FFFE, a noncharacter, which is not for interchange"),
    ("Sở\U0010ffffY", "contains U+10FFFF, a noncharacter, which is not for interchange"),
])
def test_a_name_refuses_control_characters_lone_surrogates_bidi_controls_and_invisible_text(
    value: str, reason_en: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        clean_text(value, "name", max_length=300)
    error = caught.value
    assert (error.code, error.field, error.reason_en) == ("invalid_value", "name", reason_en)
    assert error.message_vi.startswith("Tên không hợp lệ: ")
    assert any(char in error.message_vi for char in "ýếờ")  # Vietnamese, with its diacritics
    assert value not in error.message_en  # the message names the character, never repeats the text


def test_the_vietnamese_reasons_name_what_is_wrong() -> None:
    reasons = {}
    for value in ("a\x00", "a\nb", "a\ud800", "a\u202e", "\u200b", "a\uffff"):
        with pytest.raises(InvalidValueError) as caught:
            clean_text(value, "name")
        reasons[value] = caught.value.reason_vi
    assert reasons == {
        "a\x00": "chứa ký tự điều khiển U+0000",
        "a\nb": "phải nằm trên một dòng (có ký tự xuống dòng U+000A)",
        "a\ud800": "chứa nửa cặp thay thế (surrogate) U+D800 đứng một mình, không phải văn bản Unicode hợp lệ",
        "a\u202e": "chứa ký tự điều khiển hướng chữ U+202E, làm văn bản hiển thị khác với nội dung thật",
        "\u200b": "chỉ gồm ký tự không nhìn thấy (khoảng trắng, ký tự độ rộng 0, dấu kết hợp không có chữ cái…)",
        "a\uffff": "chứa ký tự U+FFFF, một mã không phải ký tự (noncharacter) không dùng để trao đổi văn bản",
    }


def test_a_multiline_text_keeps_tabs_and_line_breaks_but_refuses_the_rest() -> None:
    text = "Chưa kiểm soát hồ sơ:\r\n\t- mục 7.5\n\t- mục 8.2\u2028hết"
    assert clean_text(f"  {text}\n", "description", multiline=True) == text
    assert clean_optional_text(f"{text}\n", "note", multiline=True) == text
    for bad in ("a\x00b", "a\x0bb", "a\x0cb", "a\x1fb", "a\x85b", "a\ud83db", "a\u202db", "a\u2067b"):
        with pytest.raises(InvalidValueError) as caught:
            clean_text(bad, "description", multiline=True)
        assert caught.value.field == "description"
    with pytest.raises(InvalidValueError) as caught:
        clean_optional_text("\x00", "note", multiline=True)
    assert caught.value.field == "note"


def test_visible_text_with_joiners_marks_and_surrounding_blanks_is_kept() -> None:
    assert clean_text("\u00a0Sở Y tế\u3000", "name") == "Sở Y tế"  # no-break and ideographic spaces trimmed
    assert clean_text("Sở\u00adY tế", "name") == "Sở\u00adY tế"  # a soft hyphen inside visible text is text
    assert clean_text("👩\u200d💻 tổ tin học", "name") == "👩\u200d💻 tổ tin học"  # a ZWJ sequence
    assert clean_text("😀", "name") == "😀"  # a surrogate pair in UTF-16 is one character here: accepted
    assert clean_text("Sở Y tế\n", "name") == "Sở Y tế"  # a pasted trailing line break is trimmed
    assert clean_text("ស\u17b6\u17b4", "name") == "ស\u17b6\u17b4"  # a default-ignorable after visible text
    assert clean_text("\u0301a", "name") == "\u0301a"  # a stray mark does not hide the letter after it
    assert clean_text("1", "name") == "1" and clean_text("§", "name") == "§" and clean_text("…", "name") == "…"


@pytest.mark.parametrize("name", ["Đặng Thị Ngọc Hòa", "Ủy ban nhân dân xã Đại Hải", "Sở Khoa học và Công nghệ",
                                  "Phường 5, thị xã Vĩnh Châu", "Huyện Mỹ Xuyên", "ỗ", "ự"])
def test_vietnamese_in_nfc_and_nfd_is_accepted_and_stored_in_nfc(name: str) -> None:
    for form in ("NFC", "NFD"):
        assert clean_text(unicodedata.normalize(form, name), "name") == unicodedata.normalize("NFC", name)


def test_a_lone_surrogate_is_refused_before_normalisation() -> None:
    decomposed = unicodedata.normalize("NFD", "Hòa") + "\udc00"
    with pytest.raises(InvalidValueError) as caught:
        clean_text(decomposed, "name")
    assert "U+DC00" in caught.value.reason_en
    assert clean_text(unicodedata.normalize("NFD", "Hòa Tú"), "name") == "Hòa Tú"  # still NFC


def test_check_characters_is_the_one_test_of_single_line_arguments() -> None:
    check_characters("Sở Y tế, so y te", "search")
    for bad in ("\x00", "\ud800", "\u202e", "\n", "a\uffff", "\ufdd0"):
        with pytest.raises(InvalidValueError) as caught:
            check_characters(bad, "search")
        assert caught.value.field == "search"
