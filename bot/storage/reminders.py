"""Re-evaluation reminders: a certificate's issue date for one producer, and each reminder
(stage) once it was queued, told in chat, or given up as missed.

Owns the ``certificate_reminders`` and ``certificate_reminder_stages`` tables (migration
0010). Sending once is a storage promise: :meth:`ReminderRepo.save_queued` writes the stage
row and the outbox row in one transaction, and a stage that already has a row is never
queued again, whatever runs ``ocop-bot maintenance run`` twice or crashes halfway. Which stage
is due is :mod:`knowledge.reevaluation`; the wording and the run are :mod:`bot.reminders`.

>>> import asyncio
>>> from datetime import date
>>> from bot.storage.users import UserRepo
>>> async def demo() -> tuple[int, int]:
...     db = await Database.open(":memory:")
...     user, _ = await UserRepo(db).touch("test", "1", "Lan")
...     repo = ReminderRepo(db)
...     reminder = await repo.save_new(user.id, date(2024, 3, 15), product="Gạo tám")
...     to = Recipient(user.id, "test", "1")
...     first = await repo.save_queued(reminder.id, "opens", to, [{"text": "Mở"}])
...     again = await repo.save_queued(reminder.id, "opens", to, [{"text": "Mở"}])
...     await db.close()
...     return int(first is not None), int(again is not None)
>>> asyncio.run(demo())
(1, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from bot.storage.db import Database, Row, utcnow
from bot.storage.outbox import OutboxRepo, Recipient

__all__ = ["Outcome", "Recipient", "Reminder", "ReminderRepo"]


class Outcome(StrEnum):
    QUEUED = "queued"  # a message is in the outbox
    TOLD = "told"  # already past when the reminder was set up: the chat said it then
    MISSED = "missed"  # its time passed unsent (the producer could not be reached)


@dataclass(frozen=True)
class Reminder:
    id: int
    user_id: int
    application_id: int | None
    product: str
    issued_on: date
    created_at: str
    stopped_at: str | None
    stages: dict[str, str]  # stage → outcome, for the stages that have one

    @property
    def active(self) -> bool:
        return self.stopped_at is None


def _reminder(row: Row, stages: dict[str, str]) -> Reminder:
    return Reminder(
        id=int(row["id"]),
        user_id=int(row["user_id"]),
        application_id=row["application_id"],
        product=row["product"],
        issued_on=date.fromisoformat(row["issued_on"]),
        created_at=row["created_at"],
        stopped_at=row["stopped_at"],
        stages=stages,
    )


class ReminderRepo:
    """get_/save_/list_ access to reminders and their stages."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_new(
        self,
        user_id: int,
        issued_on: date,
        *,
        application_id: int | None = None,
        product: str = "",
        told: tuple[str, ...] = (),
    ) -> Reminder:
        """A reminder for the certificate issued on ``issued_on``; ``told`` are the stages
        already past (recorded as told, so that they are not sent late). An active reminder of
        the same user for the same date is replaced, not doubled."""
        now = utcnow()
        async with self.db.transaction() as db:
            await db.execute(
                "UPDATE certificate_reminders SET stopped_at = ?"
                " WHERE user_id = ? AND issued_on = ? AND stopped_at IS NULL",
                (now, user_id, issued_on.isoformat()),
            )
            new_id = await db.insert_id(
                "INSERT INTO certificate_reminders (user_id, application_id, product, issued_on,"
                " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (user_id, application_id, product, issued_on.isoformat(), now),
            )
            for stage in told:
                await db.execute(
                    "INSERT INTO certificate_reminder_stages (reminder_id, stage, outcome, at)"
                    " VALUES (?, ?, 'told', ?)",
                    (new_id, stage, now),
                )
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, reminder_id: int) -> Reminder | None:
        row = await self.db.fetch_one(
            "SELECT * FROM certificate_reminders WHERE id = ?", (reminder_id,)
        )
        if row is None:
            return None
        stages = await self._stages([reminder_id])
        return _reminder(row, stages[reminder_id])

    async def list_for_user(self, user_id: int) -> list[Reminder]:
        """The user's active reminders, newest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM certificate_reminders WHERE user_id = ? AND stopped_at IS NULL"
            " ORDER BY id DESC",
            (user_id,),
        )
        stages = await self._stages([int(r["id"]) for r in rows])
        return [_reminder(r, stages[int(r["id"])]) for r in rows]

    async def list_active(self) -> list[Reminder]:
        """Every active reminder that still has a stage without an outcome."""
        rows = await self.db.fetch_all(
            "SELECT * FROM certificate_reminders r WHERE stopped_at IS NULL AND"
            " (SELECT count(*) FROM certificate_reminder_stages s WHERE s.reminder_id = r.id) < 3"
            " ORDER BY id"
        )
        stages = await self._stages([int(r["id"]) for r in rows])
        return [_reminder(r, stages[int(r["id"])]) for r in rows]

    async def _stages(self, ids: list[int]) -> dict[int, dict[str, str]]:
        out: dict[int, dict[str, str]] = {i: {} for i in ids}
        if not ids:
            return out
        marks = ",".join("?" * len(ids))
        rows = await self.db.fetch_all(
            f"SELECT reminder_id, stage, outcome FROM certificate_reminder_stages"
            f" WHERE reminder_id IN ({marks})",
            tuple(ids),
        )
        for r in rows:
            out[int(r["reminder_id"])][r["stage"]] = r["outcome"]
        return out

    async def save_stopped(self, reminder_id: int, user_id: int) -> bool:
        """Turn a reminder off (only its owner may); False when there was nothing to stop."""
        changed = await self.db.execute(
            "UPDATE certificate_reminders SET stopped_at = ?"
            " WHERE id = ? AND user_id = ? AND stopped_at IS NULL",
            (utcnow(), reminder_id, user_id),
        )
        return changed > 0

    async def save_missed(self, reminder_id: int, stage: str) -> None:
        await self.db.execute(
            "INSERT INTO certificate_reminder_stages (reminder_id, stage, outcome, at)"
            " VALUES (?, ?, 'missed', ?) ON CONFLICT DO NOTHING",
            (reminder_id, stage, utcnow()),
        )

    async def save_queued(
        self, reminder_id: int, stage: str, recipient: Recipient, payload: list[dict[str, Any]]
    ) -> int | None:
        """Queue the message of one stage and record it, in one transaction; the outbox row id,
        or None when the stage already had an outcome (nothing queued)."""
        outbox = OutboxRepo(self.db)
        async with self.db.transaction() as db:
            taken = await db.fetch_one(
                "SELECT 1 FROM certificate_reminder_stages WHERE reminder_id = ? AND stage = ?",
                (reminder_id, stage),
            )
            if taken is not None:
                return None
            row_id = await outbox.save_notice(recipient, payload)
            await db.execute(
                "INSERT INTO certificate_reminder_stages (reminder_id, stage, outcome, outbox_id,"
                " at) VALUES (?, ?, 'queued', ?, ?)",
                (reminder_id, stage, row_id, utcnow()),
            )
        return row_id
