"""An announcement to many subscribers, sent by the bot's outbox worker while it is killed.

Owns seeding (subscribers of one commune, an officer, one announcement queued through the
officer side's :class:`~bot.storage.announcements.AnnouncementRepo`, written before the
bot starts), noting which recipients were *in flight* at each kill (outbox rows claimed,
``sending``), and the final check: everyone got it at least once, and nobody more often
than their row was in flight at a kill.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bot.storage.announcements import AnnouncementRepo
from bot.storage.db import Database
from bot.storage.outbox import Recipient
from bot.storage.users import UserRepo
from tests.fakes.bot_api import FakeBotApi
from tests.support import dbread

COMMUNE = "13864"
MARKER = "THÔNG BÁO KIỂM THỬ"
OFFICER = 42
FIRST_SUBSCRIBER = 20_000


def subscribers(count: int) -> list[int]:
    return list(range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + count))


async def seed_announcement(db_path: Path, count: int) -> None:
    """``count`` subscribers and one announcement to them, queued (the bot is not running)."""
    db = await Database.open(db_path)
    try:
        users = UserRepo(db)
        now = "2026-01-01T00:00:00+00:00"
        rows = [("telegram", str(chat), now, now, COMMUNE) for chat in subscribers(count)]
        rows.append(("telegram", str(OFFICER), now, now, COMMUNE))
        await db.execute_many(
            "INSERT INTO users (channel, external_id, created_at, last_seen_at, commune_id,"
            " subscribed) VALUES (?, ?, ?, ?, ?, 1)",
            rows,
        )
        officer = await users.get_by_external("telegram", str(OFFICER))
        assert officer is not None
        recipients = [
            Recipient(int(r["id"]), "telegram", r["external_id"])
            for r in await db.fetch_all(
                "SELECT id, external_id FROM users WHERE commune_id = ? ORDER BY id", (COMMUNE,)
            )
            if r["external_id"] != str(OFFICER)
        ]
        await AnnouncementRepo(db).save_announcement(
            author_id=officer.id,
            commune_id=COMMUNE,
            audience={},
            text=f"{MARKER}: tập huấn OCOP sáng thứ Bảy tại UBND xã.",
            recipients=recipients,
        )
    finally:
        await db.close()


def in_flight(db_path: Path) -> list[str]:
    """Recipients whose outbox row is claimed but not marked (read after a kill)."""
    conn = dbread.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT external_id FROM outbox WHERE announcement_id IS NOT NULL"
            " AND status = 'sending'"
        ).fetchall()
    finally:
        conn.close()
    return [str(r[0]) for r in rows]


def received(api: FakeBotApi, count: int) -> Counter[int]:
    """How many copies of the announcement each subscriber got."""
    return Counter(
        {chat: sum(MARKER in text for text in api.texts(chat)) for chat in subscribers(count)}
    )


def check_announcement(got: Counter[int], flights: Counter[str]) -> list[str]:
    """Nobody missed it; a second copy only where the row was in flight at a kill."""
    problems = [f"subscriber {chat} got nothing" for chat, n in got.items() if n == 0]
    problems += [
        f"subscriber {chat} got {n} copies, in flight at {flights[str(chat)]} kill(s)"
        for chat, n in got.items()
        if n > 1 + flights[str(chat)]
    ]
    return problems
