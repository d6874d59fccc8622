"""The audit log: every officer action and every refused attempt, append-only.

Owns the ``audit_log`` table. ``detail`` is a small JSON object of ids and counts; it
must never hold message text, phone numbers or other personal data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.storage.db import Database, utcnow


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


class AuditRepo:
    """``save`` an entry; ``list_`` them (newest last)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(
        self,
        action: str,
        *,
        actor_id: int | None = None,
        actor: str = "",
        commune_id: str | None = None,
        target: str = "",
        allowed: bool = True,
        detail: Mapping[str, object] | None = None,
    ) -> None:
        """Record one action; ``actor`` defaults to ``user:<actor_id>`` (or ``cli``)."""
        who = actor or (f"user:{actor_id}" if actor_id is not None else "cli")
        await self.db.execute(
            "INSERT INTO audit_log (at, actor_id, actor, action, commune_id, target, allowed,"
            " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                utcnow(),
                actor_id,
                who,
                action,
                commune_id,
                target,
                int(allowed),
                json.dumps(dict(detail or {}), ensure_ascii=False, default=str),
            ),
        )

    async def list_entries(
        self, *, actor_id: int | None = None, action: str | None = None, limit: int = 1000
    ) -> list[AuditEntry]:
        clauses: list[str] = []
        params: list[object] = []
        if actor_id is not None:
            clauses.append("actor_id = ?")
            params.append(actor_id)
        if action is not None:
            clauses.append("action = ?")
            params.append(action)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = await self.db.fetch_all(
            f"SELECT * FROM audit_log {where} ORDER BY id DESC LIMIT ?", (*params, limit)
        )
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
            for r in reversed(rows)
        ]
