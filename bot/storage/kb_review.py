"""What the admins' «Kho hỏi đáp» page reads: votes on answers and the wordings of gaps.

Read-only queries over tables owned by :mod:`bot.storage.faq` (``faq_unanswered``,
``faq_votes``) and :mod:`bot.storage.handoff` (``officer_answers``): the FAQ entries
producers voted 👎 on, every wording of one unanswered question, who asked it — only the
producers who chose to send it to an officer, everyone else stays anonymous — and the
latest officer's answer to it. Nothing here decides who may read it (admins only: the page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage.db import Database


@dataclass(frozen=True)
class Votes:
    """👍 and 👎 on one FAQ entry."""

    entry_id: str
    up: int
    down: int
    last_at: str


@dataclass(frozen=True)
class Asker:
    """A producer who sent the question to an officer (and so is not anonymous to them)."""

    name: str
    commune_id: str | None


class KbReviewRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def list_downvoted(self, limit: int = 30) -> list[Votes]:
        """Entries with at least one 👎, most 👎 first."""
        rows = await self.db.fetch_all(
            "SELECT entry_id, coalesce(sum(CASE WHEN vote = 1 THEN 1 ELSE 0 END), 0) AS up,"
            " coalesce(sum(CASE WHEN vote = -1 THEN 1 ELSE 0 END), 0) AS down,"
            " max(created_at) AS last_at FROM faq_votes GROUP BY entry_id"
            " HAVING sum(CASE WHEN vote = -1 THEN 1 ELSE 0 END) > 0"
            " ORDER BY down DESC, last_at DESC LIMIT ?",
            (limit,),
        )
        return [Votes(r["entry_id"], int(r["up"]), int(r["down"]), r["last_at"]) for r in rows]

    async def list_wordings(self, normalized: str, limit: int = 12) -> list[str]:
        """The different ways one question was typed, newest first."""
        rows = await self.db.fetch_all(
            "SELECT question, max(id) AS last FROM faq_unanswered WHERE normalized = ?"
            " GROUP BY question ORDER BY last DESC LIMIT ?",
            (normalized, limit),
        )
        return [str(r["question"]) for r in rows]

    async def list_askers(self, normalized: Sequence[str]) -> dict[str, list[Asker]]:
        """For each question, the producers who chose to send it to an officer."""
        found: dict[str, list[Asker]] = {}
        for key in normalized:
            rows = await self.db.fetch_all(
                "SELECT u.display_name, q.commune_id, max(q.id) AS last FROM faq_unanswered q"
                " JOIN users u ON u.id = q.user_id"
                " WHERE q.normalized = ? AND q.handoff_requested = 1"
                " GROUP BY u.display_name, q.commune_id ORDER BY last DESC LIMIT 5",
                (key,),
            )
            if rows:
                found[key] = [Asker(r["display_name"] or "", r["commune_id"]) for r in rows]
        return found

    async def get_answer(self, normalized: str) -> str:
        """The latest officer's answer to this question ("" when none)."""
        row = await self.db.fetch_one(
            "SELECT a.answer FROM officer_answers a JOIN faq_unanswered q"
            " ON q.id = a.unanswered_id WHERE q.normalized = ? ORDER BY a.id DESC LIMIT 1",
            (normalized,),
        )
        return str(row["answer"]) if row else ""
