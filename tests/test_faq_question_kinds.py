"""Issue 15, round 4: two near entries that share their subject and differ in what they ask
("Ai công nhận 4 sao?" against "Giấy chứng nhận có hiệu lực bao lâu?") are told apart by the
kind of answer the message wants; an entry asking another kind keeps its place when it
explains the message better ("ai có quyền thu hồi" is answered by the revocation entry)."""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from tests.support.chat import ChatClient
from tests.support.faq_support import engine


def test_the_kind_of_answer_asked_is_read() -> None:
    matcher = engine().matcher
    kinds = matcher.lexicon.kinds
    assert kinds.of(matcher.tokens("dùng được bao lâu")) == {"duration"}
    assert kinds.of(matcher.tokens("ai công nhận")) == {"who"}
    assert kinds.of(matcher.tokens("nộp ở đâu, khi nào")) == {"where", "when"}
    assert kinds.of(matcher.tokens("được bao nhiêu điểm")) == frozenset()


@pytest.mark.parametrize(
    "question",
    ["bang ocop 5 sao co gia tri trong bao lau", "giay chung nhan 3 sao xai duoc may nam"],
)
def test_how_long_a_ranks_certificate_lasts_is_not_who_grants_it(question: str) -> None:
    answer = engine().answer(question)
    assert answer.kind is AnswerKind.ENTRY
    assert answer.entry_id == "validity-36-months"


def test_who_grants_a_rank_is_still_answered_by_who_grants_it() -> None:
    assert engine().answer("san pham 4 sao thi ai cham").entry_id == "who-grants-4-star"


def test_a_near_entry_of_the_right_kind_that_explains_less_does_not_go_first() -> None:
    assert engine().answer("ai co quyen thu hoi giay 3 sao").entry_id == "revocation"


async def test_in_chat_how_long_a_4_star_certificate_lasts(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("giay 4 sao dung duoc trong bao lau vay ad")
    assert "36 tháng" in chat.text
