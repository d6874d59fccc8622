"""The Telegram bot end to end: real PTB ``Application``, core and SQLite, fake Bot API.

Every test talks to the bot as Telegram users do — through HTTP on loopback — and reads what
the fake server recorded. Nothing sleeps to synchronise and nothing is timed.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from bot.channels.telegram.channel import TelegramChannel
from bot.delivery import Outcome
from bot.messages import Reply
from bot.settings import Settings
from tests.fakes.bot_api import ButtonNotFound, FakeBotApi
from tests.tg import TgUser, running_bot, telegram_settings

VAN_THANG = "13864"
LAN = 1001
MAI = 1002


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
def tg_settings(settings: Settings, api: FakeBotApi) -> Settings:
    return telegram_settings(settings, api)


@pytest.fixture
async def channel(tg_settings: Settings) -> AsyncIterator[TelegramChannel]:
    async with running_bot(tg_settings) as running:
        yield running


@pytest.fixture
def lan(api: FakeBotApi, channel: TelegramChannel) -> TgUser:
    return TgUser(api, LAN, "Lan")


async def _user(channel: TelegramChannel, user_id: int):  # type: ignore[no-untyped-def]
    return await channel.users.get_by_external("telegram", str(user_id))


# -- onboarding, deep links, menus ---------------------------------------------------------


async def test_start_greets_and_offers_commune_buttons(lan: TgUser, api: FakeBotApi) -> None:
    greeting, question = await lan.start()
    assert "Xin chào Lan" in greeting.shown_text
    assert greeting.parse_mode == "HTML"
    assert [e["type"] for e in greeting.entities] == ["bold"]  # <b>Trợ lý OCOP</b>
    assert "xã/phường" in question.shown_text
    assert "Xã Vạn Thắng" in question.button_texts
    assert all(data.startswith("c:") for data in question.button_data)


async def test_commands_are_published_with_vietnamese_descriptions(
    api: FakeBotApi, channel: TelegramChannel
) -> None:
    assert api.commands["start"] == "Bắt đầu / chọn xã"
    assert api.commands["huy"].startswith("Dừng việc đang làm")
    assert set(channel.assistant.router.commands()) == set(api.commands)


async def test_deep_link_preselects_the_commune_and_shows_the_menu_keyboard(
    lan: TgUser, channel: TelegramChannel
) -> None:
    replies = await lan.start(f"xa_{VAN_THANG}", expect=3)
    assert "Đã ghi nhận xã/phường của bạn: Xã Vạn Thắng" in lan.texts(replies)
    menu = replies[-1].reply_markup
    assert menu is not None and menu.get("is_persistent") is True
    keys = [key["text"] for row in menu["keyboard"] for key in row]
    assert "❓ Hỏi đáp OCOP" in keys and "📝 Đăng ký sản phẩm" in keys
    user = await _user(channel, LAN)
    assert user is not None and user.commune_id == VAN_THANG and user.subscribed


async def test_a_menu_key_works_like_its_button(lan: TgUser) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    [help_text] = await lan.send("ℹ️ Hướng dẫn")
    assert "hướng dẫn nhanh" in help_text.shown_text


async def test_pressing_a_button_answers_it_and_takes_the_buttons_away(
    lan: TgUser, api: FakeBotApi, channel: TelegramChannel
) -> None:
    _, question = await lan.start()
    replies = await lan.press("Xã Vạn Thắng", expect=2)
    assert "Đã ghi nhận xã/phường của bạn: Xã Vạn Thắng" in lan.texts(replies)
    assert api.unanswered_callback_queries() == []
    assert api.message(LAN, question.message_id).inline_keyboard == []
    with pytest.raises(ButtonNotFound):  # the user cannot press it twice
        api.press_button(LAN, question.message_id, data=f"c:{VAN_THANG}")
    user = await _user(channel, LAN)
    assert user is not None and user.commune_id == VAN_THANG


async def test_a_stale_button_from_an_old_client_gets_a_polite_reply(
    lan: TgUser, api: FakeBotApi
) -> None:
    await lan.start()
    stale, *_ = await lan.press_data("x:gone", strict=False)
    assert "Nút này đã cũ" in stale.shown_text
    assert api.unanswered_callback_queries() == []


# -- questions and what users type ----------------------------------------------------------


async def test_a_question_gets_an_answer(lan: TgUser) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    replies = await lan.send("san pham ocop can giay to gi")
    text = lan.texts(replies)
    assert text.strip()  # the FAQ answer, or the honest "cannot answer yet"
    assert "trục trặc" not in text


async def test_names_and_text_with_html_are_shown_literally(
    api: FakeBotApi, channel: TelegramChannel
) -> None:
    # The fake rejects a bare "&" and unknown tags, so unescaped text would fail loudly.
    tricky = TgUser(api, MAI, "<b>Mai</b> & Lan")
    greeting, _ = await tricky.start()
    assert greeting.shown_text.startswith("Xin chào <b>Mai</b> & Lan!")
    [not_found] = await tricky.send("<b>Mắm&")  # typed as the commune's name
    assert "«<b>Mắm&»" in not_found.shown_text
    assert not_found.entities == []


async def test_a_sticker_gets_a_polite_reply(lan: TgUser, api: FakeBotApi) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    [reply] = await lan.push(api.send_sticker(LAN))
    assert "nhãn dán" in reply.shown_text


async def test_voice_and_video_are_unsupported_politely(lan: TgUser, api: FakeBotApi) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    [voice] = await lan.push(api.send_voice(LAN))
    assert "tin nhắn thoại" in voice.shown_text
    [video] = await lan.push(api.send_video(LAN))
    assert "video" in video.shown_text


async def test_a_photo_is_downloaded_and_stored_under_its_hash(
    lan: TgUser, api: FakeBotApi, tg_settings: Settings
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    photo = b"\xff\xd8\xff\xe0 fake jpeg " + bytes(range(256)) * 40
    [reply] = await lan.push(api.send_photo(LAN, photo))
    digest = hashlib.sha256(photo).hexdigest()
    stored = tg_settings.files_dir / f"{digest}.jpg"
    assert stored.read_bytes() == photo  # the largest size, byte for byte
    assert [f.data for f in api.downloads] == [photo]
    assert "ảnh" in reply.shown_text  # outside a form a photo is acknowledged, not used


async def test_a_document_of_a_type_we_do_not_keep_is_refused_without_download(
    lan: TgUser, api: FakeBotApi, tg_settings: Settings
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    await lan.push(api.send_document(LAN, b"MZ\x90\x00", "setup.exe", "application/x-msdownload"))
    assert api.downloads == []
    assert not tg_settings.files_dir.exists() or not any(tg_settings.files_dir.iterdir())


async def test_a_contact_and_a_location_are_read(lan: TgUser, api: FakeBotApi) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    [contact] = await lan.push(api.send_contact(LAN, "0912345678"))
    assert "danh bạ" in contact.shown_text
    [location] = await lan.push(api.send_location(LAN, 20.2, 106.1))
    assert "vị trí" in location.shown_text


# -- long texts, files and what the assistant sends by itself -------------------------------


async def test_a_5000_character_reply_is_split_at_a_paragraph(
    lan: TgUser, api: FakeBotApi, channel: TelegramChannel
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    paragraphs = [f"<b>Mục {i}</b>: " + " ".join(["thông tin OCOP"] * 30) for i in range(11)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 5000
    sender = channel.assistant.services.senders["telegram"]
    result = await sender.deliver(str(LAN), [Reply(text)])
    assert result.outcome is Outcome.SENT
    parts = api.sent_messages(LAN)[-2:]
    assert all(len(p.source or "") <= 4096 for p in parts)
    assert parts[0].shown_text.endswith("thông tin OCOP")  # cut between paragraphs
    assert parts[1].shown_text.startswith("Mục ")
    seen = "\n\n".join(p.shown_text for p in parts)
    assert seen == "\n\n".join(p.replace("<b>", "").replace("</b>", "") for p in paragraphs)
    assert str(result.message_id) == str(parts[1].message_id)


async def test_malformed_html_falls_back_to_plain_text(
    lan: TgUser, api: FakeBotApi, channel: TelegramChannel
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    sender = channel.assistant.services.senders["telegram"]
    result = await sender.deliver(str(LAN), [Reply("Hạn nộp <b>30/6 & 31/12")])
    assert result.outcome is Outcome.SENT
    last = api.last_message(LAN)
    assert last.shown_text == "Hạn nộp 30/6 & 31/12"
    assert last.parse_mode is None
    assert api.count("sendMessage", status=400, chat_id=LAN) == 1
