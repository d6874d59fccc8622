"""Flood control and the daily byte quota are checked before any file is fetched (issue 11,
item 9): a refused file costs no ``getFile`` and no download, and the producer is told why.

End to end against the fake Bot API, which counts every getFile and download.
"""

from __future__ import annotations

from bot.core import FileGate
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.quota import QuotaRepo
from tests.fakes.bot_api import FakeBotApi
from tests.support.registration_script import png_bytes
from tests.support.tg import TgChat, running_bot, telegram_settings
from tests.support.tg_form import asked, fill, start_registration

FLOODER = 3101
PRODUCER = 3102


def photo(number: int) -> bytes:
    return png_bytes(rgb=(number % 256, number // 256, 77))


async def test_files_sent_in_a_flood_are_not_fetched(api: FakeBotApi, settings: Settings) -> None:
    limit = 5
    config = telegram_settings(settings, api, flood_max_messages=limit)
    async with running_bot(config) as channel:
        api.set_user(FLOODER, first_name="Tí")
        burst = [api.send_photo(FLOODER, photo(n)) for n in range(30)]
        for pushed in burst:
            await channel.finished.wait(pushed.update_id, timeout=30)
        assert api.count("getFile") == limit  # the 25 over the limit were never fetched
        assert len(api.downloads) == limit
        told = [t for t in api.texts(FLOODER) if "gửi nhanh quá" in t]
        assert len(told) == 1  # one friendly notice for the whole flood
        assert "gửi nhanh quá" in api.texts(FLOODER)[-1]  # and nothing after it


async def test_files_over_the_daily_quota_are_refused_before_fetching(
    api: FakeBotApi, settings: Settings
) -> None:
    pictures = [photo(n) for n in range(4)]
    allowance = len(pictures[0]) + len(pictures[1]) + len(pictures[2]) // 2
    config = telegram_settings(settings, api, flood_max_messages=0, user_daily_bytes=allowance)
    async with running_bot(config) as channel:
        chat = TgChat(api, channel, PRODUCER)
        await start_registration(chat)
        await fill(chat, stop_before="photos")
        field = asked(chat)
        assert field is not None and field.id == "photos"
        fetched = api.count("getFile")
        await chat.send_photo(pictures[0])
        await chat.send_photo(pictures[1])
        assert "Đã lưu ảnh thứ 2" in chat.text
        await chat.send_photo(pictures[2])
        assert "đã gửi đủ dung lượng tệp cho phép" in chat.text
        assert "Gửi ảnh sản phẩm" in chat.text  # and the question again
        await chat.send_photo(pictures[3])
        assert "đã gửi đủ dung lượng tệp cho phép" in chat.text
        assert api.count("getFile") == fetched + 2  # the refused ones were not fetched
        services = channel.assistant.services
        user = await services.users.get_by_external("telegram", str(PRODUCER))
        assert user is not None
        [app] = await services.applications.list_for_owner(user.id)
        assert len(await services.applications.list_attachments(app.id, "photos")) == 2


async def test_the_quota_counts_unknown_sizes_as_the_largest_file() -> None:
    db = await Database.open(":memory:")
    try:
        quota = QuotaRepo(db)
        gate = FileGate(quota, "telegram", "7", limit=25 * 1024 * 1024)
        assert await gate.admit(None) == ""  # counted as 20 MB
        assert await gate.admit(6 * 1024 * 1024) == "quota"
        assert await gate.admit(4 * 1024 * 1024) == ""
        assert await quota.get_used("telegram", "7") == 24 * 1024 * 1024
        flooded = FileGate(quota, "telegram", "8", limit=25 * 1024 * 1024, refuse="flood")
        assert await flooded.admit(10) == "flood"
        assert await quota.get_used("telegram", "8") == 0
    finally:
        await db.close()
