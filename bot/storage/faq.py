"""FAQ storage: unanswered questions (with the hand-off flag) and votes on answers.

Owns the ``faq_unanswered`` and ``faq_votes`` tables (migration 0002). The officer side
reads hand-off questions through :class:`bot.storage.handoff.HandoffRepo`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.storage.db import Database, Row, utcnow


class UnansweredReason(StrEnum):
    UNSURE = "unsure"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Unanswered:
    """One row of ``faq_unanswered``; read by :mod:`bot.storage.handoff` with the officer's
    answer when there is one (``answer`` empty and ``officer_id`` None when not)."""

    id: int
    user_id: int | None
    commune_id: str | None
    question: str
    normalized: str
    reason: UnansweredReason
    best_entry_id: str | None
    score: float
    handoff_requested: bool
    created_at: str
    answer: str = ""
    answered_at: str = ""
    officer_id: int | None = None


@dataclass(frozen=True)
class Gap:
    """One question (grouped by its normalised text) and how often it went unanswered."""

    normalized: str
    example: str
    count: int
    handoffs: int
    reason: UnansweredReason
    last_at: str


def unanswered_from_row(row: Row) -> Unanswered:
    """A ``faq_unanswered`` row, with ``answer``, ``answered_at`` and ``officer_id`` when
    the query joined ``officer_answers``."""
    keys = row.keys()
    return Unanswered(
        id=int(row["id"]),
        user_id=row["user_id"],
        commune_id=row["commune_id"],
        question=row["question"],
        normalized=row["normalized"],
        reason=UnansweredReason(row["reason"]),
        best_entry_id=row["best_entry_id"],
        score=float(row["score"]),
        handoff_requested=bool(row["handoff_requested"]),
        created_at=row["created_at"],
        answer=row["answer"] if "answer" in keys and row["answer"] else "",
        answered_at=row["answered_at"] if "answered_at" in keys and row["answered_at"] else "",
        officer_id=row["officer_id"] if "officer_id" in keys else None,
    )


class FaqRepo:
    """get_/save_/list_ access to unanswered questions and votes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_unanswered(
        self,
        *,
        user_id: int | None,
        commune_id: str | None,
        question: str,
        normalized: str,
        reason: UnansweredReason,
        best_entry_id: str | None = None,
        score: float = 0.0,
    ) -> int:
        """Store one unanswered question; return its id."""
        return await self.db.insert_id(
            "INSERT INTO faq_unanswered (user_id, commune_id, question, normalized, reason,"
            " best_entry_id, score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                user_id,
                commune_id,
                question,
                normalized,
                reason.value,
                best_entry_id,
                score,
                utcnow(),
            ),
        )

    async def get_unanswered(self, unanswered_id: int) -> Unanswered | None:
        row = await self.db.fetch_one("SELECT * FROM faq_unanswered WHERE id = ?", (unanswered_id,))
        return unanswered_from_row(row) if row else None

    async def save_commune(self, unanswered_id: int, user_id: int, commune_id: str) -> bool:
        """Give a question asked before the producer chose a commune that commune (so its
        officers see it); only its asker may. True if changed."""
        changed = await self.db.execute(
            "UPDATE faq_unanswered SET commune_id = ? WHERE id = ? AND user_id = ?",
            (commune_id, unanswered_id, user_id),
        )
        return changed > 0

    async def save_handoff(self, unanswered_id: int, user_id: int) -> bool:
        """Flag the question for the commune officer; only its asker may. True if flagged now."""
        changed = await self.db.execute(
            "UPDATE faq_unanswered SET handoff_requested = 1, handoff_at = ?"
            " WHERE id = ? AND user_id = ? AND handoff_requested = 0",
            (utcnow(), unanswered_id, user_id),
        )
        return changed > 0

    async def list_gaps(self, limit: int = 20) -> list[Gap]:
        """The most frequent unanswered questions, grouped by normalised text."""
        rows = await self.db.fetch_all(
            "SELECT normalized, count(*) AS n, sum(handoff_requested) AS handoffs,"
            " max(created_at) AS last_at,"
            " (SELECT question FROM faq_unanswered AS u2 WHERE u2.normalized = u.normalized"
            "  ORDER BY id DESC LIMIT 1) AS example,"
            " (SELECT reason FROM faq_unanswered AS u3 WHERE u3.normalized = u.normalized"
            "  ORDER BY id DESC LIMIT 1) AS reason"
            " FROM faq_unanswered AS u GROUP BY normalized"
            " ORDER BY n DESC, last_at DESC LIMIT ?",
            (limit,),
        )
        return [
            Gap(
                normalized=r["normalized"],
                example=r["example"],
                count=int(r["n"]),
                handoffs=int(r["handoffs"] or 0),
                reason=UnansweredReason(r["reason"]),
                last_at=r["last_at"],
            )
            for r in rows
        ]

    async def save_vote(self, user_id: int, entry_id: str, up: bool) -> None:
        """Record 👍/👎 on an entry; a second vote by the same user replaces the first."""
        await self.db.execute(
            "INSERT INTO faq_votes (user_id, entry_id, vote, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id, entry_id) DO UPDATE SET vote = excluded.vote,"
            " created_at = excluded.created_at",
            (user_id, entry_id, 1 if up else -1, utcnow()),
        )
