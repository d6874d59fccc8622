"""The inbox: every update a channel received, in arrival order, until it is handled.

Owns the ``inbox`` table. A channel's update is recorded here (:meth:`InboxRepo.save_arrival`)
before it is confirmed to the platform; the insert is idempotent on (channel, update key),
so an update delivered twice is recorded once — that is the duplicate check. A row waits
as ``pending`` until :meth:`InboxRepo.save_done` marks it, inside the transaction that
stores whatever handling it changed (so a handled row cannot be handled again), and its
payload is emptied then. A row that keeps failing becomes ``failed``. Handled rows are
kept for a while (:meth:`InboxRepo.prune`) so that a late redelivery is still recognised.

The SQL is the subset SQLite and PostgreSQL share (``ON CONFLICT … DO NOTHING``,
``RETURNING``, a partial index). Times are UTC ISO-8601 text with microseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.storage.db import Database, Row
from bot.storage.outbox import now_iso


class Flood(StrEnum):
    """Flood control's verdict on an update, taken when it arrived."""

    OK = "ok"
    NOTICE = "notice"  # over the limit: answered only with "slow down" (once per flood)
    DROP = "drop"  # over the limit and already told: not answered


@dataclass(frozen=True)
class InboxRow:
    id: int
    channel: str
    update_key: str
    user_key: str
    payload: str
    flood: Flood
    attempts: int
    received_at: str


def _row(row: Row) -> InboxRow:
    return InboxRow(
        id=int(row["id"]),
        channel=row["channel"],
        update_key=row["update_key"],
        user_key=row["user_key"],
        payload=row["payload"],
        flood=Flood(row["flood"]),
        attempts=int(row["attempts"]),
        received_at=row["received_at"],
    )


class InboxRepo:
    """get_/save_/list_ access to inbox rows."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_arrival(
        self, channel: str, update_key: str, user_key: str, payload: str, flood: Flood = Flood.OK
    ) -> int | None:
        """Record an update; its row id (the arrival order), or None when the same update
        (channel, update key) was recorded before."""
        row = await self.db.fetch_one(
            "INSERT INTO inbox (channel, update_key, user_key, payload, received_at, flood)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, update_key) DO NOTHING"
            " RETURNING id",
            (channel, update_key, user_key, payload, now_iso(), flood.value),
        )
        return int(row["id"]) if row is not None else None

    async def get_next(self, channel: str, user_key: str) -> InboxRow | None:
        """The user's oldest update still waiting."""
        row = await self.db.fetch_one(
            "SELECT * FROM inbox WHERE channel = ? AND user_key = ? AND state = 'pending'"
            " ORDER BY id LIMIT 1",
            (channel, user_key),
        )
        return _row(row) if row is not None else None

    async def list_waiting_users(self, channels: Sequence[str]) -> list[tuple[str, str]]:
        """(channel, user key) of everyone with updates waiting, oldest waiting first."""
        if not channels:
            return []
        marks = ",".join("?" * len(channels))
        rows = await self.db.fetch_all(
            f"SELECT channel, user_key, min(id) AS first FROM inbox WHERE state = 'pending'"
            f" AND channel IN ({marks}) GROUP BY channel, user_key ORDER BY first",
            tuple(channels),
        )
        return [(r["channel"], r["user_key"]) for r in rows]

    async def save_done(self, row_id: int) -> bool:
        """Mark a waiting row handled (call inside the transaction of its handling); False
        when it was not waiting any more (another worker handled it)."""
        changed = await self.db.execute(
            "UPDATE inbox SET state = 'done', handled_at = ?, payload = ''"
            " WHERE id = ? AND state = 'pending'",
            (now_iso(), row_id),
        )
        return changed == 1

    async def save_attempt_failed(self, row_id: int, max_attempts: int) -> bool:
        """Count a failed attempt; at ``max_attempts`` the row becomes ``failed`` (True)."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE inbox SET attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
                (row_id,),
            )
            gave_up = await self.db.execute(
                "UPDATE inbox SET state = 'failed', handled_at = ?"
                " WHERE id = ? AND state = 'pending' AND attempts >= ?",
                (now_iso(), row_id, max_attempts),
            )
        return gave_up == 1

    @property
    def shared(self) -> bool:
        """Whether other worker processes serve this inbox too (PostgreSQL)."""
        return self.db.is_postgres

    async def claim_user(self, channel: str, user_key: str) -> bool:
        """Serve this user's updates here until :meth:`release_user`; False when another
        worker process serves them now (PostgreSQL; with SQLite one process serves all).
        A claim lasts only as long as the connection: see :attr:`claims_epoch`."""
        return await self.db.try_lock(f"inbox:{channel}:{user_key}")

    @property
    def claims_epoch(self) -> int:
        """Changes when the connection was replaced: every claim taken before is lost (the
        server freed it with the old connection, another worker may hold it now)."""
        return self.db.reconnects

    async def release_user(self, channel: str, user_key: str) -> None:
        await self.db.unlock(f"inbox:{channel}:{user_key}")

    async def flood_verdict(
        self, channel: str, user_key: str, limit: int, window: float, now: datetime | None = None
    ) -> Flood:
        """Flood control counted in the database, over every worker's arrivals: over
        ``limit`` updates admitted in the last ``window`` seconds the user is told once to
        slow down (``notice``), and the rest is dropped until the window has room again."""
        if limit <= 0:
            return Flood.OK
        since = now_iso((now or datetime.now(UTC)) - timedelta(seconds=window))
        row = await self.db.fetch_one(
            "SELECT sum(CASE WHEN flood = 'ok' THEN 1 ELSE 0 END) AS ok,"
            " sum(CASE WHEN flood = 'notice' THEN 1 ELSE 0 END) AS told FROM inbox"
            " WHERE channel = ? AND user_key = ? AND received_at >= ?",
            (channel, user_key, since),
        )
        admitted = int(row["ok"] or 0) if row else 0
        told = int(row["told"] or 0) if row else 0
        if admitted < limit:
            return Flood.OK
        return Flood.DROP if told else Flood.NOTICE

    async def count_waiting(self) -> int:
        row = await self.db.fetch_one("SELECT count(*) AS n FROM inbox WHERE state = 'pending'")
        return int(row["n"]) if row else 0

    async def prune(self, before: str) -> int:
        """Forget rows handled before ``before`` (no platform redelivers that late)."""
        return await self.db.execute(
            "DELETE FROM inbox WHERE state <> 'pending' AND handled_at < ?", (before,)
        )

    async def delete_for_user(self, channel: str, user_key: str) -> int:
        """Every row of one user (``user forget``)."""
        return await self.db.execute(
            "DELETE FROM inbox WHERE channel = ? AND user_key = ?", (channel, user_key)
        )
