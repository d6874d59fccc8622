"""Flood control: a user who floods is told once to slow down; others are not affected."""

from __future__ import annotations

import asyncio

from bot.core import Assistant, FloodGuard
from bot.messages import Incoming, Reply
from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi
from tests.support.tg import running_bot, telegram_settings


def test_flood_guard_allows_a_burst_then_notices_once_then_drops() -> None:
    now = [0.0]
    guard = FloodGuard(limit=3, window=10, clock=lambda: now[0])
    verdicts = [guard.check("a") for _ in range(6)]
    assert verdicts == ["ok", "ok", "ok", "notice", "drop", "drop"]
    assert guard.check("b") == "ok"  # someone else is not limited
    now[0] = 10.5
    assert guard.check("a") == "ok"  # the window has passed


async def test_fifty_messages_in_a_second_get_one_slow_down_notice(assistant: Assistant) -> None:
    got: dict[str, list[str]] = {"flooder": [], "calm": []}

    def deliver_to(who: str):  # type: ignore[no-untyped-def]
        async def deliver(replies: list[Reply]) -> None:
            got[who].extend(r.text for r in replies)

        return deliver

    flood = [
        assistant.process(Incoming.from_text("test", "f", f"tin {i}", "F"), deliver_to("flooder"))
        for i in range(50)
    ]
    calm = [
        assistant.process(Incoming.from_text("test", "c", text, "C"), deliver_to("calm"))
        for text in ("/start", "/help")
    ]
    await asyncio.gather(*flood, *calm)
    notices = [t for t in got["flooder"] if "gửi nhanh quá" in t]
    assert len(notices) == 1
    limit = assistant.services.settings.flood_max_messages
    assert len(got["flooder"]) <= limit * 3  # the rest were dropped, not answered
    assert any("Xin chào" in t for t in got["calm"])
    assert any("hướng dẫn nhanh" in t for t in got["calm"])
    assert not any("gửi nhanh quá" in t for t in got["calm"])


# -- through the Telegram channel, against the fake Bot API server ----------------------------

FLOODER = 3001
CALM = (3002, 3003, 3004)
CALM_SCRIPT = ("/help", "/menu", "/help", "/menu", "/help")
SAID = {"/help": "hướng dẫn nhanh", "/menu": "Bạn muốn làm gì?"}


async def test_a_telegram_flood_gets_one_notice_and_others_are_answered_in_order(
    settings: Settings, api: FakeBotApi
) -> None:
    tg_settings = telegram_settings(settings, api)
    limit = tg_settings.flood_max_messages
    async with running_bot(tg_settings) as channel:
        for user in (FLOODER, *CALM):
            api.set_user(user, first_name=f"U{user}")
        for user in CALM:
            api.send_text(user, "/start xa_13864")
        await api.wait_for(
            lambda: all(any("Bạn muốn làm gì?" in t for t in api.texts(u)) for u in CALM),
            timeout=30,
            what="the calm users are onboarded",
        )
        before = {user: len(api.sent_messages(user)) for user in CALM}
        # 50 messages from one user in one burst, with the others' messages in between
        pushed = []
        for number in range(50):
            pushed.append(api.send_text(FLOODER, f"tin nhắn {number}"))
            if number % 3 == 0 and number // 3 < len(CALM_SCRIPT):
                for user in CALM:
                    pushed.append(api.send_text(user, CALM_SCRIPT[number // 3]))
        for update in pushed:  # every update handled (answered, or dropped by flood control)
            await channel.finished.wait(update.update_id, timeout=60)
        for user in CALM:
            replies = [m.shown_text for m in api.sent_messages(user)[before[user] :]]
            assert len(replies) == len(CALM_SCRIPT), replies
            for sent, reply in zip(CALM_SCRIPT, replies, strict=True):
                assert SAID[sent] in reply, (user, sent, reply)  # answered, in order
            assert not any("gửi nhanh quá" in r for r in replies)
        flooded = api.texts(FLOODER)
        assert sum("gửi nhanh quá" in t for t in flooded) == 1
        assert len([t for t in flooded if "gửi nhanh quá" not in t]) <= limit * 2
