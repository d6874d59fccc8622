"""An officer's announcement through the real Telegram channel, with the channel's production
pacing, against a Bot API server that enforces Telegram's documented limits
(``FakeBotApi.telegram_limits``): the officer's own chat gets several messages in a row
(preview, confirmation, "queued", the progress message and its edits, the report), and none
of them may be refused with a 429.
"""

from __future__ import annotations

from bot.channels.telegram.pacing import Pacing
from bot.roles import Role
from bot.settings import Settings
from bot.storage.officers import OfficerRepo
from tests.fakes.bot_api import FakeBotApi
from tests.support.officer_kit import VAN_THANG, make_producers
from tests.support.tg import TgChat, running_bot, telegram_settings

OFFICER = 3001


async def test_an_announcement_against_telegram_limits_gets_no_429(settings: Settings) -> None:
    async with FakeBotApi() as api:
        api.telegram_limits()
        tg_settings = telegram_settings(settings, api, flood_max_messages=0)
        async with running_bot(tg_settings, pacing=Pacing()) as channel:
            services = channel.assistant.services
            repo = OfficerRepo(services.db)
            officer = await repo.ensure_user("telegram", str(OFFICER))
            await repo.save_officer(officer.id, Role.OFFICER, VAN_THANG)
            await make_producers(services, 6, VAN_THANG, channel="telegram", prefix="40")
            chat = TgChat(api, channel, OFFICER, "Cán bộ Hà")

            await chat.send("/canbo")
            await chat.press("Thông báo")
            await chat.press("Soạn thông báo mới")
            await chat.send("Tập huấn OCOP lúc 8h ngày 20/12 tại UBND xã")
            assert "người nhận: 6" in chat.text
            await chat.press("Gửi ngay")

            def reported() -> bool:
                return any("Báo cáo thông báo" in m.shown_text for m in api.sent_messages(OFFICER))

            await api.wait_for(reported, timeout=60)

        for number in range(6):
            received = api.sent_messages(400 + number)
            assert len(received) == 1 and "Tập huấn OCOP" in received[0].shown_text
        assert api.count_429 == 0  # neither the officer's chat nor anyone else was refused
