"""Registering a product on Telegram: inline buttons, a photo upload, a restart mid-form,
and the Phiếu đăng ký received as two documents (Word and PDF) that read right.

The same producer and answers as tests/support/registration_script.py, played through the
real PTB client and the fake Bot API server instead of the core directly.
"""

from __future__ import annotations

import hashlib
import io

import docx
import pytest
from pypdf import PdfReader

from bot.settings import Settings
from bot.storage.applications import Status
from tests.fakes.bot_api import FakeBotApi
from tests.support.registration_script import load_form, png_bytes
from tests.support.tg import TgChat, running_bot, telegram_settings
from tests.support.tg_form import asked, fill, start_registration

FORM = load_form()
USER = 2001


@pytest.fixture
def tg_settings(settings: Settings, api: FakeBotApi) -> Settings:
    """A whole form is typed faster than a person would: no flood limit here."""
    return telegram_settings(settings, api, flood_max_messages=0)


async def _start_registration(chat: TgChat) -> None:
    await start_registration(chat)


async def test_a_full_registration_with_a_photo_is_submitted_and_the_forms_sent(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    async with running_bot(tg_settings) as channel:
        chat = TgChat(api, channel, USER)
        await _start_registration(chat)
        answered = await fill(chat)
        assert "photos" in answered
        assert "Tóm tắt hồ sơ" in chat.text and "1 ảnh" in chat.text
        assert "Gạo tám & mắm <tép> Vạn Thắng" in chat.text  # literally, through HTML
        pressed = chat.last[-1].message_id
        await chat.press("Nộp hồ sơ")
        assert api.message(USER, pressed).inline_keyboard == []  # cannot be pressed twice
        await chat.press("Tôi cam đoan")
        assert "Đã nộp hồ sơ" in chat.text
        documents = [m for m in chat.last if m.kind == "document"]
        # the filled forms, sent as documents with a caption
        assert [m.file_name for m in documents] == ["phieu-dang-ky-1.docx", "phieu-dang-ky-1.pdf"]
        assert all("Phiếu đăng ký" in m.shown_text for m in documents)
        word, pdf = (m.document for m in documents)
        assert word is not None and pdf is not None
        paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
        assert "Tên đơn vị: HTX Nông nghiệp Vạn Thắng" in paragraphs
        text = " ".join(
            "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split()
        )
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Trần Văn An" in text
        photo = png_bytes(rgb=(0, 100, 200))
        # Telegram calls every photo JPEG; the fake sends PNG bytes, kept as what they are
        stored = tg_settings.files_dir / f"{hashlib.sha256(photo).hexdigest()}.png"
        assert stored.read_bytes() == photo
        await api.wait_for(  # answered in the background, as the reply goes out
            lambda: not api.unanswered_callback_queries(), what="every press answered"
        )
        user = await channel.assistant.services.users.get_by_external("telegram", str(USER))
        assert user is not None
        [app] = await channel.assistant.services.applications.list_for_owner(user.id)
        assert app.status is Status.SUBMITTED


async def test_the_bot_restarted_mid_registration_continues_at_the_same_step(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    async with running_bot(tg_settings) as channel:
        chat = TgChat(api, channel, USER)
        await _start_registration(chat)
        answered = await fill(chat, stop_before="commune")
        assert len(answered) == 5
        step = next(n for n in range(1, 40) if f"Bước {n}/" in chat.text)
    async with running_bot(tg_settings) as channel:
        chat.channel = channel
        await chat.send("/start")
        # the preliminary question is not a step: 4 steps answered, at step 5
        assert "đang làm dở" in chat.text and "đã trả lời 4/" in chat.text
        await chat.press("Làm tiếp")
        assert f"Bước {step}/" in chat.text
        resumed = asked(chat, FORM)
        assert resumed is not None and resumed.id == "commune"
        await fill(chat)
        for earlier in ("Hợp tác xã", "HTX Nông nghiệp Vạn Thắng", "Trần Văn An", "1 ảnh"):
            assert earlier in chat.text, earlier
