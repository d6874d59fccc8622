"""The question normaliser: what producers type becomes one matching key."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.normalize import is_syllable, telex_repair, unify_iy
from tests.support.faq_support import engine

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
TEXT = st.text(
    alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " 0123456789?!,./-"), max_size=60
)


def normalize(text: str) -> str:
    return engine().matcher.normalizer.normalize(text)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Sản phẩm OCOP là gì?", "san pham ocop la gi"),
        ("ĐĂNG KÝ", "dang ki"),
        ("đăng kí", "dang ki"),
        ("sp dat bn diem thi dc 4 sao", "san pham dat bao nhieu diem thi duoc 4 sao"),
        ("hkd co tham gia dc ko ad", "ho kinh doanh co tham gia duoc khong admin"),
        ("htx ntn", "hop tac xa nhu the nao"),
        ("ocop la gi z", "ocop la gi vay"),
        ("sp dat 95d thi sao", "san pham dat 95 diem thi sao"),
        ("khongggg", "khong"),
    ],
)
def test_diacritics_case_abbreviations_and_teencode_are_normalised(typed: str, key: str) -> None:
    assert normalize(typed) == key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("ddawng kys ocop caafn giaasy towf gif", "dang ki ocop can giay to gi"),
        ("sarn phaarm ocop laf gif", "san pham ocop la gi"),
        ("nuwowcs mawms cos dduwowcj ocop khoong", "nuoc mam co duoc ocop khong"),
        ("giays chuwngs nhaanj ocop", "giay chung nhan ocop"),
    ],
)
def test_telex_leftovers_are_repaired_towards_the_knowledge_vocabulary(
    typed: str, key: str
) -> None:
    assert normalize(typed) == key


@pytest.mark.parametrize(
    ("typed", "key"),
    [("ocpo", "ocop"), ("phan hnag", "phan hang"), ("chu trnh", "chu trinh"), ("nhón", "nhom")],
)
def test_common_typos_are_repaired(typed: str, key: str) -> None:
    assert normalize(typed) == key


def test_acronyms_and_loanwords_are_not_turned_into_vietnamese_words() -> None:
    assert normalize("thpt sjc shopee") == "thpt sjc shopee"


def test_building_blocks() -> None:
    assert telex_repair("dduwowcj") == "duoc"
    assert unify_iy("ky") == "ki" and unify_iy("quy") == "quy" and unify_iy("y") == "y"
    assert is_syllable("nghieng") and not is_syllable("khoong") and not is_syllable("ocop")


@pytest.mark.parametrize("text", ["OBY", "JY", "ddawng kys", "ky", "phaamr", "0ĐĐ"])
def test_normalising_twice_changes_nothing_for_known_tricky_words(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_nfc_and_nfd_input_give_the_same_key(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert normalize(nfc) == normalize(nfd)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_normalises_to_plain_words_idempotently(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip() and "  " not in once
