"""The daily file quota: bytes of files fetched per user per day, counted before fetching.

Owns the ``file_quota`` table. :meth:`QuotaRepo.reserve` adds a file's announced size to
the user's count for the day only if the total stays within the limit — one conditional
``UPDATE``, so two downloads at once cannot both slip under it. The day is Vietnam's
calendar day (UTC+7, no daylight saving time): "today" is what a producer calls today.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from bot.storage.db import Database

VIETNAM = timezone(timedelta(hours=7))


def today(now: datetime | None = None) -> str:
    """The calendar day in Vietnam, ``YYYY-MM-DD``."""
    return (now or datetime.now(UTC)).astimezone(VIETNAM).date().isoformat()


class QuotaRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def reserve(
        self, channel: str, user_key: str, size: int, limit: int, *, day: str | None = None
    ) -> bool:
        """Count ``size`` more bytes for the user today, if that stays within ``limit``."""
        when = day or today()
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO file_quota (channel, user_key, day, bytes) VALUES (?, ?, ?, 0)"
                " ON CONFLICT (channel, user_key, day) DO NOTHING",
                (channel, user_key, when),
            )
            counted = await self.db.execute(
                "UPDATE file_quota SET bytes = bytes + ?"
                " WHERE channel = ? AND user_key = ? AND day = ? AND bytes + ? <= ?",
                (size, channel, user_key, when, size, limit),
            )
        return counted == 1

    async def refund(
        self, channel: str, user_key: str, size: int, *, day: str | None = None
    ) -> None:
        """Give back bytes counted for a file that was not fetched after all."""
        await self.db.execute(
            "UPDATE file_quota SET bytes = CASE WHEN bytes > ? THEN bytes - ? ELSE 0 END"
            " WHERE channel = ? AND user_key = ? AND day = ?",
            (size, size, channel, user_key, day or today()),
        )

    async def get_used(self, channel: str, user_key: str, *, day: str | None = None) -> int:
        row = await self.db.fetch_one(
            "SELECT bytes FROM file_quota WHERE channel = ? AND user_key = ? AND day = ?",
            (channel, user_key, day or today()),
        )
        return int(row["bytes"]) if row is not None else 0

    async def prune(self, before_day: str) -> int:
        return await self.db.execute("DELETE FROM file_quota WHERE day < ?", (before_day,))
