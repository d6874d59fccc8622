"""The audit log: every officer action and every refused attempt, append-only.

Owns the ``audit_log`` table. ``detail`` is a small JSON object of ids and counts; it
must never hold message text, phone numbers or other personal data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from bot.storage.db import Database, utcnow


class AuditRepo:
    """``save`` an entry (the log is only appended to)."""

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
