"""Users and their conversation sessions: who they are, their role and commune, where they are.

Owns the ``users`` and ``sessions`` tables. A user is keyed by (channel, external id).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.modes import Mode
from bot.storage.db import Database, Row, utcnow


class Role(StrEnum):
    PRODUCER = "producer"
    OFFICER = "officer"
    ADMIN = "admin"


@dataclass(frozen=True)
class User:
    id: int
    channel: str
    external_id: str
    display_name: str
    role: Role
    commune_id: str | None
    subscribed: bool
    blocked: bool
    created_at: str
    last_seen_at: str

    @property
    def is_officer(self) -> bool:
        return self.role in (Role.OFFICER, Role.ADMIN)


@dataclass(frozen=True)
class Session:
    mode: str
    data: dict[str, Any]


def _user(row: Row) -> User:
    return User(
        id=int(row["id"]),
        channel=row["channel"],
        external_id=row["external_id"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        commune_id=row["commune_id"],
        subscribed=bool(row["subscribed"]),
        blocked=bool(row["blocked"]),
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
    )


class UserRepo:
    """get_/save_/list_ access to users and sessions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def touch(
        self, channel: str, external_id: str, display_name: str = "", message_id: str = ""
    ) -> tuple[User, bool]:
        """Create or refresh a user on every incoming message; return (user, is_new).

        ``is_new`` is also true for a user made before they ever wrote (an officer added
        from the command line: ``last_seen_at`` is empty until their first message).
        Writing again means they have not blocked us (any more): ``blocked`` is cleared.
        """
        now = utcnow()
        async with self.db.transaction():
            existing = await self.get_by_external(channel, external_id)
            if existing is None:
                await self.db.execute(
                    "INSERT INTO users (channel, external_id, display_name, created_at,"
                    " last_seen_at, last_message_id) VALUES (?, ?, ?, ?, ?, ?)",
                    (channel, external_id, display_name, now, now, message_id or None),
                )
            else:
                await self.db.execute(
                    "UPDATE users SET last_seen_at = ?, blocked = 0,"
                    " display_name = CASE WHEN ? = '' THEN display_name ELSE ? END,"
                    " last_message_id = COALESCE(?, last_message_id)"
                    " WHERE id = ?",
                    (now, display_name, display_name, message_id or None, existing.id),
                )
            user = await self.get_by_external(channel, external_id)
        assert user is not None
        return user, existing is None or not existing.last_seen_at

    async def get_last_message_id(self, channel: str, external_id: str) -> str | None:
        """The channel's id of the last message recorded for this user (None if none)."""
        row = await self.db.fetch_one(
            "SELECT last_message_id FROM users WHERE channel = ? AND external_id = ?",
            (channel, external_id),
        )
        return str(row["last_message_id"]) if row and row["last_message_id"] else None

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        return _user(row) if row else None

    async def get_by_external(self, channel: str, external_id: str) -> User | None:
        row = await self.db.fetch_one(
            "SELECT * FROM users WHERE channel = ? AND external_id = ?", (channel, external_id)
        )
        return _user(row) if row else None

    async def save_commune(self, user_id: int, commune_id: str, *, subscribe: bool) -> None:
        """A user's own choice of commune. An officer's commune is the reach of their role
        and only changes with a new grant (:meth:`save_role`), never here."""
        await self.db.execute(
            "UPDATE users SET commune_id = ?,"
            " subscribed = CASE WHEN ? = 1 THEN 1 ELSE subscribed END"
            " WHERE id = ? AND (role != 'officer' OR commune_id IS NULL OR commune_id = ?)",
            (commune_id, int(subscribe), user_id, commune_id),
        )

    async def save_subscribed(self, user_id: int, subscribed: bool) -> None:
        await self.db.execute(
            "UPDATE users SET subscribed = ? WHERE id = ?", (int(subscribed), user_id)
        )

    async def save_blocked(self, user_id: int, blocked: bool) -> None:
        await self.db.execute("UPDATE users SET blocked = ? WHERE id = ?", (int(blocked), user_id))

    async def save_role(self, user_id: int, role: Role, commune_id: str | None = None) -> None:
        await self.db.execute(
            "UPDATE users SET role = ?, commune_id = COALESCE(?, commune_id) WHERE id = ?",
            (role.value, commune_id, user_id),
        )

    async def get_session(self, user_id: int) -> Session:
        row = await self.db.fetch_one(
            "SELECT mode, data FROM sessions WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return Session(Mode.IDLE, {})
        return Session(row["mode"], json.loads(row["data"]))

    async def save_session(
        self, user_id: int, mode: str, data: dict[str, Any] | None = None
    ) -> None:
        await self.db.execute(
            "INSERT INTO sessions (user_id, mode, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (user_id, mode, json.dumps(data or {}, ensure_ascii=False), utcnow()),
        )
