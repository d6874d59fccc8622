"""Pacing against a Bot API server that enforces Telegram's limits strictly
(``FakeBotApi.telegram_limits``: 30 in any sliding second overall, 3 in any 3 s per chat,
edits count, 429 beyond), with the channel's production pacing:

- an announcement goes out while producers chat: nobody is refused, and every producer's
  message is answered (replies take the next slot before the broadcast);
- a 429 on one chat pauses that chat only: the others keep receiving theirs meanwhile;
- two worker processes sharing the database's slot row stay under the limit together
  (and, for contrast, two that each pace on their own do not).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from functools import partial

from telegram import Bot

from bot.channels.telegram.api_client import BotApiClient, RateLimited
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.pacing import Pacer, Pacing
from bot.pace import SlotReserver
from bot.roles import Role
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.officers import OfficerRepo
from bot.storage.outbox import Recipient
from bot.storage.pace import PaceRepo
from tests.fakes.bot_api import FakeBotApi
from tests.support.officer_kit import VAN_THANG, make_producers
from tests.support.tg import TgChat, running_bot, telegram_settings

OFFICER = 3001
MARKER = "Tập huấn OCOP"
# Production pacing, except the margin for jitter: production's covers the network's
# (25 ms); on this shared test machine the event loop's own pauses under load can be
# longer, and a test must not fail for that. Slots 36.7 ms apart, at most 30 in 1.1 s.
PACING = Pacing(overall_margin=0.1)


async def queue_announcement(channel: TelegramChannel, subscribers: int) -> list[int]:
    """``subscribers`` producers of Vạn Thắng and one announcement to them, queued."""
    services = channel.assistant.services
    repo = OfficerRepo(services.db)
    officer = await repo.ensure_user("telegram", str(OFFICER))
    await repo.save_officer(officer.id, Role.OFFICER, VAN_THANG)
    users = await make_producers(services, subscribers, VAN_THANG, channel="telegram", prefix="5")
    await services.announcements.save_announcement(
        author_id=officer.id,
        commune_id=VAN_THANG,
        audience={},
        text=f"{MARKER} lúc 8h ngày 20/12 tại UBND xã",
        recipients=[Recipient(u.id, "telegram", u.external_id) for u in users],
    )
    services.kick_outbox()
    return [int(u.external_id) for u in users]


def announced(api: FakeBotApi, chat: int) -> int:
    return sum(MARKER in m.shown_text for m in api.sent_messages(chat))


async def test_producers_chatting_during_a_broadcast_are_answered_and_nobody_gets_a_429(
    settings: Settings,
) -> None:
    async with FakeBotApi() as api:
        api.telegram_limits()
        tg_settings = telegram_settings(settings, api, flood_max_messages=0)
        async with running_bot(tg_settings, pacing=PACING) as channel:
            subscribers = await queue_announcement(channel, 90)

            async def producer(number: int) -> list[int]:
                chat = TgChat(api, channel, 7000 + number, f"Hộ {number}")
                answered = [len(await chat.send("/start"))]
                for question in ("hồ sơ gồm những gì", "mấy sao thì được công nhận"):
                    answered.append(len(await chat.send(question)))
                return answered

            answers = await asyncio.gather(*(producer(n) for n in range(6)))
            await api.wait_for(lambda: all(announced(api, c) for c in subscribers), timeout=90)

        assert all(count >= 1 for each in answers for count in each)  # every message answered
        assert [announced(api, chat) for chat in subscribers] == [1] * 90
        assert api.count_429 == 0  # no subscriber, producer or officer was refused


async def test_a_429_on_one_chat_does_not_stop_delivery_to_the_others(
    settings: Settings,
) -> None:
    async with FakeBotApi() as api:
        api.telegram_limits()
        tg_settings = telegram_settings(settings, api)
        async with running_bot(tg_settings, pacing=PACING) as channel:
            refused = 50  # the first subscriber's chat ("5" + "0")
            api.fail_next("sendMessage", 429, chat_id=refused, retry_after=5)
            subscribers = await queue_announcement(channel, 40)
            await api.wait_for(lambda: all(announced(api, c) for c in subscribers), timeout=90)

        sends = [c for c in api.calls_to("sendMessage") if c.chat_id in set(subscribers)]
        first_ok = next(i for i, c in enumerate(sends) if c.chat_id == refused and c.ok)
        before = {c.chat_id for c in sends[:first_ok] if c.ok}
        assert [c.status for c in sends if c.chat_id == refused] == [429, 200]
        assert before == set(subscribers) - {refused}  # everyone else while it waited
        assert api.count_429 == 1


def two_workers(api: FakeBotApi, shared: Callable[[], SlotReserver | None]) -> list[BotApiClient]:
    return [
        BotApiClient(
            Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url),
            Pacer(PACING, shared=shared()),
        )
        for _ in range(2)
    ]


async def broadcast_from_two_workers(api: FakeBotApi, clients: list[BotApiClient]) -> None:
    async def one(client: BotApiClient, chat: int) -> None:
        with contextlib.suppress(RateLimited):  # refused too often: counted by the server
            await client.send_text(chat, "Thông báo của xã", urgent=False)

    for client in clients:
        await client.bot.initialize()
    try:
        sends = [
            one(client, 10_000 * (n + 1) + chat)
            for n, client in enumerate(clients)
            for chat in range(60)
        ]
        await asyncio.gather(*sends)
    finally:
        for client in clients:
            await client.bot.shutdown()


async def test_two_workers_sharing_the_slot_row_stay_under_the_limit_together(
    settings: Settings,
) -> None:
    # Each "process" has its own connection to the database, as two workers would.
    databases = [await Database.open(settings.database()) for _ in range(2)]
    repos = iter([PaceRepo(db) for db in databases])
    try:
        async with FakeBotApi() as api:
            api.telegram_limits()
            clients = two_workers(api, lambda: partial(next(repos).reserve, "telegram"))
            await broadcast_from_two_workers(api, clients)
            delivered = {c.chat_id for c in api.calls_to("sendMessage") if c.ok}
            assert len(delivered) == 120
            assert api.count_429 == 0  # never more than 30 in any second at the server
    finally:
        for db in databases:
            await db.close()


async def test_two_workers_pacing_each_on_its_own_would_exceed_the_limit() -> None:
    async with FakeBotApi() as api:
        api.telegram_limits()
        api.rate_limit_retry_after = 0  # retried at once: the test is about the refusals
        await broadcast_from_two_workers(api, two_workers(api, lambda: None))
        assert api.count_429 > 0  # what the shared row prevents
