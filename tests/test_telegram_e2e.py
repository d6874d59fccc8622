"""The Telegram bot end to end: real PTB client, inbox, core and SQLite, fake Bot API.

Every test talks to the bot as Telegram users do — through HTTP on loopback — and reads what
the fake server recorded. Nothing sleeps to synchronise and nothing is timed.
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from bot.channels.telegram.channel import TelegramChannel
from bot.delivery import Outcome
from bot.messages import OutFile, Reply
from bot.settings import Settings
from tests.fakes.bot_api import ButtonNotFound, FakeBotApi
from tests.support.registration_script import png_bytes
from tests.support.tg import TgUser, running_bot, telegram_settings

VAN_THANG = "13864"
LAN = 1001
MAI = 1002


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
    return await channel.assistant.services.users.get_by_external("telegram", str(user_id))


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
    assert set(channel.assistant.commands()) == set(api.commands)


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
    await api.wait_for(  # answered in the background, as the reply goes out
        lambda: not api.unanswered_callback_queries(), what="every press answered"
    )
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
    await api.wait_for(  # answered in the background, as the reply goes out
        lambda: not api.unanswered_callback_queries(), what="every press answered"
    )


# -- questions and what users type ----------------------------------------------------------


async def test_a_question_without_diacritics_is_answered_with_its_source_and_buttons(
    lan: TgUser, api: FakeBotApi
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    [answer] = await lan.send("san pham ocop can giay to gi")
    assert "Hồ sơ đăng ký đánh giá OCOP gồm những gì?" in answer.shown_text
    assert "Quyết định 26/2026/QĐ-TTg" in answer.shown_text
    assert "👍 Hữu ích" in answer.button_texts
    assert all(len(d.encode()) <= 64 and d.isascii() for d in answer.button_data)
    related = next(d for d in answer.button_data if d.startswith("f:q:"))
    [follow_up] = await lan.press_data(related)
    assert follow_up.shown_text and api.message(LAN, answer.message_id).inline_keyboard == []


async def test_a_question_outside_ocop_is_declined_honestly(lan: TgUser) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    [reply] = await lan.send("giá vàng hôm nay")
    assert "chỉ trả lời được câu hỏi về Chương trình OCOP" in reply.shown_text


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


# -- Telegram's limits and errors -----------------------------------------------------------


async def test_a_429_is_waited_out_exactly_then_the_message_goes(
    lan: TgUser, api: FakeBotApi
) -> None:
    api.fail_next("sendMessage", 429, retry_after=1, chat_id=LAN)
    greeting, question = await lan.start()
    assert "Xin chào" in greeting.shown_text and question.buttons
    refused, retried = [c for c in api.calls_to("sendMessage") if c.chat_id == LAN][:2]
    assert refused.status == 429 and retried.ok
    assert retried.time - refused.time >= 1.0  # not a moment before Telegram allowed
    assert api.count_429 == 1


async def test_a_user_who_blocked_the_bot_is_marked_and_skipped_until_they_write(
    lan: TgUser, api: FakeBotApi, channel: TelegramChannel
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    api.block(LAN)
    sender = channel.assistant.services.senders["telegram"]
    first = await sender.deliver(str(LAN), [Reply("Thông báo 1"), Reply("Thông báo 2")])
    assert first.outcome is Outcome.BLOCKED
    assert api.count("sendMessage", status=403, chat_id=LAN) == 1  # not retried
    user = await _user(channel, LAN)
    assert user is not None and user.blocked
    calls = len(api.calls)
    second = await sender.deliver(str(LAN), [Reply("Thông báo 3")])
    assert second.outcome is Outcome.BLOCKED and len(api.calls) == calls  # skipped
    [menu] = await lan.send("/menu")  # writing again unblocks (Telegram and us)
    assert "Bạn muốn làm gì" in menu.shown_text
    user = await _user(channel, LAN)
    assert user is not None and not user.blocked


async def test_a_403_while_answering_stops_the_replies_and_marks_the_user(
    lan: TgUser, api: FakeBotApi, channel: TelegramChannel
) -> None:
    api.fail_next("sendMessage", 403, chat_id=LAN)
    pushed = api.send_command(LAN, "/start")
    await channel.finished.wait(pushed.update_id)
    assert api.count("sendMessage", status=403, chat_id=LAN) == 1
    assert api.sent_messages(LAN) == []  # the second reply was not attempted
    assert api.count("sendMessage", chat_id=LAN) == 1
    assert await _blocked(channel, LAN)


async def test_the_my_chat_member_update_marks_blocked_and_back(
    lan: TgUser, api: FakeBotApi, channel: TelegramChannel
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    api.block(LAN, push_update=True)  # pushes update number last + 1
    await channel.finished.wait(lan.last_update_id + 1)
    assert await _blocked(channel, LAN)
    api.unblock(LAN, push_update=True)
    await channel.finished.wait(lan.last_update_id + 2)
    assert not await _blocked(channel, LAN)


async def test_server_errors_are_retried(lan: TgUser, api: FakeBotApi) -> None:
    api.fail_next("sendMessage", 502, chat_id=LAN, raw_body="<html>502 Bad Gateway</html>")
    api.fail_next("sendMessage", 500, chat_id=LAN)
    greeting, _ = await lan.start()
    assert "Xin chào" in greeting.shown_text
    statuses = [c.status for c in api.calls_to("sendMessage") if c.chat_id == LAN]
    assert statuses[:3] == [502, 500, 200]


async def test_one_slow_user_does_not_hold_up_another(
    api: FakeBotApi, channel: TelegramChannel
) -> None:
    TgUser(api, LAN, "Lan")
    quick = TgUser(api, MAI, "Mai")
    api.fail_next("sendMessage", 429, retry_after=2, chat_id=LAN)
    api.send_command(LAN, "/start")
    await api.wait_for(lambda: api.count_429 == 1, what="Lan's 429")
    await quick.start()  # answered while Lan's replies wait out their 429
    assert len(api.sent_messages(LAN)) == 0
    await api.wait_for_messages(LAN, 2)


async def test_an_error_in_the_channel_is_logged_and_apologised_for(
    lan: TgUser, api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    api.fail_next("getFile", 400, "Bad Request: wrong file identifier/HTTP URL specified")
    [apology] = await lan.push(api.send_photo(LAN, b"\xff\xd8 photo"))
    assert "Xin lỗi" in apology.shown_text
    [record] = [r for r in caplog.records if r.name.startswith("bot.channels.telegram")
                and r.levelname == "ERROR"]  # fmt: skip
    assert record.exc_info is not None
    assert api.token.split(":")[1] not in caplog.text
    [menu] = await lan.send("/menu")  # the conversation carries on
    assert "Bạn muốn làm gì" in menu.shown_text


async def _blocked(channel: TelegramChannel, user_id: int) -> bool:
    user = await _user(channel, user_id)
    assert user is not None
    return user.blocked


# -- running: restart, webhook --------------------------------------------------------------


async def test_the_bot_stopped_and_started_again_continues_from_the_database(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    lan = TgUser(api, LAN, "Lan")
    async with running_bot(tg_settings):
        await lan.start()
        await lan.press("Xã Vạn Thắng", expect=2)
    assert api.pending_update_count == 0  # the last updates were confirmed on the way out
    async with running_bot(tg_settings):
        [welcome_back] = await lan.start(expect=1)
        assert "Chào mừng Lan quay lại" in welcome_back.shown_text
        assert "Xã Vạn Thắng" in welcome_back.shown_text


async def test_an_update_in_flight_finishes_before_the_bot_stops(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    TgUser(api, LAN, "Lan")
    api.method_delays["sendMessage"] = 0.3  # replies are still going out when stop begins
    async with running_bot(tg_settings):
        api.send_command(LAN, "/start")
        await api.wait_for(lambda: api.calls_to("sendMessage"), what="the first reply started")
    assert len(api.sent_messages(LAN)) == 2  # both replies of /start went out
    assert api.pending_update_count == 0  # and the update was confirmed to Telegram


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_checks_the_secret_token(api: FakeBotApi, settings: Settings) -> None:
    port = _free_port()
    hooked = telegram_settings(
        settings,
        api,
        webhook_url=f"http://127.0.0.1:{port}/tg/hook",
        webhook_secret=SecretStr("s3cret-Token_1"),
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    async with running_bot(hooked):
        assert api.webhook is not None and api.webhook["secret_token"] == "s3cret-Token_1"
        assert api.count("getUpdates") == 0
        pushed = api.send_command(LAN, "/start", enqueue=False)
        assert await api.deliver_to_webhook(pushed) == 200
        greeting, _ = await api.wait_for_messages(LAN, 2)
        assert "Xin chào" in greeting.shown_text
        forged = api.send_text(LAN, "/menu", enqueue=False)
        async with aiohttp.ClientSession() as session:
            for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}):
                async with session.post(
                    f"http://127.0.0.1:{port}/tg/hook",
                    data=forged.json(),
                    headers={"Content-Type": "application/json", **headers},
                ) as response:
                    assert response.status == 403
        assert len(api.sent_messages(LAN)) == 2  # the forged updates were not handled


async def test_files_go_as_documents_or_photos_with_their_caption_once(
    lan: TgUser, api: FakeBotApi, channel: TelegramChannel, tmp_path: Path
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    form = tmp_path / "phieu.pdf"
    form.write_bytes(b"%PDF-1.4 phieu dang ky")
    picture = tmp_path / "mau.png"
    picture.write_bytes(png_bytes())
    sender = channel.assistant.services.senders["telegram"]
    replies = [
        Reply(
            "📄 <b>Phiếu đăng ký</b>", file=OutFile(form, "phieu.pdf", "📄 <b>Phiếu đăng ký</b>")
        ),
        Reply("Ảnh mẫu", file=OutFile(picture, "mau.png", as_photo=True)),
        Reply("Kèm theo", file=OutFile(form, "phieu.pdf", "x" * 1100)),
    ]
    result = await sender.deliver(str(LAN), replies)
    assert result.outcome is Outcome.SENT
    sent = api.sent_messages(LAN)[-4:]
    assert [m.kind for m in sent] == ["document", "photo", "text", "document"]
    assert sent[0].shown_text == "📄 Phiếu đăng ký" and sent[0].document == form.read_bytes()
    assert sent[1].shown_text == "Ảnh mẫu" and sent[1].photo == picture.read_bytes()
    assert sent[2].shown_text == "Kèm theo\n\n" + "x" * 1100  # too long for a caption
    assert sent[3].caption is None


async def test_a_document_over_20_mb_is_refused_without_downloading(
    lan: TgUser, api: FakeBotApi
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    big = api.send_document(LAN, b"%PDF small", "ho-so.pdf", "application/pdf", file_size=25 << 20)
    [reply] = await lan.push(big)
    assert reply.shown_text and api.downloads == []


async def test_the_sender_edits_an_earlier_message(
    lan: TgUser, api: FakeBotApi, channel: TelegramChannel
) -> None:
    await lan.start(f"xa_{VAN_THANG}", expect=3)
    sender = channel.assistant.services.senders["telegram"]
    first = await sender.deliver(str(LAN), [Reply("Hồ sơ: <b>đang xét</b>")])
    edited = await sender.edit(str(LAN), first.message_id, Reply("Hồ sơ: <b>đã duyệt</b>"))
    assert edited.outcome is Outcome.SENT
    assert api.message(LAN, int(first.message_id)).shown_text == "Hồ sơ: đã duyệt"
    same = await sender.edit(str(LAN), first.message_id, Reply("Hồ sơ: <b>đã duyệt</b>"))
    assert same.outcome is Outcome.SENT  # "message is not modified" is not a failure
