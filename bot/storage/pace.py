"""The shared send schedule of each channel: one row holding the next free slot.

Owns the ``channel_pace`` table (migration 0018). Every process sending for the same bot
reserves its send slots here (:meth:`PaceRepo.reserve`), a few at a time, so that N worker
processes together keep one even rate (:class:`bot.pace.SharedSlots` spends them). One
``UPDATE … RETURNING`` per reservation, atomic on both engines (PostgreSQL locks the row
for the statement; SQLite has one writer). The times are the **database's** clock in epoch
seconds, which each process maps onto its own clock, so the workers' hosts need not agree
on the time.
"""

from __future__ import annotations

from bot.storage.db import Database


class PaceRepo:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._known: set[str] = set()

    async def reserve(
        self, channel: str, count: int, interval: float, tolerance: float
    ) -> tuple[float, float]:
        """Take ``count`` slots ``interval`` seconds apart from ``channel``'s schedule;
        returns the first slot and the moment of the reservation, both by the database's
        clock (epoch seconds; :class:`bot.pace.SharedSlots` maps them onto its own).

        The first is the row's next free slot if it passed less than ``tolerance`` ago (a
        sender that woke a little late catches up that much, no more), else now: a quiet
        spell is never banked as a burst.
        """
        if count < 1 or interval <= 0:
            raise ValueError("count must be >= 1 and interval > 0")
        if channel not in self._known:
            await self.db.execute(
                "INSERT INTO channel_pace (channel, next_at, reserved_at) VALUES (?, 0, 0)"
                " ON CONFLICT (channel) DO NOTHING",
                (channel,),
            )
            self._known.add(channel)
        span = count * interval
        row = await self.db.fetch_one(
            "UPDATE channel_pace SET next_at ="
            " CASE WHEN next_at >= c.t - ? THEN next_at ELSE c.t END + ?, reserved_at = c.t"
            f" FROM (SELECT {self.db.dialect.epoch_now} AS t) AS c"
            " WHERE channel = ? RETURNING next_at, reserved_at",
            (tolerance, span, channel),
        )
        if row is None:  # the row was deleted under us: make it again next time
            self._known.discard(channel)
            raise RuntimeError(f"no pace row for channel {channel}")
        return float(row[0]) - span, float(row[1])
