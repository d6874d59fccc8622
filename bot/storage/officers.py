"""Officers and their invites: who may act for which commune, and how they got there.

Owns the ``officer_invites`` table and the officer-facing queries of ``users`` (list,
grant, revoke). Invite codes are random, single-use and expiring; only their SHA-256 is
stored, so a copy of the database does not hand out officer rights.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.storage.db import Database, utcnow
from bot.storage.users import Role, User, UserRepo

INVITE_PREFIX = "inv_"


class InviteError(StrEnum):
    """Why an invite code was not accepted (each has its own Vietnamese reply)."""

    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Invite:
    code: str
    commune_id: str
    expires_at: str

    @property
    def payload(self) -> str:
        """The ``/start`` payload: ``inv_<code>`` (≤ 64 characters of ``A-Za-z0-9_-``)."""
        return f"{INVITE_PREFIX}{self.code}"


@dataclass(frozen=True)
class Redeemed:
    """Outcome of :meth:`OfficerRepo.redeem_invite`: the commune, or why not."""

    commune_id: str | None = None
    error: InviteError | None = None


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


class OfficerRepo:
    """get_/save_/list_ access to officers and invites."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.users = UserRepo(db)

    async def create_invite(
        self,
        commune_id: str,
        ttl: timedelta,
        *,
        created_by: str = "cli",
        now: datetime | None = None,
    ) -> Invite:
        """A new single-use code for ``commune_id`` valid for ``ttl``."""
        code = secrets.token_urlsafe(12)
        moment = now or datetime.now(UTC)
        expires = _iso(moment + ttl)
        await self.db.execute(
            "INSERT INTO officer_invites (code_hash, commune_id, created_at, expires_at,"
            " created_by) VALUES (?, ?, ?, ?, ?)",
            (_hash(code), commune_id, _iso(moment), expires, created_by),
        )
        return Invite(code, commune_id, expires)

    async def redeem_invite(
        self, code: str, user_id: int, *, now: datetime | None = None
    ) -> Redeemed:
        """Use ``code`` once: the user becomes an officer of the invite's commune.

        Checking and using the code is one transaction, so two people racing with the
        same code cannot both win. Admins keep their role and take the commune.
        """
        moment = _iso(now or datetime.now(UTC))
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "SELECT id, commune_id, expires_at, used_at FROM officer_invites"
                " WHERE code_hash = ?",
                (_hash(code),),
            )
            if row is None:
                return Redeemed(error=InviteError.UNKNOWN)
            if row["used_at"] is not None:
                return Redeemed(error=InviteError.USED)
            if row["expires_at"] <= moment:
                return Redeemed(error=InviteError.EXPIRED)
            await self.db.execute(
                "UPDATE officer_invites SET used_at = ?, used_by = ? WHERE id = ?",
                (moment, user_id, row["id"]),
            )
            await self.db.execute(
                "UPDATE users SET role = CASE WHEN role = 'admin' THEN 'admin' ELSE 'officer' END,"
                " commune_id = ? WHERE id = ?",
                (row["commune_id"], user_id),
            )
        return Redeemed(commune_id=str(row["commune_id"]))

    async def ensure_user(self, channel: str, external_id: str) -> User:
        """The user with this channel id, created when unknown — never seen writing, so
        ``last_seen_at`` stays empty until their first message."""
        await self.db.execute(
            "INSERT INTO users (channel, external_id, created_at, last_seen_at)"
            " VALUES (?, ?, ?, '') ON CONFLICT (channel, external_id) DO NOTHING",
            (channel, external_id, utcnow()),
        )
        user = await self.users.get_by_external(channel, external_id)
        assert user is not None
        return user

    async def save_officer(self, user_id: int, role: Role, commune_id: str | None) -> None:
        """Grant ``role`` (officer needs a commune; an admin's commune is optional)."""
        if role is Role.OFFICER and not commune_id:
            raise ValueError("an officer needs a commune")
        await self.users.save_role(user_id, role, commune_id)

    async def revoke(self, user_id: int) -> bool:
        """Back to producer; False when the user was not an officer or admin."""
        count = await self.db.execute(
            "UPDATE users SET role = 'producer' WHERE id = ? AND role != 'producer'", (user_id,)
        )
        return count > 0

    async def list_officers(self, commune_id: str | None = None) -> list[User]:
        """Officers and admins, of one commune (admins of every commune included) or all."""
        if commune_id is None:
            rows = await self.db.fetch_all(
                "SELECT * FROM users WHERE role != 'producer' ORDER BY commune_id, id"
            )
        else:
            rows = await self.db.fetch_all(
                "SELECT * FROM users WHERE (role = 'officer' AND commune_id = ?)"
                " OR role = 'admin' ORDER BY role DESC, id",
                (commune_id,),
            )
        return [await self._user(int(r["id"])) for r in rows]

    async def list_commune_officers(self, commune_id: str) -> list[User]:
        """Only the officers of ``commune_id`` (whom hand-offs from that commune reach)."""
        rows = await self.db.fetch_all(
            "SELECT id FROM users WHERE role = 'officer' AND commune_id = ? ORDER BY id",
            (commune_id,),
        )
        return [await self._user(int(r["id"])) for r in rows]

    async def _user(self, user_id: int) -> User:
        user = await self.users.get(user_id)
        assert user is not None
        return user
