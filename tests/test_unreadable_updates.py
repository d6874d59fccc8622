"""Polling neither loses nor stalls on an update it could not take in (issue 11, item 1).

Found by the end-to-end run against telegram-test-api (docs/e2e-third-party.md): that
server sends callback queries without ``chat_instance``, PTB cannot read such a batch, and
the poller asked for the same batch again and again — every user waited forever. And an
update is confirmed to Telegram only once the inbox holds it: when recording fails, the
next ``getUpdates`` must not confirm it.
"""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.fakes.bot_api import FakeBotApi
from tests.support.tg import TgUser, running_bot, telegram_settings

LAN, MAI = 2201, 2202


@pytest.fixture
def tg_settings(settings: Settings, api: FakeBotApi) -> Settings:
    return telegram_settings(settings, api, flood_max_messages=0)


async def test_a_press_ptb_cannot_read_gets_an_apology_and_stops_nobody(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    async with running_bot(tg_settings) as channel:
        lan, mai = TgUser(api, LAN, "Lan"), TgUser(api, MAI, "Mai")
        await lan.start()
        broken = api.press_button(LAN, text="Xã Vạn Thắng", enqueue=False).update
        del broken["callback_query"]["chat_instance"]  # Telegram always sends it
        before = len(api.sent_messages(LAN))
        api.push_update(broken)
        replies = await mai.start()  # the next update, another user's: answered
        assert "Xin chào Mai" in mai.texts(replies)
        apology = channel.assistant.texts.t("core.error")
        await api.wait_for(
            lambda: [m for m in api.sent_messages(LAN)[before:] if apology in m.shown_text],
            what="the apology for the press that could not be read",
        )
        again = await lan.press("Xã Vạn Thắng", expect=2)  # pressed again, it works
        assert "Đã ghi nhận xã" in lan.texts(again)
        await channel.finished.wait(broken["update_id"])


async def test_an_update_the_inbox_could_not_take_is_fetched_again_and_answered_once(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    async with running_bot(tg_settings) as channel:
        assistant = channel.assistant
        accept = assistant.accept
        failures = []

        async def fails_once(*args: object) -> bool:
            if not failures:
                failures.append(args)
                raise RuntimeError("database is locked")  # not recorded: not confirmed
            return await accept(*args)  # type: ignore[arg-type]

        assistant.accept = fails_once  # type: ignore[method-assign]
        lan = TgUser(api, LAN, "Lan")
        replies = await lan.start()
        assert failures, "the first try to record the update failed"
        assert "Xin chào Lan" in lan.texts(replies)
        await channel.finished.wait(lan.last_update_id)
        greetings = [m for m in api.sent_messages(LAN) if "Xin chào Lan" in m.shown_text]
        assert len(greetings) == 1


async def test_buttons_that_cannot_be_taken_off_do_not_hold_back_the_answer(
    api: FakeBotApi, tg_settings: Settings
) -> None:
    """Taking the pressed buttons off is best effort: Telegram failing it every time (5xx)
    still lets the answer to the press out (it was lost before)."""
    async with running_bot(tg_settings):
        lan = TgUser(api, LAN, "Lan")
        await lan.start()
        api.fail_next("editMessageReplyMarkup", 500, "Internal Server Error", times=10)
        replies = await lan.press("Xã Vạn Thắng", expect=2)
        assert "Đã ghi nhận xã" in lan.texts(replies)
        assert api.count("editMessageReplyMarkup") >= 1
