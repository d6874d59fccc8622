"""Channel rules for messages the assistant starts: Zalo OA caps and reply window (the
Bot Platform channel "zalo" has neither, only a cautious rate), Telegram none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.broadcast.notify import reachable
from bot.broadcast.planner import Audience, plan
from bot.broadcast.policy import policy_for
from bot.storage.announcements import AnnouncementRepo
from bot.storage.db import Database
from bot.storage.outbox import OutboxRepo, Recipient, RowStatus
from bot.storage.users import UserRepo
from tests.support.officer_kit import VAN_THANG


async def test_zalo_oa_followers_over_their_caps_are_left_out_and_counted(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users, outbox, announcements = UserRepo(db), OutboxRepo(db), AnnouncementRepo(db)
    author, _ = await users.touch("telegram", "officer")
    members = {}
    for channel, ext in (
        ("telegram", "t1"),
        ("zalo_oa", "z-fresh"),
        ("zalo_oa", "z-today"),
        ("zalo_oa", "z-month"),
    ):
        user, _ = await users.touch(channel, ext)
        await users.save_commune(user.id, VAN_THANG, subscribe=True)
        members[ext] = user
    blocked, _ = await users.touch("telegram", "t-blocked")
    await users.save_commune(blocked.id, VAN_THANG, subscribe=True)
    await users.save_blocked(blocked.id, True)

    # A fixed moment in the middle of a Vietnamese month: caps count by local day and month
    # (UTC+7), so "now" must not be near a local midnight or the first of a month.
    now = datetime(2026, 11, 15, 5, 0, tzinfo=UTC)
    sent_before = [("z-today", 1), ("z-month", 4), ("t1", 9)]
    for ext, times in sent_before:
        for _ in range(times):
            user = members[ext]
            announcement = await announcements.save_announcement(
                author_id=author.id,
                commune_id=VAN_THANG,
                audience={},
                text="cũ",
                recipients=[Recipient(user.id, user.channel, ext)],
            )
            [row] = await outbox.claim(1)
            assert row.announcement_id == announcement
            await outbox.save_result(row.id, RowStatus.SENT)
            await announcements.save_finished(announcement)
    # the "today" follower got one this morning; the "month" follower's messages were sent
    # earlier this month, not today
    for ext, when in (("z-today", now - timedelta(hours=1)), ("z-month", now - timedelta(days=2))):
        await db.execute(
            "UPDATE outbox SET done_at = ? WHERE user_id = ?", (when.isoformat(), members[ext].id)
        )

    result = await plan(announcements, Audience(VAN_THANG), rate=30, now=now)
    chosen = {r.external_id for r in result.recipients}
    assert chosen == {"t1", "z-fresh"}
    assert result.excluded["blocked"] == 1
    assert result.excluded.get("daily_cap", 0) + result.excluded.get("monthly_cap", 0) == 2
    assert result.by_channel == {"telegram": 1, "zalo_oa": 1}
    await db.close()


async def test_zalo_oa_user_silent_for_more_than_a_week_cannot_be_written_to_first(
    tmp_path: Path,
) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users = UserRepo(db)
    zalo, _ = await users.touch("zalo_oa", "z")
    telegram, _ = await users.touch("telegram", "t")
    now = datetime.now(UTC)
    assert reachable(zalo, 30, now) and reachable(telegram, 30, now)
    later = now + timedelta(days=8)
    assert not reachable(zalo, 30, later)
    assert reachable(telegram, 30, later)
    await db.close()


async def test_zalo_bot_platform_users_have_no_caps_and_no_window_only_a_cautious_rate(
    tmp_path: Path,
) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users, announcements = UserRepo(db), AnnouncementRepo(db)
    bot_user, _ = await users.touch("zalo", "z-bot")
    await users.save_commune(bot_user.id, VAN_THANG, subscribe=True)
    now = datetime.now(UTC)
    assert reachable(bot_user, 30, now + timedelta(days=60))  # no reply window documented
    result = await plan(announcements, Audience(VAN_THANG), rate=30, now=now)
    assert [r.external_id for r in result.recipients] == ["z-bot"]
    zalo = policy_for("zalo", 28.5)
    assert zalo.daily_cap is None and zalo.monthly_cap is None and zalo.reply_window is None
    assert zalo.rate_per_second < policy_for("telegram", 28.5).rate_per_second
    assert policy_for("zalo", 2.0).rate_per_second == 2.0  # BROADCAST_RATE still caps it
    await db.close()
