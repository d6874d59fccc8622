"""Issue 15, round 6 of the FAQ: a misspelt word that still looks like a syllable read from
its neighbours ("xap nhap", "ngya nao"), producers' words for the knowledge base's concepts,
facts an entry lacked, and routing rules written as words in the data files."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.normalize import Abbreviations, Normalizer
from knowledge.typo_context import candidates
from tests.support.chat import ChatClient
from tests.support.faq_support import engine

TODAY = dt.date(2026, 12, 6)


def _normalizer() -> Normalizer:
    vocabulary = {"sap": 10, "nhap": 10, "tu": 50, "ngay": 40, "nao": 30, "trach": 5,
                  "nhiem": 5, "chiu": 5, "lam": 9, "giay": 9, "chung": 9, "nhan": 9}  # fmt: skip
    pairs = {("sap", "nhap"): 3, ("tu", "ngay"): 9, ("ngay", "nao"): 2, ("trach", "nhiem"): 4,
             ("chiu", "trach"): 2, ("giay", "chung"): 8, ("chung", "nhan"): 8}  # fmt: skip
    abbreviations = Abbreviations({}, {}, {"cn": {"giay": ("chung", "nhan")}})
    return Normalizer(abbreviations).with_vocabulary(vocabulary, pairs, frozenset({"xao"}))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("xap nhap tu ngya nao", "sap nhap tu ngay nao"),  # s/x of the north; two letters swapped
        ("chiu chach nhiem", "chiu trach nhiem"),  # ch/tr
        ("xom tu ngay", "xom tu ngay"),  # "xóm" makes no pair of the knowledge base: kept
        ("tinh xao", "tinh xao"),  # a word of the scoring sheets is no misspelling
        ("giay cn", "giay chung nhan"),
    ],
)
def test_a_misspelt_syllable_is_read_as_the_word_its_neighbour_goes_with(
    typed: str, read: str
) -> None:
    n = _normalizer()
    assert n.normalize(typed) == read
    assert n.normalize(read) == read


def test_sound_alike_spellings_are_among_the_candidates() -> None:
    assert {"sap", "xpa"} <= candidates("xap")
    assert "trach" in candidates("chach") and "lam" in candidates("nam")
    assert "ngay" in candidates("ngya")


@pytest.mark.parametrize(
    ("message", "entry", "said"),
    [
        ("cap huyen bi bo tu ngya nao", "district-abolished", "1/7/2025"),
        ("nam dinh xap nhap tu ngay nao", "nam-dinh-merge", "1/7/2025"),
    ],
)
def test_a_typo_in_the_question_still_gets_the_date(message: str, entry: str, said: str) -> None:
    answer = engine().answer(message, TODAY)
    assert answer.entry_id == entry
    assert said in answer.text


async def test_in_chat_xap_nhap_gets_the_merger_date(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("nam dinh xap nhap tu ngay nao")
    assert "1/7/2025" in chat.text
    assert "chưa chắc" not in chat.text
