"""Questions typed in the middle of the form are never saved silently as answers (issue 15
item 4): text that looks like a question or a plea for help is asked about — «Đây là câu
trả lời hay câu hỏi?» — and each button does what it says; names and places that merely
contain "là" stay answers."""

from __future__ import annotations

from typing import Any

import pytest

from bot.settings import Settings
from knowledge.text import strip_marks
from tests.support.chat import ChatClient
from tests.support.registration_script import asking, load_form, reach, stored_answers

FORM = load_form()
ASKED_WHICH = "Đây là câu trả lời hay câu hỏi?"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A whole form is typed faster than a person would: no flood limit in these tests."""
    return settings.model_copy(update={"flood_max_messages": 0})


async def _answers(chat: ChatClient) -> dict[str, Any]:
    return await stored_answers(chat)


def _asking(chat: ChatClient) -> str | None:
    return asking(chat, FORM)


async def _at(chat: ChatClient, settings: Settings, field_id: str) -> None:
    await reach(chat, FORM, settings.files_dir, field_id)


async def test_the_representative_question_typed_as_an_answer_is_asked_about_then_explained(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "representative")
    await chat.send("nguoi dai dien theo phap luat la ai")
    assert ASKED_WHICH in chat.text
    assert "«nguoi dai dien theo phap luat la ai»" in chat.text
    assert "representative" not in await _answers(chat)  # not saved while undecided

    await chat.press("Là câu hỏi")
    assert "đứng tên đại diện trên giấy đăng ký kinh doanh" in chat.text
    assert _asking(chat) == "representative"  # the same question again
    assert "representative" not in await _answers(chat)

    await chat.send("Trần Văn An")
    assert (await _answers(chat))["representative"] == "Trần Văn An"


async def test_a_plea_confirmed_as_the_answer_is_saved_as_typed(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "unit_name")
    await chat.send("ko biet ghi gi")
    assert ASKED_WHICH in chat.text
    assert "unit_name" not in await _answers(chat)

    await chat.press("Là câu trả lời")
    assert (await _answers(chat))["unit_name"] == "ko biet ghi gi"
    assert _asking(chat) == "representative"


async def test_a_plea_confirmed_as_a_question_explains_the_field_and_asks_it_again(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "unit_name")
    await chat.send("ko biết ghi gì")
    await chat.press("Là câu hỏi")
    assert "ghi đúng như trên giấy đăng ký kinh doanh" in chat.text
    assert _asking(chat) == "unit_name"
    assert "unit_name" not in await _answers(chat)


@pytest.mark.parametrize(
    ("field_id", "typed"),
    [
        ("representative", "Lã Văn Là"),
        ("representative", "la van la"),
        ("representative", "Nguyễn Thị Ái"),
        ("representative", "nguyen thi yen nhi"),
        ("address", "Thôn Là, xã Yên Thắng"),
        ("address", "xom chua"),
        ("unit_name", "Hội Nông dân xã Yên Tiến"),
        ("unit_name", "cong ty may hung yen"),
        ("position", "Chủ nhiệm HTX"),
        ("product_name", "Rượu nếp cái hoa vàng Yên Cường"),
    ],
)
async def test_names_and_places_that_look_like_question_words_are_saved_at_once(
    chat: ChatClient, settings: Settings, field_id: str, typed: str
) -> None:
    await _at(chat, settings, field_id)
    await chat.send(typed)
    assert ASKED_WHICH not in chat.text
    if typed == strip_marks(typed):  # item 7: asked once for diacritics, kept as typed
        assert "có dấu" in chat.text
        await chat.press("Giữ nguyên")
    assert "Đã lưu" in chat.text
    assert (await _answers(chat))[field_id] == typed


async def test_a_question_without_a_question_word_that_the_faq_answers_is_asked_about(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "unit_name")
    await chat.send("bo tieu chi danh gia san pham ocop")
    assert ASKED_WHICH in chat.text
    await chat.press("Là câu hỏi")
    assert "Quay lại phiếu đăng ký" in chat.text  # the FAQ answered, then the form again
    assert _asking(chat) == "unit_name"
    assert "unit_name" not in await _answers(chat)


async def test_a_question_that_cannot_be_the_answer_is_answered_without_asking(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "phone")
    await chat.send("so dien thoai cua ai cung duoc a")
    assert ASKED_WHICH not in chat.text
    assert "Số di động của người cán bộ xã sẽ gọi" in chat.text  # the field explained
    assert _asking(chat) == "phone"
    assert "phone" not in await _answers(chat)


async def test_a_question_ending_with_a_question_mark_about_the_field_is_explained(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "position")
    await chat.send("chức vụ ghi gì cũng được à?")
    assert ASKED_WHICH not in chat.text
    assert "Chức vụ của người đại diện vừa ghi" in chat.text
    assert _asking(chat) == "position"
    assert "position" not in await _answers(chat)


async def test_the_buttons_of_an_earlier_doubt_do_not_save_it_later(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "unit_name")
    await chat.send("ko biet ghi gi")
    old_answer = chat.button("Là câu trả lời").payload
    await chat.send("HTX Nông nghiệp Vạn Thắng")  # typed the real answer instead
    assert _asking(chat) == "representative"
    await chat.press_payload(old_answer)
    assert "tin nhắn cũ" in chat.text
    assert (await _answers(chat))["unit_name"] == "HTX Nông nghiệp Vạn Thắng"
    assert "representative" not in await _answers(chat)


async def test_a_long_description_that_happens_to_say_khong_biet_is_saved(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "description")
    story = (
        "Mắm tép làm theo cách các cụ truyền lại, không biết từ bao giờ, "
        "tép đồng ủ muối ba tháng rồi đóng hũ 500 g."
    )
    await chat.send(story)
    assert ASKED_WHICH not in chat.text
    assert (await _answers(chat))["description"] == story
