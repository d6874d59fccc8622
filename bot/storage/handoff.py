"""Questions handed to commune officers, and their answers.

Owns the ``officer_answers`` table and the officer-side reading of ``faq_unanswered``
(written by the FAQ feature, :mod:`bot.storage.faq`, which owns the row type
:class:`~bot.storage.faq.Unanswered`): which questions of a commune still wait for an
officer — only those a producer chose to send (a question the assistant was merely not
sure about stays the producer's: officers see it only without a name, in
``ocop-bot kb gaps``) — and the answered ones, for an FAQ draft.
"""

from __future__ import annotations

from bot.storage.db import Database, utcnow
from bot.storage.faq import Unanswered, unanswered_from_row

_SELECT = (
    "SELECT q.*, a.answer, a.created_at AS answered_at, a.officer_id"
    " FROM faq_unanswered q LEFT JOIN officer_answers a ON a.unanswered_id = q.id"
)


# One row per asker and question: the same question typed again (each "not sure" answer
# stores a row) is listed once, the one sent to the officer first, else the latest; once one
# of them is answered the others are no longer waiting.
_ONCE = (
    " AND NOT EXISTS (SELECT 1 FROM faq_unanswered q2"
    " LEFT JOIN officer_answers a2 ON a2.unanswered_id = q2.id"
    " WHERE (q2.user_id = q.user_id OR (q2.user_id IS NULL AND q.user_id IS NULL))"
    " AND q2.normalized = q.normalized AND q2.id != q.id"
    " AND (a2.id IS NOT NULL OR ((q2.handoff_requested = 1 OR q2.reason = 'unsure')"
    " AND (q2.handoff_requested > q.handoff_requested"
    " OR (q2.handoff_requested = q.handoff_requested AND q2.id > q.id)))))"
)
# Only what the producer chose to send: a "not sure" question stays theirs (issue 11).
_WAITING = "a.id IS NULL AND q.handoff_requested = 1" + _ONCE


class HandoffRepo:
    """get_/save_/list_ access to handed-off questions and officers' answers."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def list_waiting(
        self, commune_id: str | None, *, every_commune: bool = False, limit: int = 10
    ) -> list[Unanswered]:
        """Unanswered questions a producer of the commune chose to send to its officers; a
        question asked several times by one producer is listed once."""
        where = _WAITING
        params: tuple[object, ...] = ()
        if not every_commune:
            where += f" AND q.commune_id {self.db.dialect.same} ?"
            params = (commune_id,)
        rows = await self.db.fetch_all(
            f"{_SELECT} WHERE {where} ORDER BY q.id DESC LIMIT ?",
            (*params, limit),
        )
        return [unanswered_from_row(r) for r in rows]

    async def count_waiting(self, commune_id: str | None, *, every_commune: bool = False) -> int:
        where = _WAITING
        params: tuple[object, ...] = ()
        if not every_commune:
            where += f" AND q.commune_id {self.db.dialect.same} ?"
            params = (commune_id,)
        row = await self.db.fetch_one(
            "SELECT count(*) AS n FROM faq_unanswered q"
            f" LEFT JOIN officer_answers a ON a.unanswered_id = q.id WHERE {where}",
            params,
        )
        return int(row["n"]) if row else 0

    async def get(self, question_id: int) -> Unanswered | None:
        row = await self.db.fetch_one(f"{_SELECT} WHERE q.id = ?", (question_id,))
        return unanswered_from_row(row) if row else None

    async def save_answer(
        self, question_id: int, officer_id: int, commune_id: str | None, answer: str
    ) -> bool:
        """Store the answer; False when another officer answered first."""
        async with self.db.transaction():
            if await self.db.fetch_one(
                "SELECT 1 FROM officer_answers WHERE unanswered_id = ?", (question_id,)
            ):
                return False
            await self.db.execute(
                "INSERT INTO officer_answers (unanswered_id, officer_id, commune_id, answer,"
                " created_at) VALUES (?, ?, ?, ?, ?)",
                (question_id, officer_id, commune_id, answer, utcnow()),
            )
        return True

    async def list_answered(self, since: str = "") -> list[Unanswered]:
        """Every answered question (optionally answered since ``since``), oldest first."""
        rows = await self.db.fetch_all(
            f"{_SELECT} WHERE a.id IS NOT NULL AND a.created_at >= ? ORDER BY a.id",
            (since,),
        )
        return [unanswered_from_row(r) for r in rows]
