"""Nothing lost, nothing misfiled: a producer's messages are kept in the order they were
sent, whatever their downloads cost, and each is handled once (issue 11, item 1).

End to end: the real bot (PTB client, inbox, core, SQLite) against the fake Bot API. A slow
download is a download the fake holds back until the test releases it — no clock.
"""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from bot.app import open_assistant
from bot.channels.telegram.runner import run_bot
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi
from tests.support.registration_script import png_bytes
from tests.support.tg import TgChat, running_bot, telegram_settings
from tests.support.tg_form import FORM, asked, fill, start_registration

PRODUCER = 2101


@pytest.fixture
def tg_settings(settings: Settings, api: FakeBotApi) -> Settings:
    return telegram_settings(settings, api, flood_max_messages=0)


def photo(number: int) -> bytes:
    return png_bytes(rgb=(number, 120, 240 - number))


async def at_the_photos_question(chat: TgChat) -> None:
    await start_registration(chat)
    await fill(chat, stop_before="photos")
    field = asked(chat)
    assert field is not None and field.id == "photos"


async def stored_photos(chat: TgChat) -> tuple[list[str], object]:
    """The sha256 of each file stored for the producer's application, field by field in
    order, and the saved answer of the photos field."""
    services = chat.channel.assistant.services  # type: ignore[attr-defined]
    user = await services.users.get_by_external("telegram", str(chat.user_id))
    [app] = await services.applications.list_for_owner(user.id)
    files = await services.applications.list_attachments(app.id)
    answers = await services.applications.get_answers(app.id)
    photos = answers.get("photos")
    return [f"{f.field_id}:{f.sha256}" for f in files], photos.value if photos else None


async def all_recorded(api: FakeBotApi) -> None:
    """Wait until the bot has confirmed the updates to Telegram (the inbox has them)."""
    await api.wait_for(lambda: api.pending_update_count == 0, what="updates confirmed")


@pytest.mark.parametrize("count", [3, 10])
async def test_an_album_with_a_slow_first_download_then_xong_at_once_keeps_every_photo(
    api: FakeBotApi, tg_settings: Settings, count: int
) -> None:
    async with running_bot(tg_settings) as channel:
        chat = TgChat(api, channel, PRODUCER)
        await at_the_photos_question(chat)
        pictures = [photo(n) for n in range(count)]
        album = api.send_album(PRODUCER, pictures)
        slow = api.hold_download(api.largest_photo_id(album[0]))
        xong = api.press_button(PRODUCER, text="✔ Xong")  # pressed right after sending
        await slow.requested.wait()
        await all_recorded(api)
        slow.release()
        await channel.finished.wait(xong.update_id, timeout=30)
        files, answer = await stored_photos(chat)
        expected = [f"photos:{hashlib.sha256(p).hexdigest()}" for p in pictures]
        assert files == expected  # every photo, in the photos field, in the album's order
        assert answer == {"count": count}
        replies = [m.shown_text for m in api.sent_messages(PRODUCER)[-(count + 1) :]]
        for number, reply in enumerate(replies[:count], 1):
            assert f"Đã lưu ảnh thứ {number}" in reply
        assert "Đã lưu" in replies[-1] and FORM.get("documents").prompt in replies[-1]


async def test_a_photo_then_xong_typed_at_once_keeps_the_photo(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    async with running_bot(tg_settings) as channel:
        chat = TgChat(api, channel, PRODUCER)
        await at_the_photos_question(chat)
        sent = api.send_photo(PRODUCER, photo(7))
        slow = api.hold_download(api.largest_photo_id(sent))
        typed = api.send_text(PRODUCER, "xong")
        await slow.requested.wait()
        await all_recorded(api)
        slow.release()
        await channel.finished.wait(typed.update_id, timeout=30)
        files, answer = await stored_photos(chat)
        assert files == [f"photos:{hashlib.sha256(photo(7)).hexdigest()}"]
        assert answer == {"count": 1}
        received, done = api.sent_messages(PRODUCER)[-2:]
        assert "Đã lưu ảnh thứ 1" in received.shown_text
        assert "Đã lưu" in done.shown_text and "Bước" in done.shown_text


async def test_a_button_press_waits_for_the_message_sent_before_it(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    """The press is answered (spinner stopped) at once, but handled after the photo."""
    async with running_bot(tg_settings) as channel:
        chat = TgChat(api, channel, PRODUCER)
        await at_the_photos_question(chat)
        before = len(api.sent_messages(PRODUCER))
        sent = api.send_photo(PRODUCER, photo(9))
        slow = api.hold_download(api.largest_photo_id(sent))
        xong = api.press_button(PRODUCER, text="✔ Xong")
        await slow.requested.wait()
        await api.wait_for(
            lambda: [
                a for a in api.callback_answers if a.callback_query_id == xong.callback_query_id
            ],
            what="the press answered while the photo still downloads",
        )
        assert len(api.sent_messages(PRODUCER)) == before  # nothing answered out of turn
        slow.release()
        await channel.finished.wait(xong.update_id, timeout=30)
        files, answer = await stored_photos(chat)
        assert files == [f"photos:{hashlib.sha256(photo(9)).hexdigest()}"]
        assert answer == {"count": 1}


async def test_a_token_revoked_while_polling_stops_the_bot_with_an_error(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    """The poller does not spin on a token Telegram refuses: ``ocop-bot run`` ends with 1."""
    running = asyncio.create_task(run_bot(tg_settings, open_assistant))
    await api.wait_for(lambda: api.count("getUpdates") >= 1, what="polling")
    api.fail_next("getUpdates", 401, "Unauthorized", times=3)
    async with asyncio.timeout(30):
        assert await running == 1
