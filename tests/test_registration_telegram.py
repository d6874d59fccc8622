"""Registration over the real Telegram stack (PTB, fake Bot API on loopback): a photo sent
as Telegram sends it, answers, submit, and the Phiếu đăng ký received as two documents."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import docx
import pytest
from pypdf import PdfReader

from bot.channels.telegram.channel import TelegramChannel
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi, SentMessage
from tests.registration_script import ANSWERS, load_form, png_bytes
from tests.tg import TgUser, running_bot, telegram_settings

FORM = load_form()
MAI = 2001


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def channel(settings: Settings, api: FakeBotApi) -> AsyncIterator[TelegramChannel]:
    quick = telegram_settings(settings, api, flood_max_messages=0)
    async with running_bot(quick) as running:
        yield running


def _data(message: SentMessage, label: str) -> str:
    for button in message.buttons:
        if label.lower() in str(button.get("text", "")).lower():
            return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {message.button_texts}")


def _asked(message: SentMessage) -> str | None:
    found = [f.id for f in FORM.fields if f.prompt in message.shown_text]
    return found[-1] if found and "Bước " in message.shown_text else None


async def test_a_producer_registers_in_telegram_and_receives_docx_and_pdf(
    api: FakeBotApi, channel: TelegramChannel
) -> None:
    mai = TgUser(api, MAI, "Mai")
    await mai.start("xa_13864", expect=3)
    [last] = await mai.send("📝 Đăng ký sản phẩm")  # the menu keyboard sends its label
    while (field_id := _asked(last)) is not None:
        step = ANSWERS[field_id]
        if step.send:
            [last] = await mai.send(step.send)
        elif step.press:
            [last] = await mai.press_data(_data(last, step.press))
        elif step.toggles:
            for label in step.toggles:
                [last] = await mai.press_data(_data(last, label))
            [last] = await mai.press_data(_data(last, "Xong"))
        else:
            [received] = await mai.push(api.send_photo(MAI, png_bytes()))
            assert "Đã lưu ảnh thứ 1" in received.shown_text
            [last] = await mai.press_data(_data(received, "Xong"))
    assert "Tóm tắt hồ sơ" in last.shown_text and "1 ảnh" in last.shown_text
    assert "Gạo tám & mắm <tép> Vạn Thắng" in last.shown_text  # HTML-escaped, shown intact

    [commitment] = await mai.press_data(_data(last, "Nộp hồ sơ"))
    done = await mai.press_data(_data(commitment, "Tôi cam đoan"), expect=5)
    assert "Đã nộp hồ sơ" in done[0].shown_text
    documents = [m for m in done if m.kind == "document"]
    assert [m.file_name for m in documents] == ["phieu-dang-ky-1.docx", "phieu-dang-ky-1.pdf"]
    assert all("Phiếu đăng ký" in m.shown_text for m in documents)  # the caption
    word, pdf = (m.document for m in documents)
    assert word is not None and pdf is not None
    paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    assert "Tên đơn vị: HTX Nông nghiệp Vạn Thắng" in paragraphs
    text = " ".join(
        "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Trần Văn An" in text
