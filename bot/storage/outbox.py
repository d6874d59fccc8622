"""The durable outbox: announcements and one row per message the assistant starts itself.

Owns the ``announcements`` and ``outbox`` tables. The life of a row:
``pending`` → (claimed) ``sending`` → ``sent`` | ``blocked`` | ``failed`` | ``skipped``,
or back to ``pending`` with a later ``next_at`` (rate-limited, or a failure to retry), or
``cancelled`` with its announcement. Only one worker works a database: at start-up it
puts rows left ``sending`` by a crash back to ``pending`` (:meth:`OutboxRepo.release_claims`),
so the only message that can go out twice is one that was in flight at the crash.

Times are UTC ISO-8601 text with microseconds, compared as text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot.storage.db import Database

NOTICE_PRIORITY = 0
ANNOUNCEMENT_PRIORITY = 1


def now_iso(moment: datetime | None = None) -> str:
    """UTC time as sortable ISO text with microseconds."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


class RowStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"


class AnnouncementStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Recipient:
    user_id: int
    channel: str
    external_id: str


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


@dataclass(frozen=True)
class OutboxRow:
    """A claimed row, with the recipient's current subscription and block state."""

    id: int
    announcement_id: int | None
    user_id: int
    channel: str
    external_id: str
    payload: str | None
    attempts: int
    subscribed: bool
    blocked: bool


@dataclass(frozen=True)
class Counts:
    """Rows of one announcement by status."""

    by_status: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, status: RowStatus) -> int:
        return self.by_status.get(status.value, 0)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def open(self) -> int:
        """Rows still to be worked (pending or in flight)."""
        return self[RowStatus.PENDING] + self[RowStatus.SENDING]

    @property
    def done(self) -> int:
        return self.total - self.open


def _announcement(row: sqlite3.Row) -> Announcement:
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
    )


class OutboxRepo:
    """get_/save_/list_ access to announcements and outbox rows, and the worker's claims."""

    def __init__(self, db: Database) -> None:
        self.db = db

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
    ) -> int:
        """Store an announcement and one pending row per recipient, in one transaction."""
        now = now_iso()
        due = now_iso(send_at) if send_at is not None else now
        status = AnnouncementStatus.SCHEDULED if due > now else AnnouncementStatus.SENDING
        async with self.db.transaction():
            announcement_id = await self.db.execute(
                "INSERT INTO announcements (author_id, commune_id, audience, text, file_path,"
                " file_name, file_kind, status, created_at, send_at, total)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ),
            )
            await self.db.execute_many(
                "INSERT INTO outbox (announcement_id, user_id, channel, external_id, priority,"
                " next_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        announcement_id,
                        r.user_id,
                        r.channel,
                        r.external_id,
                        ANNOUNCEMENT_PRIORITY,
                        due,
                    )
                    for r in recipients
                ],
            )
        return announcement_id

    async def save_notice(self, recipient: Recipient, payload: list[dict[str, Any]]) -> int:
        """Queue a single message (replies as JSON) ahead of any announcement."""
        return await self.db.execute(
            "INSERT INTO outbox (user_id, channel, external_id, payload, priority, next_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                recipient.user_id,
                recipient.channel,
                recipient.external_id,
                json.dumps(payload, ensure_ascii=False),
                NOTICE_PRIORITY,
                now_iso(),
            ),
        )

    async def cancel(self, announcement_id: int) -> int:
        """Stop an announcement: rows not yet sent are cancelled; returns how many."""
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE outbox SET status = 'cancelled', done_at = ?"
                " WHERE announcement_id = ? AND status = 'pending'",
                (now_iso(), announcement_id),
            )
            await self.db.execute(
                "UPDATE announcements SET status = 'cancelled'"
                " WHERE id = ? AND status IN ('scheduled', 'sending')",
                (announcement_id,),
            )
        return count

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
                "SELECT * FROM announcements WHERE commune_id IS ? ORDER BY id DESC LIMIT ?",
                (commune_id, limit),
            )
        return [_announcement(r) for r in rows]

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
                    " AND v.field_id = 'product_group' AND json_extract(v.value, '$') = ?"
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

    # -- what the worker uses ----------------------------------------------------------------

    async def release_claims(self) -> int:
        """Rows left in flight by a stopped or killed worker go back to ``pending``."""
        return await self.db.execute(
            "UPDATE outbox SET status = 'pending', claimed_at = NULL WHERE status = 'sending'"
        )

    async def claim(self, limit: int, now: str | None = None) -> list[OutboxRow]:
        """Take up to ``limit`` due rows (notices first), marking them ``sending``."""
        moment = now or now_iso()
        async with self.db.transaction():
            rows = await self.db.fetch_all(
                "SELECT o.id, o.announcement_id, o.user_id, o.channel, o.external_id, o.payload,"
                " o.attempts, u.subscribed, u.blocked"
                " FROM outbox o JOIN users u ON u.id = o.user_id"
                " WHERE o.status = 'pending' AND o.next_at <= ?"
                " ORDER BY o.priority, o.next_at, o.id LIMIT ?",
                (moment, limit),
            )
            if not rows:
                return []
            ids = [int(r["id"]) for r in rows]
            marks = ",".join("?" * len(ids))
            await self.db.execute(
                f"UPDATE outbox SET status = 'sending', claimed_at = ? WHERE id IN ({marks})",
                (moment, *ids),
            )
            announcement_ids = {r["announcement_id"] for r in rows if r["announcement_id"]}
            for announcement_id in announcement_ids:
                await self.db.execute(
                    "UPDATE announcements SET status = 'sending'"
                    " WHERE id = ? AND status = 'scheduled'",
                    (announcement_id,),
                )
        return [
            OutboxRow(
                id=int(r["id"]),
                announcement_id=r["announcement_id"],
                user_id=int(r["user_id"]),
                channel=r["channel"],
                external_id=r["external_id"],
                payload=r["payload"],
                attempts=int(r["attempts"]),
                subscribed=bool(r["subscribed"]),
                blocked=bool(r["blocked"]),
            )
            for r in rows
        ]

    async def save_result(self, row_id: int, status: RowStatus, error: str = "") -> None:
        """Final state of a row (sent, blocked, failed, skipped, cancelled)."""
        await self.db.execute(
            "UPDATE outbox SET status = ?, done_at = ?, error = ?, attempts = attempts + 1"
            " WHERE id = ?",
            (status.value, now_iso(), error[:200], row_id),
        )

    async def save_retry(self, row_id: int, next_at: str, error: str) -> None:
        """Back to ``pending`` until ``next_at`` (one more attempt counted)."""
        await self.db.execute(
            "UPDATE outbox SET status = 'pending', next_at = ?, error = ?, claimed_at = NULL,"
            " attempts = attempts + 1 WHERE id = ?",
            (next_at, error[:200], row_id),
        )

    async def save_unclaimed(self, row_ids: Sequence[int]) -> None:
        """Give back rows claimed but not started (the worker is stopping)."""
        if row_ids:
            marks = ",".join("?" * len(row_ids))
            await self.db.execute(
                f"UPDATE outbox SET status = 'pending', claimed_at = NULL"
                f" WHERE id IN ({marks}) AND status = 'sending'",
                tuple(row_ids),
            )

    async def next_due(self) -> str | None:
        """When the earliest pending row becomes due (None when nothing is pending)."""
        row = await self.db.fetch_one(
            "SELECT min(next_at) AS due FROM outbox WHERE status = 'pending'"
        )
        return row["due"] if row and row["due"] else None

    async def counts(self, announcement_id: int) -> Counts:
        rows = await self.db.fetch_all(
            "SELECT status, count(*) AS n FROM outbox WHERE announcement_id = ? GROUP BY status",
            (announcement_id,),
        )
        return Counts({r["status"]: int(r["n"]) for r in rows})

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

    async def delivery_totals(
        self, commune_id: str | None, *, every_commune: bool = False
    ) -> Counts:
        """Rows of every announcement of a commune (or all), by status."""
        where = "" if every_commune else "WHERE a.commune_id IS ?"
        params: tuple[Any, ...] = () if every_commune else (commune_id,)
        rows = await self.db.fetch_all(
            "SELECT o.status, count(*) AS n FROM outbox o"
            f" JOIN announcements a ON a.id = o.announcement_id {where} GROUP BY o.status",
            params,
        )
        return Counts({r["status"]: int(r["n"]) for r in rows})
