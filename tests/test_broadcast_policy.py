"""Channel rules for messages the assistant starts: Zalo caps and reply window, Telegram none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.broadcast.notify import reachable
from bot.broadcast.planner import Audience, plan
from bot.storage.announcements import AnnouncementRepo
from bot.storage.db import Database
from bot.storage.outbox import OutboxRepo, Recipient, RowStatus
from bot.storage.users import UserRepo
from tests.support.officer_kit import VAN_THANG


async def test_zalo_followers_over_their_caps_are_left_out_and_counted(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users, outbox, announcements = UserRepo(db), OutboxRepo(db), AnnouncementRepo(db)
    author, _ = await users.touch("telegram", "officer")
    members = {}
    for channel, ext in (
        ("telegram", "t1"),
        ("zalo", "z-fresh"),
        ("zalo", "z-today"),
        ("zalo", "z-month"),
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
    assert result.by_channel == {"telegram": 1, "zalo": 1}
    await db.close()


async def test_zalo_user_silent_for_more_than_a_week_cannot_be_written_to_first(
    tmp_path: Path,
) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users = UserRepo(db)
    zalo, _ = await users.touch("zalo", "z")
    telegram, _ = await users.touch("telegram", "t")
    now = datetime.now(UTC)
    assert reachable(zalo, 30, now) and reachable(telegram, 30, now)
    later = now + timedelta(days=8)
    assert not reachable(zalo, 30, later)
    assert reachable(telegram, 30, later)
    await db.close()
