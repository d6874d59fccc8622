"""Issue 15, round 4: a producer's words for a concept reach the entry that uses the
knowledge base's words ("hạn xử lý" → thời hạn giải quyết, "khai man" → giả mạo, "vỏ hộp" →
bao bì, "chợ mạng" → thương mại điện tử), through ``knowledge/synonyms.yaml``. The questions
here are new wordings, not those of any evaluation set."""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml

from knowledge.answers import AnswerKind
from knowledge.synonyms import Synonyms
from tests.support.chat import ChatClient
from tests.support.faq_support import KNOWLEDGE, engine


def _rewrite(text: str) -> str:
    matcher = engine().matcher
    return " ".join(matcher.lexicon.synonyms.rewrite(matcher.normalizer.tokens(text)))


def test_a_producers_phrase_is_read_as_the_knowledge_bases_words() -> None:
    assert _rewrite("hạn xử lý mấy ngày") == "thoi han giai quyet may ngay"
    assert _rewrite("khai man số liệu") == "gia mao so lieu"
    assert _rewrite("vo hop in gi") == "bao bi in gi"


def test_the_longest_phrase_wins_and_other_words_are_left_alone() -> None:
    synonyms = Synonyms([(("tem",), ("nhan",)), (("tem", "qr"), ("truy", "xuat"))])
    assert synonyms.rewrite(["tem", "qr", "co", "tem"]) == ["truy", "xuat", "co", "nhan"]
    # words that fold like a listed phrase but mean something else are not listed
    assert _rewrite("ủy ban nhân dân xã") == "uy ban nhan dan xa"
    assert _rewrite("nộp mấy bộ hồ sơ") == "nop may bo ho so"  # "bộ" still counts


def test_every_canonical_wording_is_the_knowledge_bases_own() -> None:
    matcher = engine().matcher
    known = {w for doc in matcher._docs for p in doc.phrasings for w in p.split()}
    known |= {t for doc in matcher._docs for t in doc.answer_terms}
    data = Synonyms.load(KNOWLEDGE / "synonyms.yaml", matcher.normalizer)
    assert len(data) >= 70
    for meant in {m for found in data._by_first.values() for _, m in found}:
        assert set(meant) <= known, meant


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("khai man so lieu trong ho so ocop thi bi sao", "disqualification"),
        ("giay cong nhan ocop het hieu luc thi lam gi", "re-evaluation"),
        ("lam ocop co duoc tro cap gi ko", "support-policies"),
        ("ban tren cho mang co duoc cong diem ko", "sales-channels-score"),
        ("vo hop san pham can in nhung gi", "evidence-label"),
        ("thoi gian xu ly ho so danh gia lai la bao lau", "processing-time"),
    ],
)
def test_a_new_wording_reaches_the_entry_with_the_fact(question: str, entry: str) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.ENTRY
    assert answer.entry_id == entry


def test_a_judge_named_in_other_words_gets_choices_not_a_refusal() -> None:
    answer = engine().answer("ban giam khao gom nhung ai")
    # no OCOP word: the decision is not quoted at a guess; the closest questions are offered
    assert answer.kind is AnswerKind.UNSURE
    assert answer.related


async def test_in_chat_forged_papers_are_answered_with_what_happens(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("neu khai man trong ho so ocop thi bi xu ly the nao")
    assert "không trung thực" in chat.text or "giả mạo" in chat.text


async def test_in_chat_shop_names_alone_are_still_not_an_ocop_question(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("cach dang ky tai khoan shopee")
    assert "OCOP" in chat.text
    assert "Shopee" not in chat.text


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def test_no_listed_phrase_folds_onto_other_words_of_the_knowledge_base() -> None:
    """ "tiền thưởng" folded is "tiến thương" of "xúc tiến thương mại": such a phrase would
    turn the knowledge base's own words into another concept."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((KNOWLEDGE / "faq").glob("*.yaml"))]
    raw = re.findall(r"\w+", " ".join(texts).lower())
    folded = [_fold(w) for w in raw]
    data = yaml.safe_load((KNOWLEDGE / "synonyms.yaml").read_text(encoding="utf-8"))
    clashes = []
    for said in (p for phrases in data["synonyms"].values() for p in phrases):
        words = said.lower().split()
        key, n = [_fold(w) for w in words], len(words)
        for i in range(len(folded) - n + 1):
            found = raw[i : i + n]
            # the same words typed without accents are no clash
            if folded[i : i + n] == key and found != words and not all(map(str.isascii, found)):
                clashes.append((said, " ".join(found)))
    assert clashes == []


def test_no_listed_phrase_holds_its_own_key() -> None:
    """A phrase read as its key must not lose a word: "logo ocop" as "logo" drops "ocop"."""
    data = yaml.safe_load((KNOWLEDGE / "synonyms.yaml").read_text(encoding="utf-8"))
    holding = [
        (key, said)
        for key, phrases in data["synonyms"].items()
        for said in phrases
        if f" {_fold(key)} " in f" {_fold(said)} "
    ]
    assert holding == []
