"""Forgetting a user: the SQL that removes or blanks their personal data in every table.

Owns the list of personal columns. The ``users`` row itself stays, anonymised (no name, an
external id that no channel can send again, unsubscribed), so anonymous counts stay right
(how many users per commune, votes per FAQ entry). If the same person writes again, they
are a new user. Everything runs in one transaction: all of it is forgotten, or nothing.
Deleting the files on disk is the caller's job (see :mod:`bot.privacy`): this module
returns the stored files no row refers to any more.

>>> import asyncio
>>> from bot.storage.users import UserRepo
>>> async def demo() -> tuple[str, str]:
...     db = await Database.open(":memory:")
...     user, _ = await UserRepo(db).touch("telegram", "42", "Lan")
...     await PrivacyRepo(db).forget_user(user.id)
...     again = await UserRepo(db).get(user.id)
...     await db.close()
...     assert again is not None
...     return again.display_name, again.external_id
>>> asyncio.run(demo())
('', 'forgotten-1')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.storage.db import Database
from bot.storage.users import User, UserRepo

FORGOTTEN_PREFIX = "forgotten-"


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a user changed: rows per table, and files nobody refers to now."""

    user_id: int
    rows: dict[str, int] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    applications: tuple[int, ...] = ()
    assessments: tuple[int, ...] = ()  # self-assessments deleted (their exported reports go too)


class PrivacyRepo:
    """Finds users by reference and forgets them."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def find_user(self, ref: str) -> User | None:
        """``channel:external_id`` (``telegram:123456``) or the internal id (``17``)."""
        users = UserRepo(self.db)
        ref = ref.strip()
        if ref.isdigit():
            return await users.get(int(ref))
        channel, sep, external_id = ref.partition(":")
        if not sep or not channel or not external_id:
            return None
        return await users.get_by_external(channel, external_id)

    async def forget_user(
        self, user_id: int, keep_fields: frozenset[str] = frozenset()
    ) -> Forgotten:
        """Remove or blank every personal field of ``user_id`` (one transaction).

        Applications stay with their status and commune, and only the answers of
        ``keep_fields`` (fixed-choice fields such as the product group, which say nothing
        about the person); their self-assessments and re-evaluation reminders go; every
        other answer, every attachment and the notes of their
        status history go. Their questions the FAQ could not answer go (officers' answers
        to them with them); messages queued for them are cancelled and emptied. Officers'
        own records stay: the audit log (ids and counts only) and announcements they wrote.
        Messages queued for others *about* them (their handed-off question told to the
        commune's officers) are emptied too, and cancelled if not sent yet.
        """
        rows: dict[str, int] = {}
        keep = sorted(keep_fields)
        kept = ", ".join("?" for _ in keep) or "NULL"
        owned = "SELECT id FROM applications WHERE owner_user_id = ?"
        async with self.db.transaction() as db:
            apps = [int(r["id"]) for r in await db.fetch_all(owned, (user_id,))]
            attached = await db.fetch_all(
                f"SELECT DISTINCT path FROM application_attachments WHERE application_id IN"
                f" ({owned})",
                (user_id,),
            )
            rows["application_attachments"] = await db.execute(
                f"DELETE FROM application_attachments WHERE application_id IN ({owned})",
                (user_id,),
            )
            rows["application_answers"] = await db.execute(
                f"DELETE FROM application_answers WHERE application_id IN ({owned})"
                f" AND field_id NOT IN ({kept})",
                (user_id, *keep),
            )
            rows["application_status_history"] = await db.execute(
                f"UPDATE application_status_history SET note = '' WHERE note != ''"
                f" AND application_id IN ({owned})",
                (user_id,),
            )
            rows["outbox"] = await db.execute(
                "UPDATE outbox SET external_id = '', payload = NULL,"
                " status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled'"
                " ELSE status END WHERE user_id = ?",
                (user_id,),
            )
            rows["outbox_about"] = await db.execute(
                "UPDATE outbox SET payload = NULL,"
                " status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled'"
                " ELSE status END WHERE about_user_id = ?",
                (user_id,),
            )
            assessed = await db.fetch_all(
                "SELECT id FROM self_assessments WHERE owner_user_id = ?", (user_id,)
            )
            rows["self_assessments"] = await db.execute(
                "DELETE FROM self_assessments WHERE owner_user_id = ?", (user_id,)
            )
            rows["certificate_reminders"] = await db.execute(
                "DELETE FROM certificate_reminders WHERE user_id = ?", (user_id,)
            )
            rows["sessions"] = await db.execute(
                "DELETE FROM sessions WHERE user_id = ?", (user_id,)
            )
            rows["channel_menus"] = await db.execute(
                "DELETE FROM channel_menus WHERE user_id = ?", (user_id,)
            )
            rows["faq_unanswered"] = await db.execute(
                "DELETE FROM faq_unanswered WHERE user_id = ?", (user_id,)
            )
            who = await db.fetch_one(
                "SELECT channel, external_id FROM users WHERE id = ?", (user_id,)
            )
            if who is not None:  # what arrived from them: updates, file bytes, edit sources
                key = (who["channel"], who["external_id"])
                for table in ("inbox", "file_quota", "answer_sources"):
                    rows[table] = await db.execute(
                        f"DELETE FROM {table} WHERE channel = ? AND user_key = ?", key
                    )
            rows["users"] = await db.execute(
                "UPDATE users SET display_name = '', external_id = ?, subscribed = 0,"
                " blocked = 0, role = 'producer', last_message_id = NULL WHERE id = ?",
                (f"{FORGOTTEN_PREFIX}{user_id}", user_id),
            )
            still = await self.referenced_files()
        unshared = tuple(sorted(str(r["path"]) for r in attached if str(r["path"]) not in still))
        assessments = tuple(int(r["id"]) for r in assessed)
        return Forgotten(user_id, rows, unshared, tuple(apps), assessments)

    async def referenced_files(self) -> set[str]:
        """Paths of stored files some row still refers to (nothing may delete those)."""
        rows = await self.db.fetch_all(
            "SELECT path FROM application_attachments UNION"
            " SELECT file_path FROM announcements WHERE file_path IS NOT NULL"
        )
        return {str(r["path"]) for r in rows}
