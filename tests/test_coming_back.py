"""Coming back (issue 15 items 1 and 5): "đăng ký", "làm tiếp", "tiếp tục", "hồ sơ" typed
alone open the form or the draft, never an FAQ entry; a returning producer gets one line
"welcome back, draft at step k/N — Làm tiếp?"; a lone "1" with no menu on screen shows the
menu again instead of the "1 sao" answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.app import open_assistant
from bot.core import Assistant
from bot.settings import Settings
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import assistant, settings
from tests.support.registration_script import asked, fill, load_form

__all__ = ["assistant", "settings"]

FORM = load_form()


async def _producer_with_a_draft(assistant: Assistant, files: Path) -> ChatClient:
    chat = ChatClient(assistant, "lan", "Lan")
    await chat.send("/start xa_13864")
    await chat.send("dang ky")  # typed, not the menu button
    assert asked(chat, FORM) is not None, chat.text
    await fill(chat, FORM, files, stop_before="position")  # two answers, then stop
    return chat


async def test_typed_dang_ky_opens_the_form_not_an_faq_entry(assistant: Assistant) -> None:
    chat = ChatClient(assistant, "hoa", "Hoa")
    await chat.send("/start xa_13864")
    await chat.send("Đăng ký")
    field = asked(chat, FORM)
    assert field is not None and ("Bước 1/" in chat.text or "Bước chuẩn bị" in chat.text)
    assert "Nguồn:" not in chat.text  # not the "phiếu đăng ký" FAQ answer


async def test_returning_producer_is_offered_the_draft_in_one_line(
    assistant: Assistant, settings: Settings
) -> None:
    chat = await _producer_with_a_draft(assistant, settings.files_dir)
    step = asked(chat, FORM)
    assert step is not None and step.id == "position"
    shown = re.search(r"Bước (\d+/\d+)", chat.text)
    assert shown is not None
    await chat.send("/menu")

    await chat.send("/start")
    offer = next(r.text for r in chat.last if "Chào mừng bạn quay lại" in r.text)
    assert "\n" not in offer.strip()
    assert f"đang ở bước {shown[1]}" in offer and "Làm tiếp?" in offer
    await chat.press("Làm tiếp")
    assert asked(chat, FORM) == step


@pytest.mark.parametrize("typed", ["lam tiep", "tiếp tục", "Làm tiếp ạ", "tiep tuc ho so"])
async def test_lam_tiep_and_tiep_tuc_resume_the_draft_where_it_stopped(
    assistant: Assistant, settings: Settings, typed: str
) -> None:
    chat = await _producer_with_a_draft(assistant, settings.files_dir)
    await chat.send("/menu")
    await chat.send(typed)
    assert "Làm tiếp hồ sơ" in chat.text
    field = asked(chat, FORM)
    assert field is not None and field.id == "position"


async def test_ho_so_lists_the_drafts(assistant: Assistant, settings: Settings) -> None:
    chat = await _producer_with_a_draft(assistant, settings.files_dir)
    await chat.send("/menu")
    await chat.send("ho so")
    assert "Hồ sơ của bạn" in chat.text and "nháp" in chat.text


async def test_lam_tiep_without_a_draft_shows_my_applications(assistant: Assistant) -> None:
    chat = ChatClient(assistant, "minh", "Minh")
    await chat.send("/start xa_13864")
    await chat.send("tiep tuc")
    assert "Bạn chưa có hồ sơ nào" in chat.text


@pytest.mark.parametrize("typed", ["1", "2", "ok", "3."])
async def test_a_lone_digit_with_no_menu_on_screen_shows_the_menu_again(
    assistant: Assistant, settings: Settings, typed: str
) -> None:
    chat = await _producer_with_a_draft(assistant, settings.files_dir)
    await chat.send("/menu")
    await chat.send(typed)
    assert "sao" not in chat.last[0].text  # not the "1 sao / 2 sao" FAQ answer
    assert "Tôi chưa rõ" in chat.text
    labels = [b.label for b in chat.buttons()]
    assert any("Hỏi đáp" in label for label in labels)
    assert any("Làm tiếp" in label for label in labels)  # the draft is offered too


async def test_a_question_with_a_digit_is_still_a_question(assistant: Assistant) -> None:
    chat = ChatClient(assistant, "tu", "Tú")
    await chat.send("/start xa_13864")
    await chat.send("1 sao co duoc cong nhan ko")
    assert "Nguồn:" in chat.text and "Tôi chưa rõ" not in chat.text


async def test_a_lone_1_after_a_restart_shows_the_menu_not_the_1_star_answer(
    settings: Settings,
) -> None:
    """Issue 15 item 1: the process restarts (nothing on screen is known any more); "1" is
    not a question."""
    async with open_assistant(settings) as first:
        chat = ChatClient(first, "ba", "Ba")
        await chat.send("/start xa_13864")
        await chat.send("1 sao la gi")  # an FAQ answer was the last thing on screen
        assert "Nguồn:" in chat.text
    async with open_assistant(settings) as second:
        chat = ChatClient(second, "ba", "Ba")
        await chat.send("1")
        assert "Nguồn:" not in chat.text and "Tôi chưa rõ" in chat.text
        assert any("Hỏi đáp" in b.label for b in chat.buttons())
