"""Copying a SQLite database into an empty PostgreSQL one (``ocop-bot migrate-to-postgres``).

Owns the copy: both databases are opened through :meth:`Database.open`, so each is at the
newest migration first (the same tables and columns on both). The PostgreSQL database must
hold no data yet (only what its migrations wrote: those rows are replaced). Tables are
copied parents first (by their foreign keys), in batches, in **one transaction**: a failure
leaves the PostgreSQL database as it was. Its triggers are off during the copy (rows come
with their ids and history as they are), the identity sequences are moved past the highest
id copied, and at the end every table's row count is compared on both sides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.storage.db import Database

BATCH = 2000
SKIP = {"schema_migrations", "sqlite_sequence"}


@dataclass(frozen=True)
class Copied:
    table: str
    sqlite_rows: int
    postgres_rows: int

    @property
    def ok(self) -> bool:
        return self.sqlite_rows == self.postgres_rows


class NotEmpty(RuntimeError):
    """The PostgreSQL database already holds data."""


async def tables_in_order(sqlite: Database) -> list[str]:
    """The SQLite tables, each after the tables its foreign keys point at."""
    rows = await sqlite.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    names = sorted(str(r[0]) for r in rows if str(r[0]) not in SKIP)
    parents: dict[str, set[str]] = {}
    for name in names:
        keys = await sqlite.fetch_all(f"PRAGMA foreign_key_list({name})")
        parents[name] = {str(k["table"]) for k in keys} - {name}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:  # a cycle: not in this schema; copy the rest as they come
            ready = [n for n in names if n not in ordered]
        ordered.extend(ready)
    return ordered


async def _count(db: Database, table: str) -> int:
    row = await db.fetch_one(f"SELECT count(*) FROM {table}")
    return int(row[0]) if row else 0


async def copy_all(
    sqlite: Database, postgres: Database, progress: Callable[[str, int], None] | None = None
) -> list[Copied]:
    """Copy every table (see the module docstring); the row counts of both sides."""
    if sqlite.is_postgres or not postgres.is_postgres:
        raise ValueError("copy_all copies a SQLite database into a PostgreSQL one")
    tables = await tables_in_order(sqlite)
    if await _count(postgres, "users") or await _count(postgres, "applications"):
        raise NotEmpty(postgres.path)
    async with postgres.transaction():
        for table in reversed(tables):
            await postgres.execute(f"DELETE FROM {table}")
        for table in tables:
            await postgres.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            columns = [
                str(c["name"]) for c in await sqlite.fetch_all(f"PRAGMA table_info({table})")
            ]
            names = ", ".join(columns)
            marks = ", ".join("?" * len(columns))
            insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            offset = 0
            while True:
                rows = await sqlite.fetch_all(
                    f"SELECT {names} FROM {table} ORDER BY rowid LIMIT ? OFFSET ?",
                    (BATCH, offset),
                )
                if not rows:
                    break
                width = range(len(columns))
                await postgres.execute_many(insert, [tuple(row[i] for i in width) for row in rows])
                offset += len(rows)
                if progress is not None:
                    progress(table, offset)
            await postgres.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            if "id" in columns:
                await postgres.fetch_one(
                    "SELECT setval(pg_get_serial_sequence(?, 'id'),"
                    f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                    " WHERE pg_get_serial_sequence(?, 'id') IS NOT NULL",
                    (table, table),
                )
    return [Copied(t, await _count(sqlite, t), await _count(postgres, t)) for t in tables]
