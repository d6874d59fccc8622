"""Leases: a named right that one holder has until it expires (one sender per channel).

Owns the ``leases`` table. :meth:`LeaseRepo.acquire` renews a lease its holder already has,
takes a free or expired one (or one whose holder the caller knows is dead), and otherwise
says who has it. Only the grant that *took* a lease (``Grant.fresh``) may clean up what a
previous holder left behind. One transaction per call, in the SQL SQLite and PostgreSQL
share; times are UTC ISO-8601 text with microseconds, compared as text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.storage.db import Database
from bot.storage.outbox import now_iso


@dataclass(frozen=True)
class Grant:
    """The answer to :meth:`LeaseRepo.acquire`."""

    held: bool  # the caller holds the lease now
    fresh: bool  # ... and did not hold it just before (taken free, expired or from the dead)
    holder: str  # who holds it now
    previous: str | None = None  # whom it was taken from (expired or dead), if anyone


class LeaseRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def acquire(
        self,
        name: str,
        holder: str,
        ttl: float,
        *,
        dead: Callable[[str], bool] = lambda holder: False,
        now: datetime | None = None,
    ) -> Grant:
        """Hold ``name`` for ``ttl`` more seconds if it is free, ours, expired, or held by
        someone ``dead`` says is gone."""
        moment = now or datetime.now(UTC)
        start, until = now_iso(moment), now_iso(moment + timedelta(seconds=ttl))
        async with self.db.transaction():
            # (PostgreSQL: the row stays locked to the commit, so two workers never both
            # take an expired lease; a second insert of a new name changes nothing)
            row = await self.db.fetch_one(
                "SELECT holder, expires_at FROM leases WHERE name = ?" + self.db.dialect.for_update,
                (name,),
            )
            if row is None:
                inserted = await self.db.execute(
                    "INSERT INTO leases (name, holder, acquired_at, expires_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                    (name, holder, start, until),
                )
                if inserted == 0:
                    return Grant(False, False, await self.get_holder(name) or "")
                return Grant(True, True, holder)
            current = str(row["holder"])
            if current == holder:
                await self.db.execute(
                    "UPDATE leases SET expires_at = ? WHERE name = ?", (until, name)
                )
                return Grant(True, False, holder)
            if str(row["expires_at"]) > start and not dead(current):
                return Grant(False, False, current)
            await self.db.execute(
                "UPDATE leases SET holder = ?, acquired_at = ?, expires_at = ? WHERE name = ?",
                (holder, start, until, name),
            )
            return Grant(True, True, holder, previous=current)

    async def release(self, name: str, holder: str) -> bool:
        """Give the lease up (only its holder can); True when it was ours."""
        return (
            await self.db.execute(
                "DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder)
            )
            == 1
        )

    async def get_holder(self, name: str) -> str | None:
        row = await self.db.fetch_one("SELECT holder FROM leases WHERE name = ?", (name,))
        return str(row["holder"]) if row is not None else None
