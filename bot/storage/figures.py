"""Figures for officers: counts over users, announcements and (when present) applications.

Owns the read-only aggregate queries behind "Thống kê". Every query takes the commune it
is about (None with ``every_commune`` for admins); nothing here decides who may ask.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.db import Database


@dataclass(frozen=True)
class People:
    users: int
    subscribed: int
    blocked: int


class FiguresRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def people(self, commune_id: str | None) -> People:
        """Users of a commune (None: of every commune), subscribed, and blocked the bot."""
        where, params = ("WHERE commune_id = ?", (commune_id,)) if commune_id else ("", ())
        row = await self.db.fetch_one(
            "SELECT count(*) AS users, coalesce(sum(subscribed), 0) AS subscribed,"
            f" coalesce(sum(blocked), 0) AS blocked FROM users {where}",
            params,
        )
        assert row is not None
        return People(int(row["users"]), int(row["subscribed"]), int(row["blocked"]))
