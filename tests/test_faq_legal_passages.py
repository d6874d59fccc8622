"""Questions no FAQ entry words, answered with the decision's own words (issue 15).

Blind question writers ask about sentences of Quyết định 26/2026/QĐ-TTg that the FAQ does not
hold («tỉnh có tổ chức thêm đợt không», «đánh giá lại tối đa bao lâu»). The assistant quotes
the passage verbatim with its place (Điều, khoản, điểm), says it is the nearest rule and not a
prepared answer, and offers the officer; an off-topic question still gets no quote.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from knowledge.answers import AnswerKind, FaqEngine
from knowledge.legal import load_passages
from knowledge.replies import Texts
from tests.support.chat import ChatClient

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
VAN_THANG = "13864"


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load(KNOWLEDGE, Texts.load(KNOWLEDGE / "replies"))


def test_an_extra_round_is_answered_from_article_5_quoted_with_its_place(
    engine: FaqEngine,
) -> None:
    answer = engine.answer("ngoai 2 dot tinh co to chuc them dot ko")
    assert answer.kind is AnswerKind.LEGAL
    assert "có thể tổ chức thêm các đợt đánh giá trong năm" in answer.text
    assert "Điều 5 khoản 1" in answer.text
    assert answer.sources == ("Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 5 khoản 1",)
    assert "chưa có câu trả lời soạn sẵn" in answer.text  # never passed off as a prepared answer


@pytest.mark.parametrize(
    ("question", "place", "words"),
    [
        ("qd 148 het hieu luc chua", "Điều 11 khoản 2", "hết hiệu lực sau 60 ngày"),
        ("ai co quyen thu hoi giay chung nhan 4 sao", "Điều 8 khoản 2", "Chủ tịch UBND cấp tỉnh"),
        ("qd 26 co hieu luc tu ngay nao", "Điều 11 khoản 1", "22 tháng 5 năm 2026"),
        (  # "bắt buộc" says how it asks: the annex's «bắt buộc theo quy định» is no match
            "Tỉnh có được tổ chức thêm đợt đánh giá ngoài 2 đợt bắt buộc không?",
            "Điều 5 khoản 1",
            "có thể tổ chức thêm các đợt đánh giá trong năm",
        ),
    ],
)
def test_the_index_finds_the_passage_a_question_is_about(
    engine: FaqEngine, question: str, place: str, words: str
) -> None:
    assert engine.legal is not None
    found = engine.legal.find(question)
    assert found and found[0].place.startswith(place), question
    assert words in found[0].text


def test_a_question_about_a_list_gets_the_whole_clause(engine: FaqEngine) -> None:
    assert engine.legal is not None
    found = engine.legal.find("bi thu hoi gcn khi nao")
    assert [p.point for p in found] == ["a", "b", "c", "d", "đ", "e"]  # Điều 8 khoản 1


@pytest.mark.parametrize(
    "question",
    [
        "gia vang hom nay bao nhieu",
        "lich thi dau bong da",
        "ket qua xo so hom nay",
        "cách làm sổ đỏ",
    ],
)
def test_off_topic_questions_get_no_quote(engine: FaqEngine, question: str) -> None:
    assert engine.legal is not None
    assert engine.legal.find(question) == ()
    assert not engine.answer(question).matched


def test_an_entry_that_leaves_out_the_rule_asked_gets_the_rule_quoted_under_it(
    engine: FaqEngine,
) -> None:
    # the entry on the provincial rounds says nothing of rounds added to them (Điều 5 khoản 1)
    answer = engine.answer("khi nao co dot danh gia ocop trong nam")
    assert answer.kind is AnswerKind.ENTRY
    assert "Quy định gốc liên quan" in answer.text
    assert "có thể tổ chức thêm các đợt" in answer.text
    assert any("Điều 5 khoản 1" in s for s in answer.sources)


def test_an_entry_that_already_says_the_rule_gets_no_quote(engine: FaqEngine) -> None:
    answer = engine.answer("giay chung nhan ocop dc bao nhieu nam")
    assert answer.matched and "36 tháng" in answer.text
    assert "Quy định gốc liên quan" not in answer.text


async def test_in_chat_a_quote_comes_with_the_way_to_an_officer(chat: ChatClient) -> None:
    await chat.send(f"/start xa_{VAN_THANG}")
    await chat.send("ngoai 2 dot tinh co to chuc them dot ko")
    assert "Điều 5 khoản 1" in chat.text
    assert "Nguồn: Quyết định 26/2026/QĐ-TTg ngày 22/5/2026, Điều 5 khoản 1" in chat.text
    await chat.press("Gửi câu hỏi cho cán bộ xã")
    gaps = await chat.assistant.services.faq_store.list_gaps()
    assert [g.example for g in gaps] == ["ngoai 2 dot tinh co to chuc them dot ko"]


def test_passages_are_the_decisions_words() -> None:
    """Every passage is in the decision's text, verbatim (line wrapping aside), when the
    shared copy is at hand; the generator is scripts/legal_passages.py."""
    shared = Path(os.environ.get("OCOP_SHARED_DIR", ROOT.parent / "shared"))
    source = shared / "domain" / "qd-26-2026-QD-TTg.txt"
    passages = load_passages(KNOWLEDGE / "legal" / "qd-26-2026.yaml")
    assert len(passages) > 90 and {p.article for p in passages if not p.annex} == set(range(1, 14))
    if not source.exists():
        pytest.skip("the shared copy of the decision is not on this machine")

    def letters(text: str) -> str:  # the words alone: wrapping, spaces and boxes aside
        return re.sub(r"\W+", "", text)

    flat = letters(source.read_text(encoding="utf-8"))
    missing = [p.place for p in passages if letters(p.text) not in flat]
    assert not missing


def test_the_decision_is_quoted_only_to_a_question_about_ocop(engine: FaqEngine) -> None:
    """«ban giám khảo gồm những ai» names no OCOP word: a quote would be a guess."""
    assert engine.answer("ban giam khao gom nhung ai").kind is AnswerKind.UNSURE
    assert engine.answer("hoi dong cham ocop gom nhung ai").matched
