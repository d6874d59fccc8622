"""A new user who does not press Start (Zalo has no Start button): any first message
starts onboarding, a question asked first is answered once the commune is set, and a
greeting is never matched to an FAQ entry — on any channel."""

from __future__ import annotations

import pytest

from bot.core import Assistant
from bot.messages import Kind
from knowledge.answers import AnswerKind
from tests.support.chat import ChatClient

GREETINGS = (
    "xin chào",
    "Xin chào!",
    "alo",
    "A lô",
    "hi ad",
    "chào bạn",
    "chao ban",
    "Chào ad ạ 👋",
)


@pytest.mark.parametrize("text", GREETINGS)
async def test_a_greeting_is_never_an_faq_entry(assistant: Assistant, text: str) -> None:
    answer = assistant.services.faq.answer(text)
    assert answer.kind is AnswerKind.GREETING
    assert answer.entry_id is None and not answer.matched


async def test_a_greeting_that_also_asks_is_still_answered(assistant: Assistant) -> None:
    answer = assistant.services.faq.answer("chào bạn, hồ sơ đăng ký OCOP gồm những gì?")
    assert answer.matched


async def test_a_known_user_saying_hello_gets_a_greeting_and_the_menu(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.press("Vạn Thắng")
    await chat.send("xin chào")
    assert "Chào Lan! 👋" in chat.text
    assert "Giò chả" not in chat.text and "Nguồn:" not in chat.text
    chat.button("Hỏi đáp OCOP")
    chat.button("Đăng ký sản phẩm")
    unanswered = await chat.assistant.services.db.fetch_one(
        "SELECT count(*) AS n FROM faq_unanswered"
    )
    assert unanswered is not None and unanswered["n"] == 0


@pytest.mark.parametrize("text", ["xin chào", "alo", "hi ad", "chào bạn"])
async def test_a_first_hello_starts_onboarding(assistant: Assistant, text: str) -> None:
    chat = ChatClient(assistant, "new-1", "Hoa", channel="zalo")
    await chat.send(text)
    assert "Xin chào Hoa! 👋 Tôi là Trợ lý OCOP" in chat.text
    assert "xã/phường" in chat.text
    chat.button("Vạn Thắng")
    assert "Giò chả" not in chat.text


async def test_a_first_question_is_answered_right_after_the_commune(
    assistant: Assistant,
) -> None:
    chat = ChatClient(assistant, "new-2", "Tú", channel="zalo")
    await chat.send("hồ sơ đăng ký OCOP gồm những gì?")
    assert "Xin chào Tú!" in chat.text
    assert "sẽ trả lời ngay sau khi bạn chọn xã/phường" in chat.text
    assert "Nguồn:" not in chat.text  # not yet: the commune first
    await chat.send("yen thang")  # an old commune name, without diacritics
    said = chat.text
    assert "Xã Yên Thắng (cũ) nay thuộc Xã Vạn Thắng" in said
    assert "Còn câu bạn hỏi lúc đầu — «hồ sơ đăng ký OCOP gồm những gì?»" in said
    assert "Hồ sơ đăng ký đánh giá OCOP gồm những gì?" in said
    assert said.index("nay thuộc") < said.index("Còn câu bạn hỏi")
    chat.button("Đăng ký sản phẩm")  # and the main menu last
    await chat.send("mấy điểm thì được 3 sao?")
    assert "Còn câu bạn hỏi" not in chat.text  # answered once, not again


async def test_a_commune_typed_first_is_taken_at_once(assistant: Assistant) -> None:
    chat = ChatClient(assistant, "new-3", "Mai", channel="zalo")
    await chat.send("Vạn Thắng")
    assert "Xin chào Mai!" in chat.text
    assert "Đã ghi nhận xã/phường của bạn: Xã Vạn Thắng" in chat.text


async def test_a_first_photo_starts_onboarding_too(assistant: Assistant) -> None:
    chat = ChatClient(assistant, "new-4", "Lộc", channel="zalo")
    await chat.send_kind(Kind.UNSUPPORTED, unsupported="sticker")
    assert "Xin chào Lộc!" in chat.text
    chat.button("Vạn Thắng")


async def test_start_still_greets_as_before(chat: ChatClient) -> None:
    await chat.send("/start")
    assert "Xin chào Lan!" in chat.text
    assert "ghi lại câu hỏi" not in chat.text


async def test_hello_while_asked_for_the_commune_asks_again_kindly(chat: ChatClient) -> None:
    await chat.send("/start")
    await chat.send("alo")
    assert "Chào Lan! 👋" in chat.text
    assert "chưa tìm thấy" not in chat.text
    chat.button("Vạn Thắng")
