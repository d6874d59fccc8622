"""The scenario of issue 11, item 5, with real processes: the Telegram bot sends an
announcement to 40 producers while an ``ocop-bot chat`` is started against the same live
database. Each producer gets it exactly once.

``python -m bot run`` against the fake Bot API (sending slowly, so that messages are in
flight when the second process starts) and ``python -m bot chat`` over pipes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.storage.db import Database
from tests.crash.announcement import received, seed_announcement
from tests.crash.console import ConsoleBot
from tests.crash.telegram import BotProcess
from tests.fakes.bot_api import FakeBotApi

PRODUCERS = 40


async def open_rows(db_path: Path) -> int:
    db = await Database.open(db_path)
    try:
        row = await db.fetch_one(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
        )
    finally:
        await db.close()
    return int(row[0]) if row else 0


async def test_a_chat_started_against_the_live_database_sends_no_duplicates(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "ocop.db"
    await seed_announcement(db_path, PRODUCERS)
    async with FakeBotApi() as api:
        api.method_delays["sendMessage"] = 0.2  # messages stay in flight a while
        bot = BotProcess(api, tmp_path, {"BROADCAST_RATE": "10"})
        env = {**bot.env, "PYTHONUNBUFFERED": "1"}
        env.pop("TELEGRAM_BOT_TOKEN", None)
        chat = ConsoleBot(env, "local-ops", "Vận hành")
        try:
            await bot.start()
            await api.wait_for(
                lambda: sum(received(api, PRODUCERS).values()) >= 5,
                timeout=30,
                what="the announcement is going out",
            )
            await chat.start()  # a second process on the live database
            number = await chat.send("/help")
            await chat.wait_reply(number, "hướng dẫn nhanh")
            await api.wait_for(
                lambda: min(received(api, PRODUCERS).values()) >= 1,
                timeout=60,
                what="every producer has the announcement",
            )
            async with asyncio.timeout(30):
                while await open_rows(db_path):
                    await asyncio.sleep(0.05)
        finally:
            await chat.kill()
            await bot.kill()
        got = received(api, PRODUCERS)
        assert set(got.values()) == {1}, {c: n for c, n in got.items() if n != 1}
