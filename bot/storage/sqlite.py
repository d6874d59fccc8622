"""The SQLite engine: one file in WAL mode, numbered migrations, and group commit.

Owns the ``sqlite3`` connection, the PRAGMAs, applying SQLite's migrations, the write lock
and the commits. PostgreSQL (:mod:`bot.storage.postgres`) commits each transaction on its
own; everything below is SQLite's.

**Group commit.** Every statement runs under one asyncio lock (first come, first served),
so a multi-statement :meth:`SqliteDatabase.transaction` of one task never swallows another
task's statement, and concurrent handlers run one after another in a fixed order — there
is no second connection and no read pool, so a race between two users is decided by who
came first, not by the timing of threads. A transaction is a savepoint inside one open
SQLite transaction that the writers of the moment share: when it ends, its writes are
released into that shared transaction and the lock goes to the next writer; a failing one
rolls back to its savepoint (its own writes only). Once the writers that were waiting have
had their turn (at most :data:`MAX_GROUP`; the tasks they woke get one turn of the loop
to join), one ``COMMIT`` — one ``fsync`` with
``synchronous=FULL`` — makes all of them durable, and only then does each one's
``transaction()`` (or single write) return. So every write is on disk, power cut included,
before the awaiting handler can send its reply, yet one fsync serves every handler that was
waiting.

Statements run on the event loop's thread (a statement on this local file takes
microseconds; a hop to a worker thread per statement cost far more on a busy machine);
only what waits on the disk or on another process — opening and migrating, the ``COMMIT``,
and ``BEGIN IMMEDIATE`` when another process holds the write lock — runs in a worker
thread. A read outside a transaction may see the writes of the group being committed
(milliseconds before they are durable); a reply never depends on that alone, because the
handler's own transaction commits in the same group or a later one.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.private import make_private, private_file
from bot.storage.db import Database, Params, Row, check_applied, checksum, migration_files, utcnow
from bot.storage.dialect import SQLITE

BUSY_TIMEOUT_MS = 5000
MAX_GROUP = 32  # writers per COMMIT at most (the write lock is held until it)
_READS = frozenset({"SELECT", "WITH", "VALUES", "EXPLAIN"})
_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"})


def _first_word(sql: str) -> str:
    return sql.lstrip()[:8].split(None, 1)[0].upper() if sql.strip() else ""


class SqliteDatabase(Database):
    """One SQLite connection with serialised access and group commit. Build with
    :meth:`Database.open`."""

    dialect = SQLITE

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._in_tx: asyncio.Task[Any] | None = None
        self._savepoints = 0
        self._group: list[asyncio.Future[None]] = []  # released writers awaiting the COMMIT
        self._flusher: asyncio.Task[None] | None = None
        self._disk = ThreadPoolExecutor(1, thread_name_prefix="sqlite-commit")
        self._closed = False
        self.path = path
        self.commits = 0  # COMMITs of a group (each one fsync with synchronous=FULL)
        self.committed = 0  # writers made durable by them

    @classmethod
    async def connect(cls, target: str, *, migrations: Path) -> SqliteDatabase:
        """Open (creating folders), set WAL and foreign keys, and apply pending migrations."""
        if target != ":memory:":
            private_file(Path(target))  # 0600, folders 0700; SQLite gives -wal/-shm its mode
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        db = cls(conn, target)
        try:  # in the worker thread: a migration may wait for another process's write lock
            await asyncio.get_running_loop().run_in_executor(db._disk, db._setup, migrations)
        except BaseException:
            conn.close()
            db._disk.shutdown(wait=False)
            raise
        return db

    def _setup(self, migrations: Path) -> None:
        conn = self._conn
        conn.execute("PRAGMA journal_mode=WAL")
        if self.path != ":memory:":
            make_private(*(Path(self.path + suffix) for suffix in ("-wal", "-shm")))
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._migrate(migrations)

    async def close(self) -> None:
        """Commit what is waiting, then close the connection."""
        async with self._lock:
            if self._closed:
                return
            await self._commit_group()
            self._closed = True
            self._conn.close()
        self._disk.shutdown(wait=True)

    def _migrate(self, folder: Path) -> None:
        """Check what was applied against the files, apply what is new, record checksums."""
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        files = migration_files(folder)
        for number, path in check_applied(files, self._applied()):
            sql = path.read_text(encoding="utf-8")
            name = path.name.replace("'", "")
            self._conn.executescript(
                "BEGIN IMMEDIATE;\n"
                f"{sql}\n;"
                f"INSERT INTO schema_migrations(version, name, applied_at) "
                f"VALUES ({number}, '{name}', '{utcnow()}');\n"
                "COMMIT;"
            )
        if self._has_checksums():
            self._conn.executemany(
                "UPDATE schema_migrations SET checksum = ? WHERE version = ? AND checksum IS NULL",
                [(checksum(path), number) for number, path in files],
            )

    def _has_checksums(self) -> bool:
        """Whether ``schema_migrations`` has its checksum column yet (added by 0007)."""
        rows = self._conn.execute("PRAGMA table_info(schema_migrations)").fetchall()
        return any(row[1] == "checksum" for row in rows)

    def _applied(self) -> dict[int, tuple[str, str | None]]:
        """Applied migrations: number → (file name, checksum or None when not recorded)."""
        column = "checksum" if self._has_checksums() else "NULL"
        rows = self._conn.execute(f"SELECT version, name, {column} FROM schema_migrations")
        return {int(row[0]): (str(row[1]), row[2]) for row in rows.fetchall()}

    # -- statements ------------------------------------------------------------------------

    def _owns_tx(self) -> bool:
        return self._in_tx is not None and self._in_tx is asyncio.current_task()

    @asynccontextmanager
    async def _access(self, sql: str) -> AsyncIterator[None]:
        """Run ``sql`` in the right place: inside the caller's transaction; a write outside
        one as a transaction of its own (durable on return); anything else under the lock
        (a schema or PRAGMA statement after the waiting group is committed)."""
        if self._owns_tx():
            yield
            return
        word = _first_word(sql)
        if word in _WRITES:
            async with self.transaction():
                yield
            return
        async with self._lock:
            if word not in _READS:
                await self._commit_group()
            yield

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._access(sql):
            cur = self._conn.execute(sql, params)
            try:
                return int(cur.rowcount or 0)
            finally:
                cur.close()

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self._access(sql):
            self._conn.executemany(sql, rows).close()

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self._access(sql):  # an INSERT … RETURNING is a write: durable on return
            cur = self._conn.execute(sql, params)
            try:
                row: sqlite3.Row | None = cur.fetchone()
                return row
            finally:
                cur.close()

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._access(sql):
            cur = self._conn.execute(sql, params)
            try:
                return list(cur.fetchall())
            finally:
                cur.close()

    # -- transactions and the group commit -------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """Statements inside commit together or not at all, and are on disk when the block
        has ended (see the module docstring); nested, a savepoint."""
        if self._owns_tx():
            self._savepoints += 1
            name = f"sp{self._savepoints}"
            self._conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                self._undo(name)
                raise
            else:
                self._conn.execute(f"RELEASE {name}")
            return
        durable: asyncio.Future[None] | None = None
        async with self._lock:
            self._in_tx = asyncio.current_task()
            try:
                await self._begin()
                self._conn.execute("SAVEPOINT writer")
                try:
                    yield self
                except BaseException:
                    self._undo("writer")
                    raise
                self._conn.execute("RELEASE writer")
                durable = asyncio.get_running_loop().create_future()
                self._group.append(durable)
                if len(self._group) >= MAX_GROUP:  # bound how long the write lock is held
                    await self._commit_group()
            finally:
                self._in_tx = None
                self._after_writer()
        assert durable is not None
        await durable

    def _undo(self, savepoint: str) -> None:
        """Roll back to ``savepoint`` (a failed block's own writes); if SQLite already rolled
        back the whole transaction (an I/O error, a full disk), fail the group with it."""
        if self._conn.in_transaction:
            self._conn.execute(f"ROLLBACK TO {savepoint}")
            self._conn.execute(f"RELEASE {savepoint}")
        else:
            self._fail_group(sqlite3.OperationalError("the transaction was rolled back"))

    async def _begin(self) -> None:
        """Open the group's transaction if none is open (the lock is held)."""
        if self._conn.in_transaction:
            return
        self._conn.execute("PRAGMA busy_timeout=0")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError:  # another process writes: wait for it off the loop
            pass
        finally:
            self._conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        await self._off_loop("BEGIN IMMEDIATE")

    def _after_writer(self) -> None:
        """A writer left the lock: commit once the writers already waiting had their turn."""
        if not self._group:
            if self._conn.in_transaction:  # nothing released into it: close it at once
                self._conn.execute("ROLLBACK")
            return
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="sqlite-group-commit")

    async def _flush(self) -> None:
        # One turn of the loop first: the tasks this group's writers made ready (the
        # dispatcher woken by an inbox insert) reach the lock before this one, so an update's
        # handling joins the COMMIT of its insert instead of waiting for it and paying its own.
        await asyncio.sleep(0)
        async with self._lock:  # queued behind the writers waiting now: they join the group
            with contextlib.suppress(Exception):  # its writers were given the error
                await self._commit_group()

    async def _commit_group(self) -> None:
        """COMMIT the open transaction (one fsync) and release its writers (lock held)."""
        group, self._group = self._group, []
        if self._closed or not self._conn.in_transaction:
            _settle(group, None)
            return
        try:
            await self._off_loop("COMMIT")
        except Exception as error:  # nothing of the group is on disk
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            _settle(group, error)
            raise
        except BaseException:  # cancelled while the COMMIT ran: it has finished by now
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
                _settle(group, sqlite3.OperationalError("the commit was interrupted"))
            else:
                _settle(group, None)
            raise
        self.commits += 1
        self.committed += len(group)
        _settle(group, None)

    def _fail_group(self, error: Exception) -> None:
        group, self._group = self._group, []
        _settle(group, error)

    async def _off_loop(self, sql: str) -> None:
        """Run a statement that waits on the disk or another process in the worker thread;
        never touch the connection while it runs, even if the caller is cancelled."""
        job = asyncio.get_running_loop().run_in_executor(self._disk, self._conn.execute, sql)
        try:
            await asyncio.shield(job)
        except asyncio.CancelledError:
            await asyncio.wait([job])
            raise

    async def integrity_check(self) -> str:
        row = await self.fetch_one("PRAGMA integrity_check")
        return str(row[0]) if row else "no answer"


def _settle(group: list[asyncio.Future[None]], error: Exception | None) -> None:
    """Tell a group's writers that their writes are durable (or why they are not)."""
    for durable in group:
        if durable.done():
            continue
        if error is None:
            durable.set_result(None)
        else:
            durable.set_exception(error)
