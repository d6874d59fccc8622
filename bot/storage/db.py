"""The SQLite database: one file in WAL mode, numbered migrations, and serialised writes.

Owns the connection, the PRAGMAs, the migration runner and the write lock. Repositories
(``bot/storage/*.py``) build on :class:`Database`; nothing outside ``bot/storage`` writes SQL.

Each applied migration is recorded with the SHA-256 of its file (from 0007 on, which adds
the column; older rows are filled in then). A database whose recorded checksum no longer
matches its file refuses to open (:class:`MigrationChanged`, naming the file): a shipped
migration is never edited, a new number is added instead.

Every statement runs under one asyncio lock, so a multi-statement :meth:`Database.transaction`
of one task never swallows another task's statement. Each write is committed (and, with
``synchronous=FULL``, on disk) before the awaiting handler can send its reply.

>>> import asyncio
>>> async def demo() -> int:
...     db = await Database.open(":memory:")
...     row = await db.fetch_one("SELECT count(*) AS n FROM schema_migrations")
...     await db.close()
...     return int(row["n"]) if row else 0
>>> asyncio.run(demo()) >= 1
True
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.private import make_private, private_file

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | dict[str, Any]


def utcnow() -> str:
    """Current UTC time as ISO-8601 text with seconds (how every timestamp is stored)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class MigrationChanged(RuntimeError):
    """A migration recorded as applied differs from its file now (edited or renamed)."""

    def __init__(self, path: Path, recorded_name: str, recorded: str | None, now: str) -> None:
        self.path = path
        if recorded_name != path.name:
            how = f"đã chạy với tên {recorded_name}, nay đổi tên thành {path.name}"
        else:
            how = f"đã bị sửa sau khi chạy (sha256 lúc chạy {recorded}, bây giờ {now})"
        super().__init__(
            f"Không khởi động: migration {path} {how}. Không được sửa migration đã chạy:"
            " khôi phục tệp (git checkout) và đưa thay đổi vào một migration mới, số tiếp theo."
        )


def checksum(path: Path) -> str:
    """SHA-256 of a migration file, with line endings read as LF (a checkout on Windows
    does not count as an edit)."""
    text = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()


def migration_files(folder: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    """The numbered ``NNNN_name.sql`` files in order; a duplicate number is an error."""
    found: dict[int, Path] = {}
    for path in sorted(folder.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise ValueError(f"bad migration file name: {path.name}")
        number = int(match.group(1))
        if number in found:
            raise ValueError(f"two migrations numbered {number}: {found[number].name}, {path.name}")
        found[number] = path
    return sorted(found.items())


class Database:
    """One aiosqlite connection with serialised access. Build with :meth:`open`."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._in_tx: asyncio.Task[Any] | None = None
        self._savepoints = 0
        self.path = path

    @classmethod
    async def open(cls, path: str | Path, *, migrations: Path = MIGRATIONS_DIR) -> Database:
        """Open (creating folders), set WAL and foreign keys, and apply pending migrations."""
        target = str(path)
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
        done = await self._applied()
        for number, path in files:
            if number in done:
                name, recorded = done[number]
                now = checksum(path)
                if name != path.name.replace("'", "") or recorded not in (None, now):
                    raise MigrationChanged(path, name, recorded, now)
        for number, path in files:
            if number in done:
                continue
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
        """Run one statement; return lastrowid (inserts) or the row count."""
        async with self._access():
            cur = await self._conn.execute(sql, params)
            result = cur.lastrowid if sql.lstrip().upper().startswith("INSERT") else cur.rowcount
            await cur.close()
            return int(result or 0)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self._access():
            await self._conn.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        async with self._access(), self._conn.execute(sql, params) as cur:
            row: sqlite3.Row | None = await cur.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        async with self._access(), self._conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """``async with db.transaction():`` — statements inside commit together or not at all.

        Inside another transaction of the same task it is a savepoint: an exception rolls
        back what this block wrote and propagates; the outer transaction goes on."""
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
