"""Messages the assistant starts, to Zalo users: sent when Zalo lets us, otherwise counted as
"not reachable on Zalo" — never as sent.

The Zalo Bot Platform documents no reply window (docs/zalo.md; shared research
zalo-and-scale.md A1 "Proactive sending"), so a Bot Platform user silent for months is still
written to — as long as this deployment runs the Zalo channel (``ZALO_BOT_TOKEN``). Without
it, nothing here can reach them: an announcement leaves them out and says so in its preview
and its report, a re-evaluation reminder waits for the next run, a decision's notice is
reported as not delivered. A Zalo OA user (the adapter designed, not built) is reachable only
within seven days of their last message.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.app import build_services
from bot.broadcast.planner import Audience, plan
from bot.core import Assistant
from bot.reminders import run_reminders
from bot.review import decide
from bot.roles import scope_of
from bot.settings import Settings
from bot.storage.announcements import AnnouncementRepo
from bot.storage.applications import Status
from bot.storage.db import Database
from bot.storage.users import UserRepo
from tests.support.chat import ChatClient
from tests.support.cli import run_cli
from tests.support.officer_fixtures import assistant, drain, sender, settings
from tests.support.officer_kit import VAN_THANG, RecordingSender, make_officer, make_producers
from tests.support.web import login, make_application, web_client

__all__ = ["assistant", "sender", "settings"]
ISSUED = date(2024, 3, 15)  # the re-evaluation window opens on 16/09/2026
OPENS = datetime(2026, 9, 16, 2, tzinfo=UTC)


async def test_an_announcement_leaves_out_zalo_users_when_the_zalo_channel_does_not_run(
    assistant: Assistant, sender: RecordingSender
) -> None:
    services = assistant.services
    assert not services.settings.has_zalo_token
    await make_producers(services, 3, VAN_THANG)
    await make_producers(services, 2, VAN_THANG, channel="zalo", prefix="z")
    await make_officer(services, "cb", VAN_THANG)
    officer = ChatClient(assistant, "cb", "Cán bộ Hà")

    await officer.send("/canbo")
    await officer.press("Thông báo")
    await officer.press("Soạn thông báo mới")
    await officer.send("Tập huấn OCOP lúc 8h ngày 20/12 tại UBND xã")
    assert "người nhận: 3" in officer.text
    assert "2 người dùng Zalo không liên lạc được qua Zalo (kênh Zalo chưa chạy" in officer.text
    await officer.press("Gửi ngay")
    await drain(assistant)

    assert set(sender.recipients()) == {"p0", "p1", "p2", "cb"}
    report = sender.texts_to("cb")[-1]
    assert "Báo cáo thông báo" in report and "(3 người nhận)" in report
    assert "Đã gửi: 3" in report and "Lỗi: 0" in report
    assert "Không liên lạc được qua Zalo (không gửi, không tính vào số người nhận): 2" in report
    rows = await services.db.fetch_all(
        "SELECT o.id FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.channel = 'zalo'"
    )
    assert rows == []  # nothing queued that could only fail
    client = await web_client(assistant)
    try:
        await login(client, services, await make_officer(services, "cb-web", VAN_THANG))
        page = await (await client.get("/web/thong-bao")).text()
    finally:
        await client.close()
    assert "+2 không liên lạc được qua Zalo" in page


async def test_the_planner_reaches_silent_bot_platform_users_but_not_silent_oa_users(
    tmp_path: Path,
) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users, announcements = UserRepo(db), AnnouncementRepo(db)
    for channel, ext in (("telegram", "t"), ("zalo", "z-bot"), ("zalo_oa", "z-oa")):
        user, _ = await users.touch(channel, ext)
        await users.save_commune(user.id, VAN_THANG, subscribe=True)
    later = datetime.now(UTC) + timedelta(days=60)  # nobody has written for two months

    running = await plan(announcements, Audience(VAN_THANG), rate=30, now=later)
    off = await plan(announcements, Audience(VAN_THANG), rate=30, now=later, zalo_running=False)

    assert {r.external_id for r in running.recipients} == {"t", "z-bot"}
    assert running.excluded == {"zalo_window": 1} and running.zalo_unreachable == 1
    assert {r.external_id for r in off.recipients} == {"t"}
    assert off.excluded == {"zalo_off": 1, "zalo_window": 1} and off.zalo_unreachable == 2
    await db.close()


async def _zalo_producer_with_a_reminder(settings: Settings) -> int:
    services = await build_services(settings)
    try:
        user, _ = await services.users.touch("zalo", "6ede9afa66b88fe6d6a9", "Chị Lan")
        await services.users.save_commune(user.id, VAN_THANG, subscribe=True)
        await services.reminders.save_new(user.id, ISSUED, product="Gạo tám")
    finally:
        await services.db.close()
    return user.id


async def test_a_reminder_to_a_zalo_user_waits_until_the_zalo_channel_runs(
    settings: Settings,
) -> None:
    await _zalo_producer_with_a_reminder(settings)
    services = await build_services(settings)
    try:
        report = await run_reminders(services, OPENS)
    finally:
        await services.db.close()
    assert (report.queued, report.unreachable, report.zalo_unreachable) == (0, 1, 1)

    with_zalo = settings.model_copy(update={"zalo_bot_token": SecretStr("123:abc")})
    services = await build_services(with_zalo)
    try:
        report = await run_reminders(services, OPENS + timedelta(days=1))
        rows = await services.db.fetch_all("SELECT channel, external_id FROM outbox")
    finally:
        await services.db.close()
    assert (report.queued, report.zalo_unreachable) == (1, 0)  # no window on the Bot Platform
    assert [(r["channel"], r["external_id"]) for r in rows] == [("zalo", "6ede9afa66b88fe6d6a9")]


async def test_maintenance_run_says_how_many_zalo_users_it_could_not_reach(
    settings: Settings,
) -> None:
    from bot.reminders import today_in_vietnam
    from knowledge.reevaluation import add_months

    services = await build_services(settings)
    try:
        user, _ = await services.users.touch("zalo", "6ede9afa66b88fe6d6a9", "Chị Lan")
        issued = add_months(today_in_vietnam(), -36) + timedelta(days=175)  # window open
        await services.reminders.save_new(user.id, issued)
    finally:
        await services.db.close()
    env = {
        "OCOP_DB_PATH": str(settings.db_path),
        "OCOP_FILES_DIR": str(settings.files_dir),
        "OCOP_EXPORTS_DIR": str(settings.exports_dir),
        "ZALO_BOT_TOKEN": "",
    }
    done = run_cli(["maintenance", "run"], env)
    assert done.returncode == 0, done.stderr
    assert "Nhắc hạn đánh giá lại: xếp gửi 0 tin (1 người chưa nhắn được" in done.stdout
    assert "trong đó 1 người dùng Zalo không liên lạc được qua Zalo" in done.stdout


async def test_a_decision_for_a_zalo_producer_is_reported_as_not_delivered_without_zalo(
    assistant: Assistant,
) -> None:
    services = assistant.services
    owner, _ = await services.users.touch("zalo", "6ede9afa66b88fe6d6a9", "Chị Lan")
    app = await make_application(services, owner, VAN_THANG)
    officer = await make_officer(services, "cb", VAN_THANG)

    scope = scope_of(officer)
    assert scope is not None
    decision = await decide(services, officer, scope, app.id, Status.ACCEPTED, "", ())

    assert decision.app is not None and decision.app.status is Status.ACCEPTED
    assert decision.delivered is False  # the officer is told the producer was not reached
    rows = await services.db.fetch_all("SELECT id FROM outbox WHERE user_id = ?", (owner.id,))
    assert rows == []
