"""The PostgreSQL engine (psycopg 3, async): the same statements as SQLite, several workers.

Owns the connection of one process, PostgreSQL's migrations (``migrations/postgres/``) and the
translation of each statement (:func:`bot.storage.dialect.to_pyformat`). Like the SQLite
engine it runs one statement at a time per process under an asyncio lock, and
:meth:`PostgresDatabase.transaction` holds it for the task (nested blocks are savepoints), so
repositories and the core behave the same on both. Several processes share the database
safely: what must not happen twice is guarded by the database itself (unique keys, row locks
with ``FOR UPDATE [SKIP LOCKED]``, leases), never by a process's memory.

Types: columns are the same as on SQLite (ISO text times, 0/1 integers for flags), so a
Python ``bool`` parameter is sent as an integer (PostgreSQL would not compare a boolean
with an integer column), and a ``str`` parameter loses any NUL character (PostgreSQL's
text cannot hold one). Migrations run in one transaction under an advisory lock, so
workers starting together apply each one once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.abc import Buffer
from psycopg.adapt import Dumper
from psycopg.pq import Format
from psycopg.rows import RowMaker
from psycopg.types.string import StrDumperUnknown

from bot.storage.db import Database, Params, Row, check_applied, checksum, migration_files, utcnow
from bot.storage.dialect import POSTGRES, to_pyformat

log = logging.getLogger(__name__)
MIGRATION_LOCK = 0x0C0B_0017  # the advisory lock key held while migrations are applied
INT8_OID = 20


class PgRow:
    """A row readable by column name or position, like ``sqlite3.Row``."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: dict[str, int], values: Sequence[Any]) -> None:
        self._names = names
        self._values = values

    def __getitem__(self, key: int | str, /) -> Any:
        if isinstance(key, str):
            return self._values[self._names[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._names)

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __repr__(self) -> str:
        return f"PgRow({dict(zip(self._names, self._values, strict=False))!r})"


def _rows(cursor: Any) -> RowMaker[PgRow]:
    names: dict[str, int] = {}
    for index, column in enumerate(cursor.description or ()):
        names.setdefault(column.name, index)

    def make(values: Sequence[Any]) -> PgRow:
        return PgRow(names, values)

    return make


class _BoolAsInt(Dumper):
    """``True``/``False`` as 1/0: flags are integer columns on both engines."""

    oid = INT8_OID
    format = Format.TEXT

    def dump(self, obj: Any) -> bytes:
        return b"1" if obj else b"0"


class _NulFreeStr(StrDumperUnknown):
    """Text without NUL characters: PostgreSQL's text cannot hold U+0000 (SQLite's can), and
    one in a name or an answer (a client may send it) must not fail the whole message. It
    is dropped: it shows nothing, and exports drop it too (XML cannot hold it)."""

    def dump(self, obj: str) -> Buffer | None:
        return super().dump(obj.replace("\x00", "") if "\x00" in obj else obj)


def safe_url(url: str) -> str:
    """The URL without its password (for logs and messages)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresDatabase(Database):
    """One psycopg async connection with serialised access. Build with :meth:`Database.open`."""

    dialect = POSTGRES

    def __init__(self, conn: psycopg.AsyncConnection[PgRow], url: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._in_tx: asyncio.Task[Any] | None = None
        self._savepoints = 0
        self.url = url
        self.path = safe_url(url)

    @staticmethod
    async def _new_connection(url: str) -> psycopg.AsyncConnection[PgRow]:
        conn = await psycopg.AsyncConnection.connect(url, autocommit=True, row_factory=_rows)
        conn.adapters.register_dumper(bool, _BoolAsInt)
        conn.adapters.register_dumper(str, _NulFreeStr)
        return conn

    @classmethod
    async def connect(cls, url: str, *, migrations: Path) -> PostgresDatabase:
        """Connect (autocommit: every statement outside :meth:`transaction` is its own)."""
        conn = await cls._new_connection(url)
        db = cls(conn, url)
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
        """Check what was applied against the files and apply what is new, in one transaction
        under an advisory lock (several workers may start at once)."""
        files = migration_files(folder)
        async with self.transaction():
            await self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            await self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                " name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT)"
            )
            cur = await self._conn.execute("SELECT version, name, checksum FROM schema_migrations")
            done = {int(r[0]): (str(r[1]), r[2]) for r in await cur.fetchall()}
            for number, path in check_applied(files, done):
                await self._conn.execute(path.read_text(encoding="utf-8").encode())
                await self._conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at, checksum)"
                    " VALUES (%s, %s, %s, %s)",
                    (number, path.name, utcnow(), checksum(path)),
                )

    def _owns_tx(self) -> bool:
        return self._in_tx is not None and self._in_tx is asyncio.current_task()

    async def _reconnect_if_lost(self) -> None:
        """A new connection when the server dropped ours (a restart, a fail-over). What
        failed is not retried — its caller sees the error (the inbox tries the update again);
        the locks of the old connection are gone with it: :attr:`reconnects` counts up, and
        the inbox claims its users again before it serves them (see docs/deploy.md)."""
        if self._conn.closed:
            log.warning("postgresql: connection lost; connecting again")
            self._conn = await self._new_connection(self.url)
            self.reconnects += 1

    @asynccontextmanager
    async def _access(self) -> AsyncIterator[None]:
        if self._owns_tx():
            yield
            return
        async with self._lock:
            await self._reconnect_if_lost()
            yield

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._access():
            cur = await self._conn.execute(to_pyformat(sql), params)
            return max(cur.rowcount, 0)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self._access(), self._conn.cursor() as cur:
            await cur.executemany(to_pyformat(sql), list(rows))

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self._access():
            cur = await self._conn.execute(to_pyformat(sql), params)
            return await cur.fetchone()

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._access():
            cur = await self._conn.execute(to_pyformat(sql), params)
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
                await self._conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                await self._conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                await self._conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        async with self._lock:
            await self._reconnect_if_lost()
            self._in_tx = asyncio.current_task()
            await self._conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                if not self._conn.closed:
                    await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")
            finally:
                self._in_tx = None

    async def try_lock(self, key: str) -> bool:
        """A session advisory lock on the key's 64-bit hash: held across transactions until
        :meth:`unlock`, and released by the server when this process dies."""
        row = await self.fetch_one("SELECT pg_try_advisory_lock(hashtextextended(?, 0))", (key,))
        return bool(row is not None and row[0])

    async def unlock(self, key: str) -> None:
        await self.execute("SELECT pg_advisory_unlock(hashtextextended(?, 0))", (key,))

    async def integrity_check(self) -> str:
        """PostgreSQL checks its pages itself (and ``pg_amcheck`` deeper); here: the server
        answers and every migration is applied."""
        row = await self.fetch_one("SELECT count(*) FROM schema_migrations")
        return "ok" if row is not None and int(row[0]) > 0 else "no migrations applied"
