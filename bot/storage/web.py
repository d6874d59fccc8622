"""Officer web logins: one-time login links and browser sessions (migration 0012).

Owns the ``web_login_links`` and ``web_sessions`` tables. Tokens and session ids are random
(``secrets``) and only their SHA-256 is stored. A link is used at most once, checked and
marked in one transaction (two browsers racing with one link cannot both win). A change of a
user's role or commune ends their sessions in the database itself (a trigger of 0012).

>>> import asyncio
>>> from bot.storage.users import UserRepo
>>> async def demo() -> list[object]:
...     db = await Database.open(":memory:")
...     user, _ = await UserRepo(db).touch("test", "1", "Lan")
...     repo = WebAuthRepo(db)
...     token = await repo.create_login(user.id, timedelta(minutes=10))
...     first = await repo.redeem_login(token)
...     second = await repo.redeem_login(token)
...     await db.close()
...     return [first.user_id == user.id, second.error]
>>> asyncio.run(demo())
[True, <LoginError.USED: 'used'>]
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.storage.db import Database, Row


class LoginError(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class LoginCheck:
    """What a login link is worth: its user, or why not."""

    user_id: int | None = None
    error: LoginError | None = None


@dataclass(frozen=True)
class WebSession:
    user_id: int
    csrf: str
    expires_at: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


class WebAuthRepo:
    """create_/redeem_ login links, create_/get_/delete_ sessions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def create_login(
        self, user_id: int, ttl: timedelta, *, now: datetime | None = None
    ) -> str:
        """A new one-time login token for ``user_id`` (only its hash is stored)."""
        moment = now or datetime.now(UTC)
        token = secrets.token_urlsafe(32)
        await self.db.execute(
            "INSERT INTO web_login_links (token_hash, user_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (_hash(token), user_id, _iso(moment), _iso(moment + ttl)),
        )
        return token

    async def check_login(self, token: str, *, now: datetime | None = None) -> LoginCheck:
        """What ``token`` would give, without using it (the confirmation page)."""
        row = await self.db.fetch_one(
            "SELECT user_id, expires_at, used_at FROM web_login_links WHERE token_hash = ?",
            (_hash(token),),
        )
        return self._verdict(row, _iso(now or datetime.now(UTC)))

    async def redeem_login(self, token: str, *, now: datetime | None = None) -> LoginCheck:
        """Use ``token`` once: its user, or why it cannot be used."""
        moment = _iso(now or datetime.now(UTC))
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "SELECT id, user_id, expires_at, used_at FROM web_login_links WHERE token_hash = ?",
                (_hash(token),),
            )
            verdict = self._verdict(row, moment)
            if verdict.error is None and row is not None:
                await self.db.execute(
                    "UPDATE web_login_links SET used_at = ? WHERE id = ?", (moment, row["id"])
                )
        return verdict

    @staticmethod
    def _verdict(row: Row | None, moment: str) -> LoginCheck:
        if row is None:
            return LoginCheck(error=LoginError.UNKNOWN)
        if row["used_at"] is not None:
            return LoginCheck(error=LoginError.USED)
        if row["expires_at"] <= moment:
            return LoginCheck(error=LoginError.EXPIRED)
        return LoginCheck(user_id=int(row["user_id"]))

    async def create_session(
        self, user_id: int, ttl: timedelta, *, now: datetime | None = None
    ) -> tuple[str, WebSession]:
        """A new session: ``(id for the cookie, session)``; expired ones are swept first."""
        moment = now or datetime.now(UTC)
        session_id = secrets.token_urlsafe(32)
        session = WebSession(user_id, secrets.token_urlsafe(32), _iso(moment + ttl))
        async with self.db.transaction():
            await self.db.execute("DELETE FROM web_sessions WHERE expires_at <= ?", (_iso(moment),))
            await self.db.execute(
                "DELETE FROM web_login_links WHERE expires_at <= ?",
                (_iso(moment - timedelta(days=1)),),
            )
            await self.db.execute(
                "INSERT INTO web_sessions (id_hash, user_id, csrf, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (_hash(session_id), user_id, session.csrf, _iso(moment), session.expires_at),
            )
        return session_id, session

    async def get_session(
        self, session_id: str, *, now: datetime | None = None
    ) -> WebSession | None:
        """The live session with this id (None when unknown, ended or expired)."""
        row = await self.db.fetch_one(
            "SELECT user_id, csrf, expires_at FROM web_sessions"
            " WHERE id_hash = ? AND expires_at > ?",
            (_hash(session_id), _iso(now or datetime.now(UTC))),
        )
        if row is None:
            return None
        return WebSession(int(row["user_id"]), row["csrf"], row["expires_at"])

    async def delete_session(self, session_id: str) -> None:
        await self.db.execute("DELETE FROM web_sessions WHERE id_hash = ?", (_hash(session_id),))

    async def delete_sessions_of(self, user_id: int) -> int:
        """End every session of a user; returns how many there were."""
        return await self.db.execute("DELETE FROM web_sessions WHERE user_id = ?", (user_id,))
