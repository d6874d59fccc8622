"""What an officer's daily digest is made of, and when each officer last got one.

Owns the ``officer_digests`` table (migration 0015) and two read-only queries over tables
owned elsewhere (applications and their status history, :mod:`bot.storage.applications`;
questions handed to officers, :mod:`bot.storage.faq`): what came into a commune since a
moment. Nothing here decides who is told or how (:mod:`bot.officer_alerts`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.db import Database
from bot.storage.faq import Unanswered, unanswered_from_row


@dataclass(frozen=True)
class Submission:
    """An application submitted (``again``: resubmitted after a request for more)."""

    app_id: int
    again: bool
    at: str


class AlertRepo:
    """get_/save_/list_ access for the officers' digests."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get_last_digest(self, user_id: int) -> str | None:
        row = await self.db.fetch_one(
            "SELECT sent_at FROM officer_digests WHERE user_id = ?", (user_id,)
        )
        return str(row["sent_at"]) if row else None

    async def save_digest(self, user_id: int, sent_at: str) -> None:
        await self.db.execute(
            "INSERT INTO officer_digests (user_id, sent_at) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET sent_at = excluded.sent_at",
            (user_id, sent_at),
        )

    async def list_submissions(self, commune_id: str, since: str) -> list[Submission]:
        """Applications of ``commune_id`` submitted after ``since`` and still waiting
        (latest submission each), oldest first."""
        rows = await self.db.fetch_all(
            "SELECT h.application_id AS app_id, max(h.created_at) AS at,"
            " (SELECT count(*) FROM application_status_history e"
            "  WHERE e.application_id = h.application_id AND e.status = 'submitted') AS times"
            " FROM application_status_history h JOIN applications a ON a.id = h.application_id"
            " WHERE a.commune_id = ? AND a.status = 'submitted' AND h.status = 'submitted'"
            " AND h.created_at > ? GROUP BY h.application_id ORDER BY at, app_id",
            (commune_id, since),
        )
        return [Submission(int(r["app_id"]), int(r["times"]) > 1, str(r["at"])) for r in rows]

    async def list_handoffs(self, commune_id: str, since: str) -> list[Unanswered]:
        """Questions of ``commune_id`` a producer sent to the officers after ``since`` and
        not answered yet, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT q.* FROM faq_unanswered q"
            " WHERE q.commune_id = ? AND q.handoff_requested = 1 AND q.handoff_at > ?"
            " AND NOT EXISTS (SELECT 1 FROM officer_answers a WHERE a.unanswered_id = q.id)"
            " ORDER BY q.handoff_at, q.id",
            (commune_id, since),
        )
        return [unanswered_from_row(r) for r in rows]
