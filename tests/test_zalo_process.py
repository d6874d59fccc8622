"""``ocop-bot start`` with ``ZALO_BOT_TOKEN``, as an operator runs it: a real process against the
fake Zalo Bot API (tests/fakes/zalo_api.py). A producer onboards with an old commune name,
asks, picks menu items by digit and by label, registers with two photos across a stop and a
SIGKILL (a digit typed while the bot was down still means what they saw), and opens the
Phiếu PDF through its link; the token never reaches the log.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.storage.announcements import AnnouncementRepo
from bot.storage.db import Database
from bot.storage.outbox import Recipient
from bot.storage.users import UserRepo
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.zalo_api import FakeZaloApi
from tests.support import dbread
from tests.support.registration_script import ANSWERS
from tests.support.zalo import ZaloUser, free_port
from tests.support.zalo_form import asked, choose, fill
from tests.support.zalo_process import BotProcess, wait_until

LAN = "6ede9afa66b88fe6d6a9"
MAI = "e4ea2cd5189df1c3a88c"
TG_USER = 7001
VAN_THANG = "13864"
MARKER = "THÔNG BÁO KIỂM THỬ"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/f/\S+\.pdf\S*)")


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi() as fake:
        yield fake


async def test_a_producer_onboards_asks_and_picks_by_digit_and_label_then_sigterm(
    tmp_path: Path,
) -> None:
    # A short secret, unlike Telegram's: only the Zalo client's own masking can hide it.
    async with FakeZaloApi(token="3141592653589793238:zL0-sh0rt_S3cret") as zalo:
        await converse_then_stop(zalo, tmp_path)


async def converse_then_stop(zalo: FakeZaloApi, tmp_path: Path) -> None:
    bot = BotProcess(zalo, tmp_path, {"OCOP_LOG_LEVEL": "DEBUG"})  # most talkative level
    await bot.start()
    try:
        lan = ZaloUser(zalo, LAN, "Lan")
        said = await lan.say("xin chào", expect="Gõ số để chọn.")
        assert "Xin chào Lan! 👋" in said and "Giò chả" not in said
        said = await lan.say("yen thang", expect="Gõ số để chọn.")
        assert "Xã Yên Thắng (cũ) nay thuộc Xã Vạn Thắng" in said
        said = await lan.say("hồ sơ đăng ký OCOP gồm những gì?", expect="Gõ số để chọn.")
        assert "Hồ sơ đăng ký đánh giá OCOP gồm những gì?" in said and "Nguồn:" in said
        said = await lan.say("/menu", expect="Gõ số để chọn.")
        said = await lan.say(lan.number_of("Hướng dẫn"), expect="hướng dẫn nhanh")
        said = await lan.say("Nhận thông báo", expect="thông báo OCOP của Xã Vạn Thắng")
        assert "Bạn đang nhận thông báo" in said
        code = await bot.stop()
    finally:
        await bot.kill()
    log = bot.log
    assert code == 0, log
    assert "Có ZALO_BOT_TOKEN: chạy bot Zalo" in log
    assert "channels started: Zalo" in log
    assert "database closed" in log
    assert zalo.token not in log and zalo.token.split(":", 1)[1] not in log


async def test_registration_survives_a_stop_and_a_sigkill_with_a_digit_typed_meanwhile(
    zalo: FakeZaloApi, tmp_path: Path
) -> None:
    bot = BotProcess(zalo, tmp_path)
    lan = ZaloUser(zalo, LAN, "Lan")
    await bot.start()
    try:
        await lan.say("Vạn Thắng", expect="Gõ số để chọn.")
        said = await lan.say(lan.number_of("Đăng ký sản phẩm"), expect="Gõ số để chọn.")
        await fill(lan, stop_before="commune")
        assert await bot.stop() == 0  # a clean stop mid-form
        await bot.start()
        said = await lan.say("/dangky", expect="Làm tiếp")
        said = await choose(lan, "Làm tiếp", expect="Bước ")
        field = asked(lan)
        assert field is not None and field.id == "commune"
        await fill(lan, stop_before="product_class")
        shown = lan.menu()
        assert "Gạo, ngũ cốc" in " ".join(shown.values())
        # The bot marks the list as shown right after Zalo took its last message; a kill in
        # between makes a digit bring the list again (tests/test_zalo_channel.py). Here:
        await wait_until(lambda: menu_shown(tmp_path / "ocop.db", LAN), 30, "list kept")
        await bot.kill()  # SIGKILL while the choices are on the phone
        # Zalo has no offset: an update handed to a poll of the dead process would be lost.
        # Type once Zalo saw the connection go (the fake cancels that poll).
        await wait_until(lambda: zalo.polls_waiting == 0, 10, "the dead poll to end")
        digit = lan.number_of(ANSWERS["product_class"].press)
        before = len(zalo.messages(LAN))
        zalo.send_text(LAN, digit, name="Lan")  # typed while the bot is down
        await bot.start()
        await wait_until(lambda: len(zalo.messages(LAN)) > before, 30, "the answer to the digit")
        await wait_until(lambda: "Bước " in "".join(zalo.texts(LAN)[before:]), 30, "next step")
        lan.last = zalo.messages(LAN)[before:]
        assert "✅ Đã lưu." in lan.text and "«Gạo, ngũ cốc, hạt sơ chế khác»" in lan.text, lan.text
        assert asked(lan) is not None and asked(lan).id != "product_class", lan.text
        await fill(lan)
        assert "Tóm tắt hồ sơ" in lan.text and "2 ảnh" in lan.text
        await choose(lan, "Nộp hồ sơ", expect="cam đoan")
        said = await choose(lan, "Tôi cam đoan", expect=".pdf")
        [pdf_link] = LINK.findall(said)
        async with aiohttp.ClientSession() as http, http.get(pdf_link) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"].startswith("application/pdf")
            assert (await resp.read()).startswith(b"%PDF")
        assert await bot.stop() == 0
    finally:
        await bot.kill()


async def test_one_process_serves_telegram_and_zalo_and_an_announcement_reaches_both(
    zalo: FakeZaloApi, tmp_path: Path
) -> None:
    async with FakeBotApi() as telegram:
        bot = BotProcess(
            zalo,
            tmp_path,
            {
                "TELEGRAM_BOT_TOKEN": telegram.token,
                "TELEGRAM_API_BASE_URL": telegram.base_url,
                "TELEGRAM_API_FILE_URL": telegram.base_file_url,
            },
        )
        await bot.start()
        try:
            await telegram.wait_for(lambda: telegram.calls_to("getUpdates"), 30, what="polling")
            pushed = telegram.send_command(TG_USER, "/start", f"xa_{VAN_THANG}")
            await telegram.wait_for_messages(TG_USER, 2, 30, after=pushed.message_id)
            lan = ZaloUser(zalo, LAN, "Lan")
            await lan.say("Vạn Thắng", expect="Gõ số để chọn.")
            blocked = ZaloUser(zalo, MAI, "Mai")
            await blocked.say("Vạn Thắng", expect="Gõ số để chọn.")
            zalo.block(MAI)  # Mai blocks the bot: sends to her answer 403
            await announce(tmp_path / "ocop.db")
            await wait_until(lambda: any(MARKER in t for t in zalo.texts(LAN)), 60, "zalo")
            await telegram.wait_for(
                lambda: any(MARKER in t for t in telegram.texts(TG_USER)), 60, what="telegram"
            )
            await wait_until(
                lambda: outbox_status(tmp_path / "ocop.db", MAI) == "blocked", 30, "403"
            )
            assert await bot.stop() == 0
        finally:
            await bot.kill()
    assert "Có TELEGRAM_BOT_TOKEN và ZALO_BOT_TOKEN: chạy bot Telegram và Zalo" in bot.log
    assert "channels started: Telegram (@" in bot.log and ", Zalo (" in bot.log
    assert [t for t in zalo.texts(LAN) if MARKER in t] == [
        next(t for t in zalo.texts(LAN) if MARKER in t)
    ]  # once
    assert not any(MARKER in t for t in zalo.texts(MAI))
    assert user_blocked(tmp_path / "ocop.db", MAI)


async def announce(db_path: Path) -> None:
    """An officer's announcement to the subscribers of Vạn Thắng on every channel, queued
    while the bot runs (as the officer side does)."""
    db = await Database.open(db_path)
    try:
        users = UserRepo(db)
        officer, _ = await users.touch("telegram", "4242", "Cán bộ")
        rows = await db.fetch_all(
            "SELECT id, channel, external_id FROM users WHERE commune_id = ? AND subscribed = 1",
            (VAN_THANG,),
        )
        recipients = [Recipient(int(r["id"]), r["channel"], r["external_id"]) for r in rows]
        assert {r.channel for r in recipients} == {"telegram", "zalo"}
        await AnnouncementRepo(db).save_announcement(
            author_id=officer.id,
            commune_id=VAN_THANG,
            audience={},
            text=f"{MARKER}: tập huấn OCOP sáng thứ Bảy tại UBND xã.",
            recipients=recipients,
        )
    finally:
        await db.close()


def outbox_status(db_path: Path, external_id: str) -> str:
    conn = dbread.connect(db_path)
    try:
        row = conn.execute(
            "SELECT status FROM outbox WHERE channel = 'zalo' AND external_id = ?", (external_id,)
        ).fetchone()
    finally:
        conn.close()
    return str(row[0]) if row else ""


def menu_shown(db_path: Path, external_id: str) -> bool:
    conn = dbread.connect(db_path)
    try:
        row = conn.execute(
            "SELECT m.shown FROM channel_menus m JOIN users u ON u.id = m.user_id"
            " WHERE u.channel = 'zalo' AND u.external_id = ?",
            (external_id,),
        ).fetchone()
    finally:
        conn.close()
    return bool(row and row[0])


def user_blocked(db_path: Path, external_id: str) -> bool:
    conn = dbread.connect(db_path)
    try:
        row = conn.execute(
            "SELECT blocked FROM users WHERE channel = 'zalo' AND external_id = ?", (external_id,)
        ).fetchone()
    finally:
        conn.close()
    return bool(row and row[0])


async def test_the_webhook_answers_and_refuses_a_wrong_secret(
    zalo: FakeZaloApi, tmp_path: Path
) -> None:
    port = free_port()
    bot = BotProcess(
        zalo,
        tmp_path,
        {
            "ZALO_WEBHOOK_URL": f"http://127.0.0.1:{port}/zalo/hook",
            "ZALO_WEBHOOK_SECRET": "a-secret-of-the-operator",
            "ZALO_WEBHOOK_PORT": str(port),
        },
    )
    await bot.start(wait="webhook")
    try:
        assert zalo.webhook_url == f"http://127.0.0.1:{port}/zalo/hook"
        lan = ZaloUser(zalo, LAN, "Lan")
        said = await lan.say("xin chào", expect="Gõ số để chọn.")
        assert "Xin chào Lan!" in said
        assert [d.status for d in zalo.deliveries] == [200]
        forged = zalo.users.text(LAN, "/help", name="Lan")
        zalo.known_chats.add(LAN)
        delivery = await zalo.deliver_with_secret(forged, "not-the-secret")
        assert delivery.status == 403
        said = await lan.say("Vạn Thắng", expect="Đã ghi nhận")
        assert "hướng dẫn nhanh" not in "\n".join(zalo.texts(LAN))  # the forged one never ran
        assert await bot.stop() == 0
    finally:
        await bot.kill()
    assert "a-secret-of-the-operator" not in bot.log


async def test_a_refused_token_stops_the_start_and_a_revoked_one_stops_the_bot(
    zalo: FakeZaloApi, tmp_path: Path
) -> None:
    wrong = BotProcess(zalo, tmp_path, {"ZALO_BOT_TOKEN": "1459232241454765289:not-the-token"})
    await wrong.start(wait="none")
    assert wrong.proc is not None
    assert await asyncio.wait_for(wrong.proc.wait(), 60) == 1
    await wrong.kill()
    assert "zalo: could not start: Zalo getMe: 401" in wrong.log
    assert "not-the-token" not in wrong.log

    bot = BotProcess(
        zalo, tmp_path / "second" if (tmp_path / "second").mkdir() is None else tmp_path
    )
    await bot.start()
    try:
        zalo.token = "1459232241454765289:reset-in-zalo-bot-creator"  # the old one is refused
        assert bot.proc is not None
        assert await asyncio.wait_for(bot.proc.wait(), 60) == 1  # Zalo was its only channel
    finally:
        await bot.kill()
    assert "the bot token was refused (401)" in bot.log
