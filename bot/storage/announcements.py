"""Announcements and their audience: what an officer sends to many users, and to whom.

Owns the ``announcements`` table: an announcement's text and file, its status
(``scheduled`` → ``sending`` → ``done`` | ``cancelled``), its progress message and whether
its final report went out. Also owns the audience queries: who of a commune chose to
receive news (:meth:`AnnouncementRepo.list_audience`) and how many announcements each
already received (for the per-follower caps of :mod:`bot.broadcast.planner`).

Saving or cancelling an announcement writes its rows of the send queue in the same
transaction through :class:`~bot.storage.outbox.OutboxRepo`, which owns that table.
Times are UTC ISO-8601 text with microseconds (:func:`~bot.storage.outbox.now_iso`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.storage.db import Database, Row
from bot.storage.outbox import OutboxRepo, Recipient, now_iso


class AnnouncementStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class AudienceMember:
    """A user who might receive an announcement, with what the planner needs to decide."""

    user_id: int
    channel: str
    external_id: str
    subscribed: bool
    blocked: bool
    last_seen_at: str


@dataclass(frozen=True)
class Announcement:
    id: int
    author_id: int
    commune_id: str | None
    audience: dict[str, Any]
    text: str
    file_path: str | None
    file_name: str | None
    file_kind: str | None
    status: AnnouncementStatus
    created_at: str
    send_at: str
    finished_at: str | None
    total: int
    progress_message_id: str | None
    reported: bool
    zalo_unreachable: int = 0  # left out: Zalo cannot reach them now (migration 0016)


def _announcement(row: Row) -> Announcement:
    return Announcement(
        id=int(row["id"]),
        author_id=int(row["author_id"]),
        commune_id=row["commune_id"],
        audience=json.loads(row["audience"]),
        text=row["text"],
        file_path=row["file_path"],
        file_name=row["file_name"],
        file_kind=row["file_kind"],
        status=AnnouncementStatus(row["status"]),
        created_at=row["created_at"],
        send_at=row["send_at"],
        finished_at=row["finished_at"],
        total=int(row["total"]),
        progress_message_id=row["progress_message_id"],
        reported=bool(row["reported"]),
        zalo_unreachable=int(row["zalo_unreachable"]),
    )


class AnnouncementRepo:
    """get_/save_/list_ access to announcements and their audience."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._outbox = OutboxRepo(db)

    # -- what the officer side writes ------------------------------------------------------

    async def save_announcement(
        self,
        *,
        author_id: int,
        commune_id: str | None,
        audience: dict[str, Any],
        text: str,
        recipients: Sequence[Recipient],
        send_at: datetime | None = None,
        file_path: str | None = None,
        file_name: str | None = None,
        file_kind: str | None = None,
        zalo_unreachable: int = 0,
    ) -> int:
        """Store an announcement and one pending outbox row per recipient, in one transaction
        (``zalo_unreachable``: the audience's Zalo users left out, for the report)."""
        now = now_iso()
        due = now_iso(send_at) if send_at is not None else now
        status = AnnouncementStatus.SCHEDULED if due > now else AnnouncementStatus.SENDING
        async with self.db.transaction():
            announcement_id = await self.db.insert_id(
                "INSERT INTO announcements (author_id, commune_id, audience, text, file_path,"
                " file_name, file_kind, status, created_at, send_at, total, zalo_unreachable)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    author_id,
                    commune_id,
                    json.dumps(audience, ensure_ascii=False),
                    text,
                    file_path,
                    file_name,
                    file_kind,
                    status.value,
                    now,
                    due,
                    len(recipients),
                    zalo_unreachable,
                ),
            )
            await self._outbox.save_announcement_rows(announcement_id, recipients, due)
        return announcement_id

    async def cancel(self, announcement_id: int) -> int:
        """Stop an announcement: rows not yet sent are cancelled; returns how many."""
        async with self.db.transaction():
            count = await self._outbox.cancel_pending(announcement_id)
            await self.db.execute(
                "UPDATE announcements SET status = 'cancelled'"
                " WHERE id = ? AND status IN ('scheduled', 'sending')",
                (announcement_id,),
            )
        return count

    # -- reading ---------------------------------------------------------------------------

    async def get_announcement(self, announcement_id: int) -> Announcement | None:
        row = await self.db.fetch_one(
            "SELECT * FROM announcements WHERE id = ?", (announcement_id,)
        )
        return _announcement(row) if row else None

    async def list_announcements(
        self, commune_id: str | None, *, every_commune: bool = False, limit: int = 5
    ) -> list[Announcement]:
        """Newest first: of one commune, or (``every_commune``) all of them."""
        if every_commune:
            rows = await self.db.fetch_all(
                "SELECT * FROM announcements ORDER BY id DESC LIMIT ?", (limit,)
            )
        else:
            rows = await self.db.fetch_all(
                f"SELECT * FROM announcements WHERE commune_id {self.db.dialect.same} ?"
                " ORDER BY id DESC LIMIT ?",
                (commune_id, limit),
            )
        return [_announcement(r) for r in rows]

    # -- the audience ----------------------------------------------------------------------

    async def list_audience(
        self,
        commune_id: str | None,
        *,
        product_group: str | None = None,
        app_status: str | None = None,
    ) -> list[AudienceMember]:
        """Users of one commune (or of all) who chose to receive its news, blocked or not;
        optionally only those with an application of ``product_group`` and/or in
        ``app_status`` (the registration tables, migration 0003)."""
        sql = (
            "SELECT u.id, u.channel, u.external_id, u.subscribed, u.blocked, u.last_seen_at"
            " FROM users u WHERE u.subscribed = 1 AND u.commune_id IS NOT NULL"
        )
        params: list[Any] = []
        if commune_id is not None:
            sql += " AND u.commune_id = ?"
            params.append(commune_id)
        if product_group is not None or app_status is not None:
            sql += " AND EXISTS (SELECT 1 FROM applications a"
            if product_group is not None:
                sql += (
                    " JOIN application_answers v ON v.application_id = a.id"
                    " AND v.field_id = 'product_group'"
                    f" AND {self.db.dialect.json_text('v.value')} = ?"
                )
                params.append(product_group)
            sql += " WHERE a.owner_user_id = u.id"
            if app_status is not None:
                sql += " AND a.status = ?"
                params.append(app_status)
            sql += ")"
        rows = await self.db.fetch_all(sql + " ORDER BY u.id", params)
        return [
            AudienceMember(
                user_id=int(r["id"]),
                channel=r["channel"],
                external_id=r["external_id"],
                subscribed=bool(r["subscribed"]),
                blocked=bool(r["blocked"]),
                last_seen_at=r["last_seen_at"],
            )
            for r in rows
        ]

    async def count_broadcasts_since(self, user_ids: Iterable[int], since: str) -> dict[int, int]:
        """Announcements sent to each user since ``since`` (for per-follower caps)."""
        ids = list(user_ids)
        out: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = await self.db.fetch_all(
                "SELECT user_id, count(*) AS n FROM outbox WHERE announcement_id IS NOT NULL"
                f" AND status = 'sent' AND done_at >= ? AND user_id IN ({marks})"
                " GROUP BY user_id",
                (since, *chunk),
            )
            out.update({int(r["user_id"]): int(r["n"]) for r in rows})
        return out

    # -- what the outbox worker records ----------------------------------------------------

    async def list_unreported(self) -> list[Announcement]:
        """Announcements whose final report has not gone out yet (sending or cancelled)."""
        rows = await self.db.fetch_all(
            "SELECT * FROM announcements WHERE reported = 0 AND status IN ('sending', 'cancelled')"
            " ORDER BY id"
        )
        return [_announcement(r) for r in rows]

    async def save_progress_message(self, announcement_id: int, message_id: str) -> None:
        await self.db.execute(
            "UPDATE announcements SET progress_message_id = ? WHERE id = ?",
            (message_id, announcement_id),
        )

    async def save_finished(self, announcement_id: int) -> None:
        """Mark the announcement done (unless cancelled) and its report sent."""
        await self.db.execute(
            "UPDATE announcements SET reported = 1, finished_at = ?,"
            " status = CASE WHEN status = 'cancelled' THEN status ELSE 'done' END WHERE id = ?",
            (now_iso(), announcement_id),
        )
