"""Figures for officers: counts over users, announcement deliveries and applications.

Owns the read-only aggregate queries behind "Thống kê". Every query takes the commune it
is about (None with ``every_commune`` for admins); nothing here decides who may ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.storage.db import Database
from bot.storage.outbox import Counts


@dataclass(frozen=True)
class People:
    users: int
    subscribed: int
    blocked: int


class FiguresRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def people(self, commune_id: str | None) -> People:
        """Producers of a commune (None: of every commune), subscribed, and blocked the bot.
        Officers and admins are not counted: the figures are about the people served."""
        where, params = ("AND commune_id = ?", (commune_id,)) if commune_id else ("", ())
        row = await self.db.fetch_one(
            "SELECT count(*) AS users, coalesce(sum(subscribed), 0) AS subscribed,"
            f" coalesce(sum(blocked), 0) AS blocked FROM users WHERE role = 'producer' {where}",
            params,
        )
        assert row is not None
        return People(int(row["users"]), int(row["subscribed"]), int(row["blocked"]))

    async def delivery_totals(
        self, commune_id: str | None, *, every_commune: bool = False
    ) -> Counts:
        """Outbox rows of every announcement of a commune (or all), by status."""
        where = "" if every_commune else f"WHERE a.commune_id {self.db.dialect.same} ?"
        params: tuple[Any, ...] = () if every_commune else (commune_id,)
        rows = await self.db.fetch_all(
            "SELECT o.status, count(*) AS n FROM outbox o"
            f" JOIN announcements a ON a.id = o.announcement_id {where} GROUP BY o.status",
            params,
        )
        return Counts({r["status"]: int(r["n"]) for r in rows})


@dataclass(frozen=True)
class ApplicationFigures:
    by_status: dict[str, int]
    by_group: dict[str, int]
    started: int
    submitted: int


def _where(commune_id: str | None) -> tuple[str, tuple[object, ...]]:
    return ("WHERE a.commune_id = ?", (commune_id,)) if commune_id else ("", ())


class ApplicationFiguresRepo:
    """Counts over the registration tables (migration 0003)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def figures(self, commune_id: str | None) -> ApplicationFigures:
        """By status, by product group (value of the ``product_group`` answer, submitted
        at least once), and how many were started against how many were ever submitted."""
        where, params = _where(commune_id)
        by_status = {
            r["status"]: int(r["n"])
            for r in await self.db.fetch_all(
                f"SELECT a.status, count(*) AS n FROM applications a {where} GROUP BY a.status",
                params,
            )
        }
        joined = "AND" if where else "WHERE"
        by_group = {
            str(r["grp"]): int(r["n"])
            for r in await self.db.fetch_all(
                f"SELECT {self.db.dialect.json_text('v.value')} AS grp, count(*) AS n"
                " FROM applications a"
                " JOIN application_answers v ON v.application_id = a.id"
                f" AND v.field_id = 'product_group' {where} {joined} a.submitted_at IS NOT NULL"
                " AND v.value IS NOT NULL GROUP BY grp",
                params,
            )
        }
        row = await self.db.fetch_one(
            "SELECT count(*) AS started, count(a.submitted_at) AS submitted"
            f" FROM applications a {where}",
            params,
        )
        assert row is not None
        return ApplicationFigures(by_status, by_group, int(row["started"]), int(row["submitted"]))
