"""Long polling has one consumer per bot: a second process on the same database stands by.

Telegram ends a ``getUpdates`` when another starts (409 Conflict), so two processes polling
one bot would keep cutting each other off. The poller polls only while it holds the
``poll:telegram`` lease in the database; a second ``ocop-bot run`` waits, and takes over when
the first dies. Runs on either engine (SQLite: two processes share the file's leases too).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.crash.telegram import BotProcess
from tests.fakes.bot_api import FakeBotApi


def conflicts(api: FakeBotApi) -> int:
    return sum(1 for call in api.calls_to("getUpdates") if call.status == 409)


async def test_a_second_poller_stands_by_and_takes_over_when_the_first_dies(
    tmp_path: Path,
) -> None:
    async with FakeBotApi() as api:
        first, second = BotProcess(api, tmp_path), BotProcess(api, tmp_path)
        try:
            await first.start()
            await second.start(wait=False)
            await api.wait_for(  # the second is up: it cleared the webhook, then would poll
                lambda: len(api.calls_to("deleteWebhook")) >= 2, timeout=60, what="second up"
            )
            await asyncio.sleep(3)  # only the first polls: nothing is cut off
            assert conflicts(api) == 0
            await first.kill()
            pushed = api.send_command(5, "/start")  # the second takes over and answers
            replies = await api.wait_for_messages(5, 1, timeout=60, after=pushed.message_id)
            assert "Xin chào" in replies[0].shown_text
        finally:
            await first.kill()
            await second.kill()
