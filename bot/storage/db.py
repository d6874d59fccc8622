"""The SQLite database: one file in WAL mode, numbered migrations, and group-committed writes.

Owns the connections, the PRAGMAs, the migration runner and the write lock. Repositories
(``bot/storage/*.py``) build on :class:`Database`; nothing outside ``bot/storage`` writes SQL.

Each applied migration is recorded with the SHA-256 of its file (from 0007 on, which adds
the column; older rows are filled in then). A database whose recorded checksum no longer
matches its file refuses to open (:class:`MigrationChanged`, naming the file): a shipped
migration is never edited, a new number is added instead.

Writes run one at a time under one asyncio lock, each in its own savepoint, so a
multi-statement :meth:`Database.transaction` of one task never swallows another task's
statement and a failing one undoes only its own. Concurrent writers share one COMMIT (one
fsync with ``synchronous=FULL``); each write is on disk before the awaiting handler can
send its reply.

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
import contextlib
import hashlib
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

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


class _Batch:
    """The writes of several handlers that one COMMIT (one fsync) makes durable."""

    def __init__(self) -> None:
        self.committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()


class Database:
    """One writer connection with group commit, a few read connections. Build with :meth:`open`.

    Each write (one statement, or a :meth:`transaction` block) runs as a SAVEPOINT inside the
    writer's open transaction, one at a time under the write lock, so a read-modify-write in
    a transaction stays atomic and a failing handler rolls back only its own savepoint. The
    first write of a batch schedules its COMMIT behind the writes already queued on the lock:
    one commit (one fsync with ``synchronous=FULL``) serves all of them, and each write
    returns only once its batch is committed. Reads outside a transaction use a small pool
    of read connections (WAL readers never wait behind the writer); reads inside one use
    the writer, so they see the transaction's own writes.
    """

    READERS = 3

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._in_tx: asyncio.Task[Any] | None = None
        self._batch: _Batch | None = None
        self._commit_task: asyncio.Task[None] | None = None
        self._readers: asyncio.Queue[aiosqlite.Connection] | None = None
        self._all_readers: list[aiosqlite.Connection] = []
        self._readers_lock = asyncio.Lock()
        self._units = 0
        self.path = path

    @classmethod
    async def open(cls, path: str | Path, *, migrations: Path = MIGRATIONS_DIR) -> Database:
        """Open (creating folders), set WAL and foreign keys, and apply pending migrations."""
        target = str(path)
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(target, isolation_level=None)
        conn.row_factory = sqlite3.Row
        await conn.execute("PRAGMA journal_mode=WAL")
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
        await self._flush()
        async with self._lock:
            await self._conn.close()
        for reader in self._all_readers:
            await reader.close()
        self._all_readers.clear()

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

    # -- writes: savepoints in a shared transaction, one commit per batch -------------------

    @asynccontextmanager
    async def _unit(self, savepoint: bool = True) -> AsyncIterator[None]:
        """One handler's writes: a savepoint in the batch; on exit, wait for the commit.
        A single statement needs no savepoint: SQLite undoes a failed statement by itself."""
        async with self._lock:
            if self._batch is None:
                await self._conn.execute("BEGIN IMMEDIATE")
                self._batch = _Batch()
                self._schedule_commit()
            batch = self._batch
            self._units += 1
            name = f"unit{self._units}"
            if savepoint:
                await self._conn.execute(f"SAVEPOINT {name}")
            self._in_tx = asyncio.current_task()
            try:
                yield
            except BaseException:
                if savepoint:
                    await self._conn.execute(f"ROLLBACK TO {name}")
                    await self._conn.execute(f"RELEASE {name}")
                raise
            else:
                if savepoint:
                    await self._conn.execute(f"RELEASE {name}")
            finally:
                self._in_tx = None
        await asyncio.shield(batch.committed)  # durable before the handler may reply

    def _schedule_commit(self) -> None:
        if self._commit_task is None or self._commit_task.done():
            self._commit_task = asyncio.create_task(self._commit(), name="db-group-commit")

    async def _commit(self) -> None:
        """Commit the open batch once the writes queued before this task have run."""
        async with self._lock:
            batch, self._batch = self._batch, None
            if batch is None:
                return
            try:
                await self._conn.execute("COMMIT")
            except BaseException as error:
                with contextlib.suppress(Exception):
                    await self._conn.execute("ROLLBACK")
                if not batch.committed.done():
                    batch.committed.set_exception(
                        error if isinstance(error, Exception) else RuntimeError("cancelled")
                    )
                    batch.committed.exception()  # retrieved: each writer re-raises it
                if not isinstance(error, Exception):
                    raise
            else:
                batch.committed.set_result(None)

    async def _flush(self) -> None:
        while self._commit_task is not None and not self._commit_task.done():
            await asyncio.shield(self._commit_task)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return lastrowid (inserts) or the row count. Returns once the
        statement is committed (or, inside :meth:`transaction`, with the transaction)."""
        if self._owns_tx():
            return await self._run(sql, params)
        if not self._lock.locked() and self._batch is None:
            async with self._lock:  # nobody else is writing: commit on its own, at once
                if self._batch is None:
                    return await self._run(sql, params)
        async with self._unit(savepoint=False):
            result = await self._run(sql, params)
        return result

    async def _run(self, sql: str, params: Params) -> int:
        cur = await self._conn.execute(sql, params)
        result = cur.lastrowid if sql.lstrip().upper().startswith("INSERT") else cur.rowcount
        await cur.close()
        return int(result or 0)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        if self._owns_tx():
            await self._conn.executemany(sql, rows)
            return
        async with self._unit():
            await self._conn.executemany(sql, rows)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """``async with db.transaction():`` — statements inside commit together or not at all;
        nobody else writes in between (read-modify-write is safe). Leaving the block waits
        until the writes are durable."""
        if self._owns_tx():
            yield self
            return
        async with self._unit():
            yield self

    # -- reads: a small pool of WAL readers, the writer inside a transaction ---------------

    @asynccontextmanager
    async def _reader(self) -> AsyncIterator[aiosqlite.Connection]:
        if self._owns_tx() or self.path == ":memory:":
            async with self._lock if not self._owns_tx() else contextlib.nullcontext():
                yield self._conn
            return
        if self._readers is None:
            async with self._readers_lock:
                if self._readers is None:
                    readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
                    for _ in range(self.READERS):
                        reader = await aiosqlite.connect(self.path, isolation_level=None)
                        reader.row_factory = sqlite3.Row
                        await reader.execute("PRAGMA busy_timeout=5000")
                        await reader.execute("PRAGMA query_only=ON")
                        await reader.execute("PRAGMA foreign_keys=ON")
                        self._all_readers.append(reader)
                        readers.put_nowait(reader)
                    self._readers = readers
        reader = await self._readers.get()
        try:
            yield reader
        finally:
            self._readers.put_nowait(reader)

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        async with self._reader() as conn, conn.execute(sql, params) as cur:
            row: sqlite3.Row | None = await cur.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        async with self._reader() as conn, conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def integrity_check(self) -> str:
        row = await self.fetch_one("PRAGMA integrity_check")
        return str(row[0]) if row else "no answer"
