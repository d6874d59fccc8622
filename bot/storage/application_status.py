"""Where an application is and how it got there: its status, the history, and the
compare-and-set that makes a decision happen once.

Owns the writes of ``applications.status``, ``reopened_fields`` and ``reopened_before`` and
the ``application_status_history`` rows (migrations 0003 and 0007), for
:class:`~bot.storage.applications.ApplicationRepo`, which re-exports these names and runs
them in its transactions. A change may name the status it expects to find; when someone
moved the application first (another officer deciding at the same moment), nothing is
written and :class:`StatusConflict` says who did what.

Also owns the fingerprint of a field — its answer and the hashes of its files — kept for
each field an officer re-opens, so that "still unchanged" can be told later (the producer's
summary, the confirmation before resubmitting).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.storage.db import Database


class Status(StrEnum):
    """Where an application is (labels: ``registration.status_<value>`` in the replies)."""

    DRAFT = "draft"  # nháp
    SUBMITTED = "submitted"  # đã nộp
    NEEDS_MORE = "needs_more"  # cần bổ sung
    ACCEPTED = "accepted"  # đã tiếp nhận
    REJECTED = "rejected"  # không đủ điều kiện


@dataclass(frozen=True)
class StatusChange:
    status: Status
    note: str
    fields_to_fix: tuple[str, ...]
    by_user_id: int | None
    created_at: str


class StatusConflict(LookupError):
    """The application was not in the status the change expected: someone moved it first.

    ``status`` is where it is now; ``last`` the history entry that put it there (who, when).
    """

    def __init__(self, app_id: int, status: Status, last: StatusChange | None) -> None:
        super().__init__(f"application {app_id} is {status.value} already")
        self.app_id = app_id
        self.status = status
        self.last = last


async def fingerprints(db: Database, app_id: int, field_ids: Sequence[str]) -> dict[str, str]:
    """A short hash of each field's stored answer (value and skipped flag) and files."""
    if not field_ids:
        return {}
    answers = {
        r["field_id"]: (r["value"], int(r["skipped"]))
        for r in await db.fetch_all(
            "SELECT field_id, value, skipped FROM application_answers WHERE application_id = ?",
            (app_id,),
        )
    }
    files: dict[str, list[str]] = {}
    for r in await db.fetch_all(
        "SELECT field_id, sha256 FROM application_attachments WHERE application_id = ?",
        (app_id,),
    ):
        files.setdefault(r["field_id"], []).append(r["sha256"])
    out: dict[str, str] = {}
    for field_id in field_ids:
        value, skipped = answers.get(field_id, (None, -1))
        raw = json.dumps([value, skipped, sorted(files.get(field_id, []))], ensure_ascii=False)
        out[field_id] = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return out


async def list_history(db: Database, app_id: int) -> list[StatusChange]:
    rows = await db.fetch_all(
        "SELECT * FROM application_status_history WHERE application_id = ? ORDER BY id",
        (app_id,),
    )
    return [
        StatusChange(
            Status(r["status"]),
            r["note"],
            tuple(json.loads(r["fields_to_fix"])),
            r["by_user_id"],
            r["created_at"],
        )
        for r in rows
    ]


async def add_history(
    db: Database,
    app_id: int,
    status: Status,
    note: str,
    fields_to_fix: tuple[str, ...],
    by_user_id: int | None,
    now: str,
) -> None:
    await db.execute(
        "INSERT INTO application_status_history (application_id, status, note,"
        " fields_to_fix, by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (app_id, status.value, note, json.dumps(list(fields_to_fix)), by_user_id, now),
    )


async def change_status(
    db: Database,
    app_id: int,
    status: Status,
    *,
    note: str,
    fix: tuple[str, ...],
    by_user_id: int | None,
    expect: Iterable[Status] | None,
    now: str,
) -> None:
    """Set the status and add it to the history; call inside a transaction.

    With ``expect``, only when the application is in one of those statuses now (the check
    and the write are one statement); otherwise :class:`StatusConflict`. ``LookupError``
    for an unknown application.
    """
    reopened = fix if status is Status.NEEDS_MORE else ()
    before = await fingerprints(db, app_id, reopened)
    sql = (
        "UPDATE applications SET status = ?, reopened_fields = ?, reopened_before = ?,"
        " updated_at = ?, submitted_at = CASE WHEN ? = 1 THEN ? ELSE submitted_at END"
        " WHERE id = ?"
    )
    params: list[object] = [
        status.value,
        json.dumps(list(reopened)),
        json.dumps(before),
        now,
        int(status is Status.SUBMITTED),
        now,
        app_id,
    ]
    if expect is not None:
        wanted = [Status(s).value for s in expect]
        sql += f" AND status IN ({', '.join('?' for _ in wanted) or 'NULL'})"
        params += wanted
    if await db.execute(sql, params) == 0:
        row = await db.fetch_one("SELECT status FROM applications WHERE id = ?", (app_id,))
        if row is None:
            raise LookupError(f"no application {app_id}")
        history = await list_history(db, app_id)
        raise StatusConflict(app_id, Status(row["status"]), history[-1] if history else None)
    await add_history(db, app_id, status, note, fix, by_user_id, now)


async def list_unchanged(db: Database, app_id: int) -> tuple[str, ...]:
    """The fields an officer re-opened whose answer and files are still as they were then
    (every re-opened field, for an application sent back before fingerprints were kept)."""
    row = await db.fetch_one(
        "SELECT status, reopened_fields, reopened_before FROM applications WHERE id = ?",
        (app_id,),
    )
    if row is None or row["status"] != Status.NEEDS_MORE.value:
        return ()
    fields = tuple(json.loads(row["reopened_fields"]))
    before = json.loads(row["reopened_before"])
    now = await fingerprints(db, app_id, fields)
    return tuple(f for f in fields if before.get(f) in (None, now[f]))
