"""The SQLite engine: one file in WAL mode, numbered migrations, and serialised access.

Owns the aiosqlite connection, the PRAGMAs, applying SQLite's migrations and the write lock.
Every statement runs under one asyncio lock; :meth:`SqliteDatabase.transaction` holds it for
the task (``BEGIN IMMEDIATE``: the one writer), nested blocks are savepoints. Each write is
committed (and, with ``synchronous=FULL``, on disk) before the awaiting handler can reply.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.private import make_private, private_file
from bot.storage.db import Database, Params, Row, check_applied, checksum, migration_files, utcnow
from bot.storage.dialect import SQLITE


class SqliteDatabase(Database):
    """One aiosqlite connection with serialised access. Build with :meth:`Database.open`."""

    dialect = SQLITE

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._in_tx: asyncio.Task[Any] | None = None
        self._savepoints = 0
        self.path = path

    @classmethod
    async def connect(cls, target: str, *, migrations: Path) -> SqliteDatabase:
        """Open (creating folders), set WAL and foreign keys, and apply pending migrations."""
        if target != ":memory:":
            private_file(Path(target))  # 0600, folders 0700; SQLite gives -wal/-shm its mode
        conn = await aiosqlite.connect(target, isolation_level=None)
        conn.row_factory = sqlite3.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        if target != ":memory:":
            make_private(*(Path(target + suffix) for suffix in ("-wal", "-shm")))
        await conn.execute("PRAGMA synchronous=FULL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        db = cls(conn, target)
        try:
            await db._migrate(migrations)
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        async with self._lock:
            await self._conn.close()

    async def _migrate(self, folder: Path) -> None:
        """Check what was applied against the files, apply what is new, record checksums."""
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        files = migration_files(folder)
        for number, path in check_applied(files, await self._applied()):
            sql = path.read_text(encoding="utf-8")
            name = path.name.replace("'", "")
            await self._conn.executescript(
                "BEGIN IMMEDIATE;\n"
                f"{sql}\n;"
                f"INSERT INTO schema_migrations(version, name, applied_at) "
                f"VALUES ({number}, '{name}', '{utcnow()}');\n"
                "COMMIT;"
            )
        if await self._has_checksums():
            await self._conn.executemany(
                "UPDATE schema_migrations SET checksum = ? WHERE version = ? AND checksum IS NULL",
                [(checksum(path), number) for number, path in files],
            )

    async def _has_checksums(self) -> bool:
        """Whether ``schema_migrations`` has its checksum column yet (added by 0007)."""
        async with self._conn.execute("PRAGMA table_info(schema_migrations)") as cur:
            return any(row[1] == "checksum" for row in await cur.fetchall())

    async def _applied(self) -> dict[int, tuple[str, str | None]]:
        """Applied migrations: number → (file name, checksum or None when not recorded)."""
        column = "checksum" if await self._has_checksums() else "NULL"
        async with self._conn.execute(
            f"SELECT version, name, {column} FROM schema_migrations"
        ) as cur:
            return {int(row[0]): (str(row[1]), row[2]) for row in await cur.fetchall()}

    def _owns_tx(self) -> bool:
        return self._in_tx is not None and self._in_tx is asyncio.current_task()

    @asynccontextmanager
    async def _access(self) -> AsyncIterator[None]:
        if self._owns_tx():
            yield
            return
        async with self._lock:
            yield

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._access():
            cur = await self._conn.execute(sql, params)
            result = cur.rowcount
            await cur.close()
            return int(result or 0)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self._access():
            await self._conn.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self._access(), self._conn.execute(sql, params) as cur:
            row: sqlite3.Row | None = await cur.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._access(), self._conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        if self._owns_tx():
            self._savepoints += 1
            name = f"sp{self._savepoints}"
            await self._conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                await self._conn.execute(f"ROLLBACK TO {name}")
                await self._conn.execute(f"RELEASE {name}")
                raise
            else:
                await self._conn.execute(f"RELEASE {name}")
            return
        async with self._lock:
            self._in_tx = asyncio.current_task()
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")
            finally:
                self._in_tx = None

    async def integrity_check(self) -> str:
        row = await self.fetch_one("PRAGMA integrity_check")
        return str(row[0]) if row else "no answer"
