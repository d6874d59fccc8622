"""End to end over the real Telegram stack and the fake Bot API server.

An officer is invited by the link ``ocop-bot officer invite`` prints (its QR code is the
same link), announces to the commune and watches it complete; reviews an application and
asks for a missing item; the producer fixes and resubmits it on Telegram; the office
downloads an XLSX.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import build_parser
from bot.settings import Settings
from bot.storage.applications import Status
from bot.storage.users import Role
from tests.fakes.bot_api import FakeBotApi
from tests.support.chat import ChatClient
from tests.support.officer_fixtures import settings
from tests.support.officer_kit import VAN_THANG
from tests.support.registration_script import fill, load_form, start_registration
from tests.support.tg import TgUser, running_bot, telegram_settings

__all__ = ["settings"]
OFFICER = 700
PRODUCERS = (801, 802, 803, 804)
BLOCKED = 804


async def _invite_link(settings: Settings, capsys: pytest.CaptureFixture[str]) -> str:
    qr = settings.exports_dir / "moi.png"
    args = build_parser().parse_args(["officer", "invite", "--commune", VAN_THANG, "--qr", str(qr)])
    assert await args.func(args, settings) == 0
    assert qr.read_bytes().startswith(b"\x89PNG")
    link = re.search(r"https://t\.me/\S+", capsys.readouterr().out)
    assert link is not None
    return link.group(0)


async def test_officer_invited_by_link_announces_and_watches_it_complete(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeBotApi() as api:
        tg = telegram_settings(settings, api, telegram_bot_username=api.bot_user["username"])
        async with running_bot(tg):
            for chat in PRODUCERS:
                producer = TgUser(api, chat, f"Hộ {chat}")
                await producer.start()
                await producer.press("Xã Vạn Thắng", expect=2)
            api.block(BLOCKED)  # has blocked the bot since

            link = await _invite_link(tg, capsys)
            assert link.startswith(f"https://t.me/{api.bot_user['username']}?start=inv_")
            officer = TgUser(api, OFFICER, "Cán bộ Hà")
            welcome = await officer.start(link.split("start=", 1)[1], expect=2)
            assert "cán bộ Xã Vạn Thắng" in officer.texts(welcome)
            await officer.press("📣 Thông báo")
            await officer.press("✍️ Soạn thông báo mới")
            preview = await officer.send("Tập huấn làm hồ sơ OCOP 8h thứ Bảy tại UBND xã", expect=2)
            assert "người nhận: 4" in officer.texts(preview)
            await officer.press("✅ Gửi ngay")

            def report() -> str | None:
                texts = [m.shown_text for m in api.sent_messages(OFFICER)]
                return next((t for t in texts if "Báo cáo thông báo" in t), None)

            final = await api.wait_for(report, timeout=10, what="the final report")
            assert "Đã gửi: 3" in final and "Đã chặn bot: 1" in final
            for chat in PRODUCERS[:3]:
                got = [m for m in api.sent_messages(chat) if "Tập huấn" in m.shown_text]
                assert len(got) == 1
            progress = [m for m in api.sent_messages(OFFICER) if "Thông báo #1" in m.shown_text]
            assert progress and "xử lý xong 4/4" in progress[-1].shown_text


async def test_review_on_telegram_producer_fixes_and_office_downloads_xlsx(
    settings: Settings,
) -> None:
    async with FakeBotApi() as api:
        tg = telegram_settings(settings, api)
        async with running_bot(tg) as channel:
            assistant = channel.assistant
            # The producer fills the form through the core as Telegram user 801 (the form
            # itself is tested end to end by the registration tests).
            form_chat = ChatClient(assistant, str(PRODUCERS[0]), "Chị Lan", channel="telegram")
            await start_registration(form_chat)
            await fill(form_chat, load_form(), tg.files_dir)
            await form_chat.press("Nộp hồ sơ")
            await form_chat.press("Tôi cam đoan")
            services = assistant.services
            officer_user, _ = await services.users.touch("telegram", str(OFFICER), "Cán bộ Hà")
            await services.users.save_role(officer_user.id, Role.OFFICER, VAN_THANG)

            officer = TgUser(api, OFFICER, "Cán bộ Hà")
            await officer.send("/canbo")
            queue = await officer.press("📂 Hồ sơ chờ duyệt")
            app_label = next(
                b["text"]
                for row in queue[-1].reply_markup["inline_keyboard"]  # type: ignore[index]
                for b in row
                if b["text"].startswith("#")
            )
            before = len(api.sent_messages(OFFICER))
            await officer.press(app_label, expect=4)  # summary (maybe split), DOCX, PDF, decision

            def decision() -> bool:
                return "quyết định" in api.sent_messages(OFFICER)[-1].shown_text

            await api.wait_for(decision, what="the decision buttons")
            opened = api.sent_messages(OFFICER)[before:]
            files = [m.file.file_name or "" for m in opened if m.kind == "document" and m.file]
            assert [Path(name).suffix for name in files] == [".docx", ".pdf"]
            await officer.press("✏️ Cần bổ sung")
            await officer.press("Giá bán")
            await officer.press("Tiếp: ghi chú ▶")
            await officer.send("Ghi rõ giá bán theo kg.")

            producer = TgUser(api, PRODUCERS[0], "Chị Lan")

            def notice() -> bool:
                return any("cần bổ sung" in m.shown_text for m in api.sent_messages(PRODUCERS[0]))

            await api.wait_for(notice, what="the producer's notice")
            await producer.press("✏️ Bổ sung theo yêu cầu")
            await producer.send("40.000 đ/kg")
            owner = await services.users.get_by_external("telegram", str(PRODUCERS[0]))
            assert owner is not None
            [app] = await services.applications.list_for_owner(owner.id)
            await producer.press_data(f"r:sub:{app.id}", strict=False)
            done = await producer.press("✅ Tôi cam đoan và nộp")
            assert "Đã nộp lại" in producer.texts(done)
            app = await services.applications.get(app.id)
            assert app is not None and app.status is Status.SUBMITTED

            await api.wait_for(  # the officer is told first (the outbox sends it meanwhile)
                lambda: any("được nộp lại" in m.shown_text for m in api.sent_messages(OFFICER)),
                what="the officer's alert of the resubmission",
            )
            await officer.send("/canbo")

            def officer_menu() -> bool:  # the alert of the resubmission may come before it
                sent = api.sent_messages(OFFICER)
                return any(b.get("text") == "📥 Xuất Excel" for m in sent for b in m.buttons)

            await api.wait_for(officer_menu, what="the officer's menu")
            before = len(api.sent_messages(OFFICER))
            await officer.press("📥 Xuất Excel")

            def spreadsheet() -> bytes | None:
                sent = api.sent_messages(OFFICER)[before:]
                return next((m.document for m in sent if m.kind == "document"), None)

            document = await api.wait_for(spreadsheet, what="the XLSX")
            sheet = load_workbook(io.BytesIO(document)).active
            assert sheet is not None
            rows = [[c.value for c in row] for row in sheet.iter_rows()]
            price = rows[0].index("Giá bán")
            assert rows[1][0] == app.id and "40.000" in str(rows[1][price])
