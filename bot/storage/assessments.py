"""Self-assessments ("Tự chấm điểm"): one row per assessment, one row per answered criterion.

Owns the ``self_assessments`` and ``self_assessment_answers`` tables (migration 0010). It
stores what the producer chose, never which criterion comes next (``handlers/assessment``
derives that from the answers) nor the score (``knowledge/assessment.py`` computes it).

>>> import asyncio
>>> from bot.storage.users import UserRepo
>>> async def demo() -> tuple[int | None, dict[str, int | None]]:
...     db = await Database.open(":memory:")
...     user, _ = await UserRepo(db).touch("test", "1", "Lan")
...     repo = AssessmentRepo(db)
...     record = await repo.save_new(user.id, product="Gạo tám")
...     await repo.save_sheet(record.id, 3)
...     await repo.save_answer(record.id, "1.1", 2, 1)
...     await repo.save_answer(record.id, "6.4", None, None)
...     got = await repo.get(record.id)
...     answers = await repo.get_answers(record.id)
...     await db.close()
...     return (got.sheet if got else None), {k: a.points for k, a in answers.items()}
>>> asyncio.run(demo())
(3, {'1.1': 2, '6.4': None})
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.db import Database, Row, utcnow


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    owner_user_id: int
    application_id: int | None
    product: str
    sheet: int | None
    created_at: str
    updated_at: str
    completed_at: str | None


@dataclass(frozen=True)
class ScoreAnswer:
    """One answered criterion: the points of the option (None: left to the council)."""

    criterion: str
    points: int | None
    option_index: int | None
    evidence: str | None  # None: not asked yet; "": none given
    updated_at: str

    @property
    def skipped(self) -> bool:
        return self.points is None


def _record(row: Row) -> AssessmentRecord:
    return AssessmentRecord(
        id=int(row["id"]),
        owner_user_id=int(row["owner_user_id"]),
        application_id=row["application_id"],
        product=row["product"],
        sheet=row["sheet"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
    )


class AssessmentRepo:
    """get_/save_/list_ access to self-assessments and their answers."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_new(
        self, owner_user_id: int, application_id: int | None = None, product: str = ""
    ) -> AssessmentRecord:
        now = utcnow()
        new_id = await self.db.insert_id(
            "INSERT INTO self_assessments (owner_user_id, application_id, product, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            (owner_user_id, application_id, product, now, now),
        )
        record = await self.get(new_id)
        assert record is not None
        return record

    async def get(self, assessment_id: int) -> AssessmentRecord | None:
        row = await self.db.fetch_one(
            "SELECT * FROM self_assessments WHERE id = ?", (assessment_id,)
        )
        return _record(row) if row else None

    async def list_for_owner(self, owner_user_id: int) -> list[AssessmentRecord]:
        """The owner's assessments, most recently changed first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM self_assessments WHERE owner_user_id = ? ORDER BY updated_at DESC, id"
            " DESC",
            (owner_user_id,),
        )
        return [_record(r) for r in rows]

    async def get_for_application(self, application_id: int) -> AssessmentRecord | None:
        """The latest assessment linked to an application (None when there is none)."""
        row = await self.db.fetch_one(
            "SELECT * FROM self_assessments WHERE application_id = ? ORDER BY id DESC LIMIT 1",
            (application_id,),
        )
        return _record(row) if row else None

    async def save_sheet(self, assessment_id: int, sheet: int) -> None:
        """Choose the scoring sheet (only while none is chosen: answers belong to one sheet)."""
        await self.db.execute(
            "UPDATE self_assessments SET sheet = ?, updated_at = ? WHERE id = ? AND sheet IS NULL",
            (sheet, utcnow(), assessment_id),
        )

    async def save_product(self, assessment_id: int, product: str) -> None:
        await self.db.execute(
            "UPDATE self_assessments SET product = ?, updated_at = ? WHERE id = ?",
            (product, utcnow(), assessment_id),
        )

    async def save_completed(self, assessment_id: int) -> None:
        """Mark the assessment complete (once: the first time every criterion had an answer)."""
        await self.db.execute(
            "UPDATE self_assessments SET completed_at = ? WHERE id = ? AND completed_at IS NULL",
            (utcnow(), assessment_id),
        )

    async def get_answers(self, assessment_id: int) -> dict[str, ScoreAnswer]:
        rows = await self.db.fetch_all(
            "SELECT * FROM self_assessment_answers WHERE assessment_id = ?", (assessment_id,)
        )
        return {
            r["criterion"]: ScoreAnswer(
                r["criterion"], r["points"], r["option_index"], r["evidence"], r["updated_at"]
            )
            for r in rows
        }

    async def save_answer(
        self, assessment_id: int, criterion: str, points: int | None, option_index: int | None
    ) -> None:
        """Save the option chosen for ``criterion`` (points None: left to the council). The
        evidence already given stays."""
        now = utcnow()
        async with self.db.transaction() as db:
            await db.execute(
                "INSERT INTO self_assessment_answers (assessment_id, criterion, points,"
                " option_index, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (assessment_id, criterion) DO UPDATE SET points = excluded.points,"
                " option_index = excluded.option_index, updated_at = excluded.updated_at",
                (assessment_id, criterion, points, option_index, now),
            )
            await db.execute(
                "UPDATE self_assessments SET updated_at = ? WHERE id = ?", (now, assessment_id)
            )

    async def save_evidence(self, assessment_id: int, criterion: str, evidence: str) -> None:
        """The papers the producer listed for an answered criterion ("" : none)."""
        now = utcnow()
        async with self.db.transaction() as db:
            await db.execute(
                "UPDATE self_assessment_answers SET evidence = ?, updated_at = ?"
                " WHERE assessment_id = ? AND criterion = ?",
                (evidence, now, assessment_id, criterion),
            )
            await db.execute(
                "UPDATE self_assessments SET updated_at = ? WHERE id = ?", (now, assessment_id)
            )
