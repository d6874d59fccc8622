"""Retention of drafts: which drafts are due a reminder or archiving, and archiving them.

Owns the ``draft_reminders`` and ``archived_drafts`` tables (migration 0006). "Untouched"
means the application's ``updated_at`` (every saved answer or file moves it). A reminder
counts only if it was sent after the last change; archiving a draft deletes it (answers,
attachments and history go with it) and keeps one anonymous row.

>>> import asyncio
>>> from bot.storage.users import UserRepo
>>> from bot.storage.applications import ApplicationRepo
>>> async def demo() -> tuple[int, int]:
...     db = await Database.open(":memory:")
...     user, _ = await UserRepo(db).touch("test", "1", "Lan")
...     app = await ApplicationRepo(db).save_new(user.id, "13864")
...     repo = RetentionRepo(db)
...     due = await repo.list_to_remind(untouched_before="9999")
...     await repo.save_reminded(app.id, "9999-01-01T00:00:00+00:00")
...     again = await repo.list_to_remind(untouched_before="9999")
...     await db.close()
...     return len(due), len(again)
>>> asyncio.run(demo())
(1, 0)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.storage.db import Database, Row, utcnow

GROUP_FIELD = "product_group"


@dataclass(frozen=True)
class StaleDraft:
    id: int
    owner_user_id: int
    commune_id: str | None
    title: str
    updated_at: str


_STALE = (
    "SELECT a.id, a.owner_user_id, a.commune_id, a.updated_at,"
    " (SELECT value FROM application_answers x WHERE x.application_id = a.id"
    "  AND x.field_id = 'product_name') AS title"
    " FROM applications a LEFT JOIN draft_reminders r ON r.application_id = a.id"
    " WHERE a.status = 'draft' AND a.updated_at < ?"
)


def _draft(row: Row) -> StaleDraft:
    title = json.loads(row["title"]) if row["title"] else ""
    return StaleDraft(
        id=int(row["id"]),
        owner_user_id=int(row["owner_user_id"]),
        commune_id=row["commune_id"],
        title=title if isinstance(title, str) else "",
        updated_at=row["updated_at"],
    )


class RetentionRepo:
    """list_/save_ access to draft reminders and archiving."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def list_to_remind(self, *, untouched_before: str) -> list[StaleDraft]:
        """Drafts unchanged since before ``untouched_before`` whose owner was not reminded
        since their last change."""
        rows = await self.db.fetch_all(
            f"{_STALE} AND (r.reminded_at IS NULL OR r.reminded_at < a.updated_at) ORDER BY a.id",
            (untouched_before,),
        )
        return [_draft(r) for r in rows]

    async def save_reminded(self, app_id: int, at: str | None = None) -> None:
        await self.db.execute(
            "INSERT INTO draft_reminders (application_id, reminded_at) VALUES (?, ?)"
            " ON CONFLICT (application_id) DO UPDATE SET reminded_at = excluded.reminded_at",
            (app_id, at or utcnow()),
        )

    async def list_to_archive(
        self, *, untouched_before: str, reminded_before: str
    ) -> list[StaleDraft]:
        """Drafts unchanged since before ``untouched_before`` whose owner was reminded after
        the last change, and no later than ``reminded_before`` (fair warning)."""
        rows = await self.db.fetch_all(
            f"{_STALE} AND r.reminded_at >= a.updated_at AND r.reminded_at <= ? ORDER BY a.id",
            (untouched_before, reminded_before),
        )
        return [_draft(r) for r in rows]

    async def archive(self, app_id: int) -> list[str]:
        """Delete a draft, keeping one anonymous row; returns the paths of its files.

        Does nothing (returns ``[]``) if it is no longer a draft.
        """
        now = utcnow()
        async with self.db.transaction() as db:
            app = await db.fetch_one(
                "SELECT commune_id, created_at FROM applications WHERE id = ? AND status = 'draft'",
                (app_id,),
            )
            if app is None:
                return []
            group = await db.fetch_one(
                "SELECT value FROM application_answers WHERE application_id = ? AND field_id = ?",
                (app_id, GROUP_FIELD),
            )
            answered = await db.fetch_one(
                "SELECT count(*) AS n FROM application_answers WHERE application_id = ?",
                (app_id,),
            )
            files = await db.fetch_all(
                "SELECT DISTINCT path FROM application_attachments WHERE application_id = ?",
                (app_id,),
            )
            await db.execute(
                "INSERT INTO archived_drafts (commune_id, product_group, answered, created_at,"
                " archived_at) VALUES (?, ?, ?, ?, ?)",
                (
                    app["commune_id"],
                    json.loads(group["value"]) if group and group["value"] else None,
                    int(answered["n"]) if answered else 0,
                    app["created_at"],
                    now,
                ),
            )
            await db.execute("DELETE FROM applications WHERE id = ?", (app_id,))
        return [str(r["path"]) for r in files]
