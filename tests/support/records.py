"""Reading back what the assistant stored, for assertions: the queries only tests need.

Production code reaches the database through the repositories of ``bot/storage/``; these
read-backs (the audit log as a list, vote totals, hand-off flags, recorded migrations) have
no caller there, so they live with the tests instead of growing the repositories.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.storage.db import Database
from bot.storage.faq import Unanswered, unanswered_from_row


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor_id: int | None
    actor: str
    action: str
    commune_id: str | None
    target: str
    allowed: bool
    detail: dict[str, Any]


async def audit_entries(
    db: Database, *, actor_id: int | None = None, action: str | None = None
) -> list[AuditEntry]:
    """Entries of the audit log, oldest first, optionally of one actor and/or one action."""
    clauses: list[str] = []
    params: list[object] = []
    if actor_id is not None:
        clauses.append("actor_id = ?")
        params.append(actor_id)
    if action is not None:
        clauses.append("action = ?")
        params.append(action)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = await db.fetch_all(f"SELECT * FROM audit_log {where} ORDER BY id", params)
    return [
        AuditEntry(
            id=int(r["id"]),
            at=r["at"],
            actor_id=r["actor_id"],
            actor=r["actor"],
            action=r["action"],
            commune_id=r["commune_id"],
            target=r["target"],
            allowed=bool(r["allowed"]),
            detail=json.loads(r["detail"]),
        )
        for r in rows
    ]


async def handoffs(db: Database, commune_id: str | None = None) -> list[Unanswered]:
    """Questions producers asked to pass on to an officer, newest first (of one commune,
    or of all when None)."""
    sql = "SELECT * FROM faq_unanswered WHERE handoff_requested = 1"
    params: tuple[object, ...] = ()
    if commune_id is not None:
        sql += " AND commune_id = ?"
        params = (commune_id,)
    rows = await db.fetch_all(sql + " ORDER BY id DESC", params)
    return [unanswered_from_row(r) for r in rows]


async def votes(db: Database, entry_id: str) -> tuple[int, int]:
    """(👍, 👎) on an FAQ entry."""
    row = await db.fetch_one(
        "SELECT coalesce(sum(CASE WHEN vote = 1 THEN 1 ELSE 0 END), 0) AS up,"
        " coalesce(sum(CASE WHEN vote = -1 THEN 1 ELSE 0 END), 0) AS down"
        " FROM faq_votes WHERE entry_id = ?",
        (entry_id,),
    )
    return (int(row["up"]), int(row["down"])) if row else (0, 0)


async def applied_migrations(db: Database) -> list[int]:
    """The migration numbers recorded as applied, in order."""
    rows = await db.fetch_all("SELECT version FROM schema_migrations ORDER BY version")
    return [int(r["version"]) for r in rows]


async def table_names(db: Database) -> list[str]:
    """Every table of the database (either engine)."""
    if db.is_postgres:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return [str(r[0]) for r in await db.fetch_all(sql)]
