"""Issue 15, round 4: messages about another subject are refused politely even when they
carry an OCOP-looking word — a star rank of a hotel, "hồ sơ" of a land or building
procedure, an account of a shop, and (even with "OCOP") what a product does for one's
health. The messages are new, not those of an evaluation set."""

from __future__ import annotations

import pytest

from knowledge.answers import AnswerKind
from tests.support.chat import ChatClient
from tests.support.faq_support import engine


@pytest.mark.parametrize(
    "message",
    [
        "khach san 3 sao o ninh binh gia bao nhieu",  # "sao" of a hotel
        "nha hang 5 sao nao ngon",
        "ho so sang ten so do can nhung gi",  # "hồ sơ" of another procedure
        "ho so xin giay phep xay dung gom nhung gi",
        "cach dang ky tai khoan shopee",  # an account, not a sales channel's score
        "mat ong ocop co chua ho duoc ko",  # health, even with "OCOP"
        "tra xanh 4 sao uong co giam can ko",
        "nuoc mam ocop ba bau an duoc ko",
        "nuoc mam ocop co tot cho suc khoe ko",
    ],
)
def test_another_subjects_question_is_refused(message: str) -> None:
    assert engine().answer(message).kind is AnswerKind.OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        ("homestay co lam ocop dc ko", "product-homestay"),  # tourism is an OCOP group
        ("mat ong co dang ky ocop duoc ko", "product-mat-ong"),
    ],
)
def test_the_same_words_in_an_ocop_question_are_still_answered(message: str, entry: str) -> None:
    answer = engine().answer(message)
    assert answer.kind is AnswerKind.ENTRY
    assert answer.entry_id == entry


async def test_in_chat_a_hotels_stars_get_a_polite_refusal(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("khach san 3 sao o ninh binh gia bao nhieu")
    assert "OCOP" in chat.text
    assert "Có phải bạn muốn hỏi" not in chat.text  # no OCOP entries offered as choices


async def test_in_chat_a_health_claim_about_an_ocop_product_is_refused(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("mat ong ocop co chua ho duoc ko")
    assert "OCOP" in chat.text
    assert "Mật ong" not in chat.text  # not the honey entry's answer
