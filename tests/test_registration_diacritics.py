"""Names and addresses go on a signed Phiếu (issue 15 item 7): typed without diacritics
("tran van hai"), they are asked about once, politely — type it again with diacritics, or
keep it as typed — and never saved before the producer decides."""

from __future__ import annotations

from typing import Any

import pytest

from bot.settings import Settings
from tests.support.chat import ChatClient
from tests.support.registration_script import asking, load_form, reach, stored_answers

FORM = load_form()
ASKED_MARKS = "Bạn gõ lại có dấu giúp tôi nhé"


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


async def test_a_name_without_diacritics_is_asked_again_and_the_accented_one_is_saved(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "representative")
    await chat.send("tran van hai")
    assert ASKED_MARKS in chat.text
    assert "«tran van hai» sẽ được in ở mục Người đại diện pháp lý" in chat.text
    assert "representative" not in await _answers(chat)  # nothing saved while asking

    await chat.send("Trần Văn Hải")
    assert (await _answers(chat))["representative"] == "Trần Văn Hải"
    assert _asking(chat) == "position"


async def test_keep_as_typed_saves_the_unaccented_name(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "representative")
    await chat.send("tran van hai")
    await chat.press("Giữ nguyên «tran van hai»")
    assert "Đã lưu" in chat.text
    assert (await _answers(chat))["representative"] == "tran van hai"
    assert _asking(chat) == "position"


async def test_it_is_asked_only_once(chat: ChatClient, settings: Settings) -> None:
    await _at(chat, settings, "representative")
    await chat.send("tran van hai")
    await chat.press("Giữ nguyên")
    await chat.send("Chủ nhiệm HTX")  # position
    assert _asking(chat) == "address"
    await chat.send("xom 3 thon dong")
    assert ASKED_MARKS not in chat.text
    assert (await _answers(chat))["address"] == "xom 3 thon dong"


async def test_the_same_text_typed_again_without_diacritics_is_saved(
    chat: ChatClient, settings: Settings
) -> None:
    await _at(chat, settings, "unit_name")
    await chat.send("htx nong nghiep van thang")
    assert ASKED_MARKS in chat.text
    await chat.send("htx nong nghiep van thang")  # cannot type diacritics: typed again
    assert ASKED_MARKS not in chat.text
    assert (await _answers(chat))["unit_name"] == "htx nong nghiep van thang"


@pytest.mark.parametrize(
    ("field_id", "typed"),
    [
        ("representative", "Trần Văn Hải"),
        ("position", "chu nhiem htx"),  # not printed as a name: no question
        ("phone", "0912345678"),
        ("unit_name", "HTX"),  # one word: an acronym, nothing to mark
    ],
)
async def test_accented_text_and_other_fields_are_not_asked_about(
    chat: ChatClient, settings: Settings, field_id: str, typed: str
) -> None:
    await _at(chat, settings, field_id)
    await chat.send(typed)
    assert ASKED_MARKS not in chat.text
    assert field_id in await _answers(chat)
