"""Product registrations: applications, their answers, attachments and status history.

Owns the ``applications``, ``application_answers``, ``application_attachments`` and
``application_status_history`` tables (migration 0003). It stores values, never decides
what the form asks next (that is derived from the answers by ``knowledge.forms``). Status
changes go through :mod:`bot.storage.application_status` (re-exported here: ``Status``,
``StatusChange``, ``StatusConflict``).

Used by the producer's form (``handlers/registration``) and by the officer tools:
``list_for_commune``, ``get``, ``save_status`` (with the fields an officer re-opens when
asking for more; a compare-and-set with ``expect``), ``list_status_history``,
``list_unchanged``.

>>> import asyncio
>>> from bot.storage.users import UserRepo
>>> async def demo() -> list[str]:
...     db = await Database.open(":memory:")
...     user, _ = await UserRepo(db).touch("test", "1", "Lan")
...     repo = ApplicationRepo(db)
...     app = await repo.save_new(user.id, "13864")
...     await repo.save_answer(app.id, "product_name", "Gạo tám")
...     await repo.save_status(app.id, Status.SUBMITTED)
...     got = await repo.get(app.id)
...     await db.close()
...     return [got.status.value, got.product_name] if got else []
>>> asyncio.run(demo())
['submitted', 'Gạo tám']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.messages import Attachment
from bot.storage.application_status import Status as Status
from bot.storage.application_status import StatusChange as StatusChange
from bot.storage.application_status import StatusConflict as StatusConflict
from bot.storage.application_status import add_history, change_status, list_history, list_unchanged
from bot.storage.db import Database, Row, utcnow

TITLE_FIELD = "product_name"
"""The form field whose answer names an application in lists ("Hồ sơ của tôi", queues)."""


@dataclass(frozen=True)
class Application:
    id: int
    owner_user_id: int
    commune_id: str | None
    status: Status
    reopened_fields: tuple[str, ...]
    created_at: str
    updated_at: str
    submitted_at: str | None
    product_name: str = ""

    @property
    def producer_can_edit(self) -> bool:
        """Drafts, and applications an officer sent back for more (re-opened fields only)."""
        return self.status in (Status.DRAFT, Status.NEEDS_MORE)


@dataclass(frozen=True)
class Answer:
    """One saved answer; ``value`` is the decoded JSON (None when skipped)."""

    field_id: str
    value: Any
    skipped: bool
    updated_at: str


@dataclass(frozen=True)
class StoredFile:
    """A file attached to an application field."""

    id: int
    application_id: int
    field_id: str
    path: Path
    sha256: str
    mime_type: str
    size: int
    original_name: str
    created_at: str


_SELECT = (
    "SELECT a.*, (SELECT value FROM application_answers x WHERE x.application_id = a.id"
    f" AND x.field_id = '{TITLE_FIELD}') AS title FROM applications a"
)


def _application(row: Row) -> Application:
    title = json.loads(row["title"]) if row["title"] else ""
    return Application(
        id=int(row["id"]),
        owner_user_id=int(row["owner_user_id"]),
        commune_id=row["commune_id"],
        status=Status(row["status"]),
        reopened_fields=tuple(json.loads(row["reopened_fields"])),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        submitted_at=row["submitted_at"],
        product_name=title if isinstance(title, str) else "",
    )


def _file(row: Row) -> StoredFile:
    return StoredFile(
        id=int(row["id"]),
        application_id=int(row["application_id"]),
        field_id=row["field_id"],
        path=Path(row["path"]),
        sha256=row["sha256"],
        mime_type=row["mime_type"],
        size=int(row["size"]),
        original_name=row["original_name"],
        created_at=row["created_at"],
    )


class ApplicationRepo:
    """get_/save_/list_ access to applications; every write is committed when it returns."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- applications ----------------------------------------------------------------------

    async def save_new(self, owner_user_id: int, commune_id: str | None) -> Application:
        """Create a draft for a producer (one per product) and record its first status."""
        now = utcnow()
        async with self.db.transaction():
            # the next number never given before (migration 0015): ids are never reused
            # (the row stays locked until the commit: two workers never take one number)
            app_id = await self.db.insert_id(
                "SELECT last + 1 FROM id_sequences WHERE name = 'applications'"
                + self.db.dialect.for_update
            )
            await self.db.execute(
                "INSERT INTO applications (id, owner_user_id, commune_id, status, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (app_id, owner_user_id, commune_id, Status.DRAFT.value, now, now),
            )
            await add_history(self.db, app_id, Status.DRAFT, "", (), owner_user_id, now)
        app = await self.get(app_id)
        assert app is not None
        return app

    async def get(self, app_id: int) -> Application | None:
        row = await self.db.fetch_one(f"{_SELECT} WHERE a.id = ?", (app_id,))
        return _application(row) if row else None

    async def list_for_owner(self, owner_user_id: int) -> list[Application]:
        """A producer's applications, most recently changed first."""
        rows = await self.db.fetch_all(
            f"{_SELECT} WHERE a.owner_user_id = ? ORDER BY a.updated_at DESC, a.id DESC",
            (owner_user_id,),
        )
        return [_application(r) for r in rows]

    async def list_for_commune(
        self, commune_id: str, statuses: Iterable[Status] | None = None
    ) -> list[Application]:
        """Applications of a commune (optionally only these statuses), oldest submitted first."""
        wanted = [Status(s).value for s in statuses] if statuses is not None else []
        sql = f"{_SELECT} WHERE a.commune_id = ?"
        params: list[Any] = [commune_id]
        if statuses is not None:
            if not wanted:
                return []
            sql += f" AND a.status IN ({', '.join('?' for _ in wanted)})"
            params.extend(wanted)
        sql += " ORDER BY COALESCE(a.submitted_at, a.created_at), a.id"
        return [_application(r) for r in await self.db.fetch_all(sql, params)]

    async def delete_draft(self, app_id: int, owner_user_id: int) -> bool:
        """Delete a producer's own draft (answers, attachments and history go with it).

        Returns False when it is not theirs or not a draft any more. Stored files stay on
        disk: they are shared by content hash.
        """
        count = await self.db.execute(
            "DELETE FROM applications WHERE id = ? AND owner_user_id = ? AND status = ?",
            (app_id, owner_user_id, Status.DRAFT.value),
        )
        return count > 0

    # -- answers ---------------------------------------------------------------------------

    async def get_answers(self, app_id: int) -> dict[str, Answer]:
        rows = await self.db.fetch_all(
            "SELECT * FROM application_answers WHERE application_id = ?", (app_id,)
        )
        return {
            r["field_id"]: Answer(
                r["field_id"],
                json.loads(r["value"]) if r["value"] is not None else None,
                bool(r["skipped"]),
                r["updated_at"],
            )
            for r in rows
        }

    async def save_answer(
        self,
        app_id: int,
        field_id: str,
        value: Any,
        *,
        skipped: bool = False,
        commune_id: str | None = None,
        also: Mapping[str, Any] | None = None,
    ) -> None:
        """Write (or replace) one field's answer; with ``commune_id`` also move the
        application to that commune, and with ``also`` write those fields' answers too
        (a product class saves its sector), in the same transaction."""
        now = utcnow()
        encoded = None if skipped else json.dumps(value, ensure_ascii=False)
        rows = [(app_id, field_id, encoded, int(skipped), now)]
        rows += [
            (app_id, other, json.dumps(v, ensure_ascii=False), 0, now)
            for other, v in (also or {}).items()
        ]
        async with self.db.transaction():
            for row in rows:
                await self.db.execute(
                    "INSERT INTO application_answers (application_id, field_id, value, skipped,"
                    " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, field_id)"
                    " DO UPDATE SET value = excluded.value, skipped = excluded.skipped,"
                    " updated_at = excluded.updated_at",
                    row,
                )
            await self.db.execute(
                "UPDATE applications SET updated_at = ?, commune_id = COALESCE(?, commune_id)"
                " WHERE id = ?",
                (now, commune_id, app_id),
            )

    async def delete_answer(self, app_id: int, field_id: str) -> None:
        """Forget one field's answer (the form will ask it again)."""
        async with self.db.transaction():
            await self.db.execute(
                "DELETE FROM application_answers WHERE application_id = ? AND field_id = ?",
                (app_id, field_id),
            )
            await self.db.execute(
                "UPDATE applications SET updated_at = ? WHERE id = ?", (utcnow(), app_id)
            )

    # -- attachments -----------------------------------------------------------------------

    async def save_attachment(
        self, app_id: int, field_id: str, attachment: Attachment
    ) -> tuple[StoredFile, bool]:
        """Attach a stored file to a field; returns (file, is_new). The same file sent
        twice for the same field is kept once."""
        now = utcnow()
        find = (
            "SELECT * FROM application_attachments WHERE application_id = ? AND field_id = ?"
            " AND sha256 = ?"
        )
        async with self.db.transaction():
            row = await self.db.fetch_one(find, (app_id, field_id, attachment.sha256))
            if row is not None:
                return _file(row), False
            await self.db.execute(
                "INSERT INTO application_attachments (application_id, field_id, path,"
                " sha256, mime_type, size, original_name, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    app_id,
                    field_id,
                    str(attachment.path),
                    attachment.sha256,
                    attachment.mime_type,
                    attachment.size,
                    attachment.file_name,
                    now,
                ),
            )
            await self.db.execute(
                "UPDATE applications SET updated_at = ? WHERE id = ?", (now, app_id)
            )
            row = await self.db.fetch_one(find, (app_id, field_id, attachment.sha256))
        assert row is not None
        return _file(row), True

    async def list_attachments(self, app_id: int, field_id: str | None = None) -> list[StoredFile]:
        if field_id is None:
            rows = await self.db.fetch_all(
                "SELECT * FROM application_attachments WHERE application_id = ? ORDER BY id",
                (app_id,),
            )
        else:
            rows = await self.db.fetch_all(
                "SELECT * FROM application_attachments WHERE application_id = ? AND field_id = ?"
                " ORDER BY id",
                (app_id, field_id),
            )
        return [_file(r) for r in rows]

    async def delete_attachments(self, app_id: int, field_id: str) -> int:
        """Detach every file of one field (files on disk stay); returns how many."""
        return await self.db.execute(
            "DELETE FROM application_attachments WHERE application_id = ? AND field_id = ?",
            (app_id, field_id),
        )

    # -- status (the rules live in bot.storage.application_status) --------------------------

    async def save_status(
        self,
        app_id: int,
        status: Status,
        note: str = "",
        fields_to_fix: Iterable[str] = (),
        by_user_id: int | None = None,
        expected: Status | Iterable[Status] | None = None,
    ) -> Application:
        """Change the status and record it in the history.

        ``needs_more`` re-opens ``fields_to_fix`` for the producer (and keeps what they hold
        now, see :meth:`list_unchanged`); any other status closes them again. ``submitted``
        sets ``submitted_at`` to now (the latest submission). With ``expected`` the change is
        a compare-and-set: only from that status (or those) — of two officers deciding at
        once, one wins — else nothing is written and :class:`StatusConflict` (a
        ``LookupError``) tells who changed it first. ``LookupError`` for an unknown
        application.
        """
        wanted = [expected] if isinstance(expected, Status) else expected
        async with self.db.transaction():
            await change_status(
                self.db,
                app_id,
                Status(status),
                note=note,
                fix=tuple(dict.fromkeys(fields_to_fix)),
                by_user_id=by_user_id,
                expect=wanted,
                now=utcnow(),
            )
            app = await self.get(app_id)
        assert app is not None
        return app

    async def list_status_history(self, app_id: int) -> list[StatusChange]:
        return await list_history(self.db, app_id)

    async def list_unchanged(self, app_id: int) -> tuple[str, ...]:
        """Of the fields an officer asked to fix, those the producer has not changed yet."""
        return await list_unchanged(self.db, app_id)
