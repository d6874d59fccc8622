"""The outbox: the durable send queue, one row per message the assistant starts itself.

Owns the ``outbox`` table. A row is a notice (one message, its replies as JSON in
``payload``) or one recipient of an announcement (:mod:`bot.storage.announcements` owns
those and queues their rows through :meth:`OutboxRepo.save_announcement_rows`). The life
of a row: ``pending`` → (claimed) ``sending`` → ``sent`` | ``blocked`` | ``failed`` |
``skipped``, or back to ``pending`` with a later ``next_at`` (rate-limited, or a failure
to retry), or ``cancelled`` with its announcement. One worker
(:class:`bot.broadcast.worker.OutboxWorker`) sends each channel's rows: the one holding the
channel's lease (:mod:`bot.storage.leases`). When it takes a lease that was free, expired or
held by a dead process, it puts that channel's rows left ``sending`` back to ``pending``
(:meth:`OutboxRepo.release_claims`) — never another live worker's — so the only message
that can go out twice is one that was in flight when its worker died.

Times are UTC ISO-8601 text with microseconds, compared as text.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
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


@dataclass(frozen=True)
class Recipient:
    user_id: int
    channel: str
    external_id: str


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
    """Outbox rows (of one announcement, or of many) by status."""

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


def _only(channels: Sequence[str] | None, column: str = "channel") -> tuple[str, tuple[str, ...]]:
    """An ``AND <column> IN (…)`` condition for ``channels`` (none at all when None)."""
    if channels is None:
        return "", ()
    if not channels:
        return " AND 0 = 1", ()
    return f" AND {column} IN ({','.join('?' * len(channels))})", tuple(channels)


class OutboxRepo:
    """get_/save_/list_ access to outbox rows, and the worker's claims."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- queueing --------------------------------------------------------------------------

    async def save_notice(
        self, recipient: Recipient, payload: list[dict[str, Any]], about: int | None = None
    ) -> int:
        """Queue a single message (replies as JSON) ahead of any announcement; ``about`` is
        the user whose data it carries, if not the recipient (forgotten with them)."""
        return await self.db.insert_id(
            "INSERT INTO outbox (user_id, channel, external_id, payload, priority, next_at,"
            " about_user_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                recipient.user_id,
                recipient.channel,
                recipient.external_id,
                json.dumps(payload, ensure_ascii=False),
                NOTICE_PRIORITY,
                now_iso(),
                about,
            ),
        )

    async def save_announcement_rows(
        self, announcement_id: int, recipients: Sequence[Recipient], due: str
    ) -> None:
        """One pending row per recipient of an announcement, due at ``due`` (called inside
        the transaction that stores the announcement)."""
        await self.db.execute_many(
            "INSERT INTO outbox (announcement_id, user_id, channel, external_id, priority,"
            " next_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (announcement_id, r.user_id, r.channel, r.external_id, ANNOUNCEMENT_PRIORITY, due)
                for r in recipients
            ],
        )

    async def cancel_pending(self, announcement_id: int) -> int:
        """Cancel the rows of an announcement not yet sent; returns how many."""
        return await self.db.execute(
            "UPDATE outbox SET status = 'cancelled', done_at = ?"
            " WHERE announcement_id = ? AND status = 'pending'",
            (now_iso(), announcement_id),
        )

    # -- what the worker uses ----------------------------------------------------------------

    async def release_claims(self, channel: str | None = None) -> int:
        """Rows left in flight by a stopped or killed worker (of ``channel``, or of every
        channel) go back to ``pending``. Only the new holder of the channel's lease may."""
        where, params = ("", ()) if channel is None else (" AND channel = ?", (channel,))
        return await self.db.execute(
            "UPDATE outbox SET status = 'pending', claimed_at = NULL"
            " WHERE status = 'sending'" + where,
            params,
        )

    async def release_stale(self, channel: str, before: str, in_hand: Collection[int]) -> int:
        """Rows of ``channel`` claimed before ``before`` and still ``sending`` though not in
        the hands of its sender (``in_hand``: the rows it is sending now) go back to
        ``pending``: their claim or result was lost with a database connection. Only the
        holder of the channel's lease may call this."""
        keep = tuple(in_hand)
        marks = f" AND id NOT IN ({','.join('?' * len(keep))})" if keep else ""
        return await self.db.execute(
            "UPDATE outbox SET status = 'pending', claimed_at = NULL"
            " WHERE status = 'sending' AND channel = ? AND claimed_at < ?" + marks,
            (channel, before, *keep),
        )

    async def claim(
        self, limit: int, now: str | None = None, channels: Sequence[str] | None = None
    ) -> list[OutboxRow]:
        """Take up to ``limit`` due rows (notices first) of ``channels`` (default: all),
        marking them ``sending``; their announcements, if still ``scheduled``, become
        ``sending`` in the same transaction."""
        moment = now or now_iso()
        only, params = _only(channels, "o.channel")
        async with self.db.transaction():
            rows = await self.db.fetch_all(
                "SELECT o.id, o.announcement_id, o.user_id, o.channel, o.external_id, o.payload,"
                " o.attempts, u.subscribed, u.blocked"
                " FROM outbox o JOIN users u ON u.id = o.user_id"
                " WHERE o.status = 'pending' AND o.next_at <= ?"
                + only
                + " ORDER BY o.priority, o.next_at, o.id LIMIT ?"
                + self.db.dialect.skip_locked("o"),
                (moment, *params, limit),
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
            " attempts = attempts + 1 WHERE id = ? AND status = 'sending'",  # not if cancelled
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

    async def next_due(self, channels: Sequence[str] | None = None) -> str | None:
        """When the earliest pending row (of ``channels``, default: all) becomes due (None
        when nothing is pending)."""
        only, params = _only(channels)
        row = await self.db.fetch_one(
            "SELECT min(next_at) AS due FROM outbox WHERE status = 'pending'" + only, params
        )
        return row["due"] if row and row["due"] else None

    async def counts(self, announcement_id: int) -> Counts:
        """The rows of one announcement by status."""
        rows = await self.db.fetch_all(
            "SELECT status, count(*) AS n FROM outbox WHERE announcement_id = ? GROUP BY status",
            (announcement_id,),
        )
        return Counts({r["status"]: int(r["n"]) for r in rows})
