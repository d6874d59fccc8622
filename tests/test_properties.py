"""Properties (hypothesis) of the text tools every matcher and every log line relies on:
the FAQ normaliser, folding, cleaning of user input, and masking of numbers in logs.
Idempotence of the normaliser and NFC/NFD on Vietnamese text are in ``test_normalize.py``;
these add arbitrary Unicode, diacritics, case, and the whole FAQ engine.

Each holds for arbitrary Unicode text (never raises) and for Vietnamese text typed in any
of the ways producers type it (NFC or NFD, with or without diacritics, any case).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.logs import mask_numbers
from knowledge.answers import AnswerKind, FaqEngine
from knowledge.normalize import Normalizer
from knowledge.replies import Texts
from knowledge.text import clean_user_text, fold, nfc, strip_marks

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + "0123456789 ,.?!-/"),
    max_size=80,
)
any_text = st.text(max_size=200)
RUN_OF_9_DIGITS = re.compile(r"\d{9}")


@cache
def engine() -> FaqEngine:
    return FaqEngine.load(KNOWLEDGE, Texts.load(KNOWLEDGE / "replies"))


def normalizer() -> Normalizer:
    return engine().matcher.normalizer


# -- the FAQ normaliser -------------------------------------------------------------


NO_DEADLINE = settings(deadline=None)  # the first example loads and indexes the FAQ


@NO_DEADLINE
@given(vietnamese_text)
def test_normalize_gives_ascii_words_for_vietnamese(text: str) -> None:
    assert normalizer().normalize(text).isascii()


@NO_DEADLINE
@given(any_text)
def test_normalize_reads_nfd_like_nfc_for_any_unicode(text: str) -> None:
    norm = normalizer()
    nfd = unicodedata.normalize("NFD", text)
    assert norm.normalize(nfd) == norm.normalize(unicodedata.normalize("NFC", text))


@NO_DEADLINE
@given(vietnamese_text)
def test_normalize_ignores_diacritics_and_case(text: str) -> None:
    norm = normalizer()
    key = norm.normalize(text)
    assert norm.normalize(strip_marks(text)) == key
    assert norm.normalize(text.upper()) == key
    assert norm.normalize(text.lower()) == key


@settings(max_examples=60, deadline=None)
@given(any_text)
def test_the_faq_engine_answers_anything_without_raising(text: str) -> None:
    answer = engine().answer(text)
    assert isinstance(answer.kind, AnswerKind)
    if answer.matched:  # whatever it answers names its document
        assert answer.sources and all(s.strip() for s in answer.sources)


# -- folding and cleaning -----------------------------------------------------------


@given(any_text)
def test_fold_is_idempotent_and_reads_nfd_like_nfc(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(unicodedata.normalize("NFD", text)) == fold(nfc(text))


@given(any_text)
def test_clean_user_text_is_idempotent_nfc_without_controls(text: str) -> None:
    cleaned = clean_user_text(text)
    assert clean_user_text(cleaned) == cleaned
    assert cleaned == nfc(cleaned)
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in cleaned)
    assert cleaned == cleaned.strip()


# -- masking in logs ----------------------------------------------------------------


@given(any_text)
def test_masking_is_idempotent_and_leaves_no_long_number(text: str) -> None:
    masked = mask_numbers(text)
    assert mask_numbers(masked) == masked
    ascii_digits = "".join(ch if ch in "0123456789" else " " for ch in masked)
    assert not RUN_OF_9_DIGITS.search(ascii_digits)


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=200))
def test_text_without_digits_is_not_touched_by_masking(text: str) -> None:
    assert mask_numbers(text) == text


@given(st.from_regex(r"0[35789]\d{8}", fullmatch=True), st.sampled_from(["", " ", ".", "-"]))
def test_a_phone_number_is_masked_however_it_is_grouped(phone: str, sep: str) -> None:
    grouped = sep.join((phone[:4], phone[4:7], phone[7:]))
    masked = mask_numbers(f"sđt {grouped} nhé")
    assert phone[3:8] not in masked.replace(sep, "") if sep else phone[3:8] not in masked
    assert masked.count("*") == 5
